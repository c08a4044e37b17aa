"""Let another department's system call the API with `Authorization: Api-Key <key>`."""

from __future__ import annotations

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from gongzhi.core.errors import ApplicationError
from gongzhi.exchange.services import department_key_authenticate
from gongzhi.people.provenance import act_for_department

KEYWORD = b"api-key"


class DepartmentKeyAuthentication(BaseAuthentication):
    """Authenticate as the key's service account, marked so that its writes name the key's department.

    `request.auth` is the DepartmentKey. A request without this header is left to the
    other authentication classes.
    """

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("请这样传入部门密钥：Authorization: Api-Key <密钥>。")
        try:
            raw = parts[1].decode()
        except UnicodeError:
            raise AuthenticationFailed("部门密钥无效。")
        try:
            key = department_key_authenticate(raw_key=raw)
        except ApplicationError as exc:
            raise AuthenticationFailed(exc.message, code=exc.code)
        # Each request loads its own user object, so the mark never outlives the request.
        act_for_department(key.user, key.department)
        return key.user, key

    def authenticate_header(self, request) -> str:
        return 'Api-Key realm="gongzhi"'
