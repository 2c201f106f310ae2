"""Who may take org's audited actions (org/actions.py), in the map of org/permissions.py.

For the account's own actions (log in, password, second factor) `public` means the holder of
the account, staff or public alike, on that account only: the service acts on `user` itself.
"""

from .models import Role
from .permissions import rule

# The account holder, on their own account.
rule("account.registered", "注册账户", public=True)
rule("account.login", "登录", public=True)
rule("account.logout", "退出登录", public=True)
rule("account.password_changed", "修改密码", public=True)
rule("account.totp_bound", "绑定动态口令", public=True)
rule("account.totp_ok", "动态口令验证", public=True)
rule("account.totp_failed", "动态口令验证", public=True)
# A token is issued to staff holding any role; its holder or an administrator over them revokes it.
rule("account.token_issued", "申请接口令牌", Role.values)
rule("account.token_revoked", "吊销接口令牌", [Role.OPENNESS_ADMIN], public=True)
# The administrator of the jurisdiction: new staff, and roles over what their scope covers.
rule("account.staff_created", "新建工作人员账户", [Role.OPENNESS_ADMIN])
rule("account.role_granted", "分配角色", [Role.OPENNESS_ADMIN])
# The platform: the log in's guards, and the importers run on the server.
rule("account.login_failed", "记录登录失败", system=True)
rule("account.locked", "锁定登录", system=True)
rule("account.captcha_required", "要求填写验证码", system=True)
rule("account.token_new_address", "记录接口令牌新地址", system=True)
rule("org.agency_created", "新增机关单位", [Role.OPENNESS_ADMIN], system=True, by_agency=False)
rule("org.agency_updated", "修改机关单位信息", [Role.OPENNESS_ADMIN], system=True, by_agency=False)
rule("org.import_divisions", "导入行政区划", system=True)
rule("account.role_revoked", "撤销角色", [Role.OPENNESS_ADMIN])
# The service network (org/network.py): the 政务公开办 over the jurisdiction sets up its centres,
# their windows and the agencies stationed there (issue 23 §1).
rule("org.centre_created", "新建服务中心", [Role.OPENNESS_ADMIN], by_agency=False)
rule("org.centre_updated", "修改服务中心", [Role.OPENNESS_ADMIN], by_agency=False)
rule("org.window_created", "新建窗口", [Role.OPENNESS_ADMIN], by_agency=False)
rule("org.window_updated", "修改窗口", [Role.OPENNESS_ADMIN], by_agency=False)
rule("org.network_imported", "导入服务网络", [Role.OPENNESS_ADMIN], by_agency=False)
