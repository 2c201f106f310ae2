from ninja import Router, Schema, Status

from zhengwu.core.errors import Invalid

from . import services

router = Router(tags=["账户"])


class RegisterIn(Schema):
    name: str
    password: str
    phone: str
    id_number: str = ""
    usci: str = ""


class RegisterOut(Schema):
    username: str
    kind: str
    name: str


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


@router.post(
    "/register", response={201: RegisterOut, 422: ErrorOut}, auth=None, summary="注册公众账户"
)
def register(request, data: RegisterIn):
    """个人填 `id_number`（居民身份证号），法人填 `usci`（统一社会信用代码），二者取一。"""
    try:
        user = services.register_public_account(
            name=data.name,
            password=data.password,
            phone=data.phone,
            id_number=data.id_number,
            usci=data.usci,
        )
    except Invalid as e:
        return Status(422, e.as_dict())
    return Status(201, {"username": user.username, "kind": user.kind, "name": user.real_name})
