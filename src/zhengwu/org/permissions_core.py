"""Who may take core's own audited actions (core/actions.py). core knows no org, so its rules
live here, imported by org's AppConfig.ready().

All are the platform's: the official calendar is entered in /admin/ (superuser only, closed to
every staff role) or seeded by the loaders, a restore and a key rotation are commands run on
the server. A local statutory limit is its jurisdiction's 政务公开办's.
"""

from .models import Role
from .permissions import rule

rule("calendar.day_set", "设置节假日或调休", system=True)
rule("calendar.day_removed", "删除节假日或调休", system=True)
rule("calendar.year_published", "发布年度节假日安排", system=True)
rule("system.restore", "从备份恢复数据", system=True)
rule("core.field_key_rotated", "更换字段加密密钥", system=True)

# A jurisdiction's own value for a configurable statutory limit (core.limits): set and withdrawn
# by its 政务公开办 on 工作台 › 法定期限 (portal/limit_views.py), for its own jurisdiction only.
rule("limits.local_set", "设置本地法定期限", [Role.OPENNESS_ADMIN], by_agency=False)
rule("limits.local_removed", "撤销本地法定期限", [Role.OPENNESS_ADMIN], by_agency=False)
