"""Errors every service raises; views and the API turn them into 4xx with a Chinese message."""


class ServiceError(Exception):
    """A request the rules refuse. `code` is stable for integrators; `message` is for people."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        return data


class Invalid(ServiceError):
    status = 422


class NotAllowed(ServiceError):
    status = 403

    def __init__(self, message: str = "您无权进行此操作", *, code: str = "forbidden", field=None):
        super().__init__(message, code=code, field=field)


class NotFound(ServiceError):
    status = 404

    def __init__(self, message: str = "未找到该记录", *, code: str = "not_found", field=None):
        super().__init__(message, code=code, field=field)


class Conflict(ServiceError):
    """Somebody else changed the record first (two officers acting on one case)."""

    status = 409

    def __init__(
        self,
        message: str = "该记录已被他人处理，请刷新后重试",
        *,
        code: str = "conflict",
        field=None,
    ):
        super().__init__(message, code=code, field=field)
