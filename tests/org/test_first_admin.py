"""An empty platform's first account: `create_office_admin`, then the office does the rest."""

import io

import pytest
from django.core.management import CommandError, call_command

from zhengwu.core.models import AuditEvent
from zhengwu.org import permissions
from zhengwu.org.models import Jurisdiction, Role, User

pytestmark = pytest.mark.django_db


def _create(*args):
    out = io.StringIO()
    call_command("create_office_admin", *args, stdout=out)
    return out.getvalue()


def test_first_office_admin_holds_the_root_and_may_grant_there(password):
    said = _create("--username", "zhou_office", "--name", "向明", "--password", password)
    assert "湘西土家族苗族自治州政务公开办管理员“向明”" in said
    user = User.objects.get(username="zhou_office")
    assert user.kind == User.STAFF and user.check_password(password)
    held = user.roles.get()
    assert held.role == Role.OPENNESS_ADMIN and held.jurisdiction.code == "433100"
    county = Jurisdiction.objects.get(code="433122")  # 泸溪县
    assert permissions.allows(user, "account.role_granted", agency_id=None, path=county.path)
    assert AuditEvent.objects.filter(action="account.staff_created", object_id=str(user.pk))


def test_a_county_office_admin_and_the_refusals(password):
    _create(
        "--username",
        "luxi_office",
        "--name",
        "张华",
        "--password",
        password,
        "--jurisdiction",
        "433122",
    )
    held = User.objects.get(username="luxi_office").roles.get()
    assert held.jurisdiction.name == "泸溪县"
    with pytest.raises(CommandError, match="区划代码“999999”不存在"):
        _create(
            "--username", "x1", "--name", "某", "--password", password, "--jurisdiction", "999999"
        )
    with pytest.raises(CommandError, match="用户名已存在"):
        _create("--username", "luxi_office", "--name", "某", "--password", password)
    with pytest.raises(CommandError, match="密码"):
        _create("--username", "weak", "--name", "某", "--password", "123456")
    assert not User.objects.filter(username__in=["x1", "weak"]).exists()
