"""Hotline transfer page: upload a file of 12345 / 12348 / 110 work orders, or download the template."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from gongzhi.core.errors import ApplicationError, ImportRejected
from gongzhi.core.spreadsheet import XLSX
from gongzhi.demands.forms import HotlineUploadForm
from gongzhi.demands.hotline import COLUMNS, SOURCES, hotline_import, template_bytes
from gongzhi.demands.views.common import can_use_channel


def _require_front_desk(user) -> None:
    if not can_use_channel(user, "hotline"):
        raise PermissionDenied("只有前台受理人员（社区工作者、街道/区/市干部）可以导入热线工单。")


@login_required
def hotline_page(request):
    _require_front_desk(request.user)
    result, errors, problem = None, [], ""
    if request.method == "POST":
        form = HotlineUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"upload{suffix}"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                try:
                    result = hotline_import(actor=request.user, path=path)
                except ImportRejected as exc:
                    problem, errors = exc.message, exc.errors
                except ApplicationError as exc:
                    problem = exc.message
        form = HotlineUploadForm() if result else form
    else:
        form = HotlineUploadForm()
    context = {
        "form": form,
        "result": result,
        "errors": errors,
        "problem": problem,
        "columns": COLUMNS,
        "sources": SOURCES,
    }
    return render(request, "demands/hotline.html", context, status=400 if problem else 200)


@login_required
def hotline_template(request):
    _require_front_desk(request.user)
    response = HttpResponse(template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "热线工单导入模板.xlsx")
    return response
