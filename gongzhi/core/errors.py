"""One family of application errors; gongzhi.api.errors maps them to HTTP."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule was broken; `message` is for the user, in Chinese."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}


class NotFound(ApplicationError):
    code = "not_found"
    status = 404

    def __init__(self, message: str = "未找到。", **kw):
        super().__init__(message, **kw)


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    status = 403


class Conflict(ApplicationError):
    code = "conflict"
    status = 409


class ValidationFailed(ApplicationError):
    code = "invalid"
    status = 400


class ImportRejected(ApplicationError):
    """A file had bad rows; nothing was written. `errors` lists (row, column, reason)."""

    code = "import_rejected"
    status = 400

    def __init__(self, errors: list[tuple[int, str, str]], *, total: int | None = None):
        self.errors = errors
        first = errors[0]
        more = f"（共 {len(errors)} 处错误）" if len(errors) > 1 else ""
        super().__init__(f"第 {first[0]} 行，列「{first[1]}」：{first[2]}{more}。文件未导入，数据库未改变。")
