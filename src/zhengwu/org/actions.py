"""The audit trail's words for accounts and the organisation (`core.actions`), and how a page
names a person (`people.describe`)."""

from zhengwu.core import actions
from zhengwu.core.masking import mask_text

from . import people
from .models import ApiToken, Role, ServiceCentre, User

actions.people(people.describe)

actions.register("account.registered", "注册账户")
actions.register("account.staff_created", "新建工作人员账户")
actions.register("account.role_granted", "分配角色")
actions.register("account.login", "登录")
actions.register("account.logout", "退出登录")
actions.register("account.password_changed", "修改密码")
actions.register("account.totp_bound", "绑定动态口令")
actions.register("account.totp_ok", "动态口令验证通过")
actions.register("account.totp_failed", "动态口令验证失败")
actions.register("account.token_issued", "签发接口令牌")
actions.register("account.token_revoked", "吊销接口令牌")
actions.register("account.token_new_address", "接口令牌首次从新网络地址使用")
# These record the login name that was typed (the account may not exist), not an account's key.
actions.register("account.login_failed", "登录失败", subject="org.username")
actions.register("account.locked", "登录暂时锁定（连续输错密码）", subject="org.username")
actions.register(
    "account.captcha_required", "登录须填写验证码（失败次数较多）", subject="org.username"
)
actions.register("org.agency_created", "新增机关单位")
actions.register("org.agency_updated", "修改机关单位信息")
actions.register("org.import_divisions", "导入行政区划")
actions.register("account.role_revoked", "撤销角色")
actions.register("org.centre_created", "新建服务中心")
actions.register("org.centre_updated", "修改服务中心")
actions.register("org.window_created", "新建窗口")
actions.register("org.window_updated", "修改窗口")
actions.register("org.network_imported", "导入服务网络")


def _account(p: actions.Person) -> str:
    return f"账户 {p.shown()}"


def user_names(ids: list[str]) -> dict[str, str]:
    found = people.describe((int(i), "") for i in ids if i.isdigit())
    return {str(uid): _account(p) for (uid, _), p in found.items()}


def login_names(ids: list[str]) -> dict[str, str]:
    """A login name typed at the log-in page: the account it names, if there is one (a
    citizen's login name is their ID number: never shown)."""
    users = {u.username: u for u in User.objects.filter(username__in=ids)}
    found = people.describe((u.pk, "") for u in users.values())
    out = {}
    for i in ids:
        user = users.get(i)
        out[i] = _account(found[(user.pk, "")]) if user else f"不存在的账户 {mask_text(i)}"
    return out


def token_names(ids: list[str]) -> dict[str, str]:
    rows = ApiToken.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    owners = people.describe((t.user_id, "") for t in rows)
    return {str(t.pk): f"接口令牌“{t.name}”（{owners[(t.user_id, '')].shown()}）" for t in rows}


def assignment_names(ids: list[str]) -> dict[str, str]:
    from .models import RoleAssignment

    rows = RoleAssignment.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    rows = rows.select_related("user", "agency", "jurisdiction", "centre")
    return {str(a.pk): f"角色 {people.person(a.user, [a], a.role).shown()}" for a in rows}


actions.subject(
    "org.user",
    "账户",
    user_names,
    fields={"totp_secrets": "重新加密的动态口令密钥数"},
)
actions.subject("org.username", "账户", login_names)
actions.subject("org.apitoken", "接口令牌", token_names, fields={"address": "网络地址"})
actions.subject(
    "org.roleassignment",
    "角色",
    assignment_names,
    fields={"user": None, "role": ("角色", dict(Role.choices)), "over": "范围"},
)


def agency_names(ids: list[str]) -> dict[str, str]:
    from .models import Agency

    rows = Agency.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(pk): name for pk, name in rows.values_list("pk", "name")}


actions.subject("org.agency", "机关单位", agency_names)


def centre_names(ids: list[str]) -> dict[str, str]:
    from .models import ServiceCentre

    rows = ServiceCentre.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(pk): name for pk, name in rows.values_list("pk", "name")}


def window_names(ids: list[str]) -> dict[str, str]:
    from .models import Window

    rows = Window.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related(
        "centre"
    )
    return {str(w.pk): f"{w.centre.name} {w.number}号窗口" for w in rows}


CENTRE_FIELDS = {
    "name": "名称",
    "kind": ("类型", dict(ServiceCentre.KINDS)),
    "jurisdiction": "区划代码",
    "floor_area": "面积（平方米）",
    "address": "地址",
    "office_hours": "办公时间",
    "phone": "咨询电话",
    "responsible_person": "负责人",
    "responsible_phone": "负责人电话",
    **dict(ServiceCentre.STANDARDS),
}
actions.subject("org.servicecentre", "服务中心", centre_names, fields=CENTRE_FIELDS)
actions.subject(
    "org.window",
    "窗口",
    window_names,
    fields={"number": "窗口号", "name": "名称", "agencies": "进驻单位"},
)
