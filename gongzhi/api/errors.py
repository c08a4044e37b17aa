"""Map application errors and DRF errors to HTTP answers with a Chinese message."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from gongzhi.core.errors import ApplicationError, ImportRejected

MESSAGES = {
    status.HTTP_401_UNAUTHORIZED: "请先登录。",
    status.HTTP_403_FORBIDDEN: "没有权限执行此操作。",
    status.HTTP_404_NOT_FOUND: "未找到。",
    status.HTTP_405_METHOD_NOT_ALLOWED: "不支持此请求方法。",
}


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"code": exc.code, "detail": exc.message, **exc.extra}
        if isinstance(exc, ImportRejected):
            body["errors"] = [{"row": r, "column": c, "reason": m} for r, c, m in exc.errors]
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        return Response({"code": "not_found", "detail": MESSAGES[404]}, status=404)
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": "提交的数据有误，请检查后重试。",
            "errors": response.data,
        }
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.data = {"code": "not_authenticated", "detail": MESSAGES[401]}
    elif response.status_code in MESSAGES:
        response.data = {
            "code": getattr(exc, "default_code", "error"),
            "detail": MESSAGES[response.status_code],
        }
    return response
