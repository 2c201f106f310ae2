"""The permission map (org/permissions.py) read as the scope matrix reads pages: for every rule,
each staff role held over 凤凰县 may take the action on a 凤凰 record exactly when the rule names
it, and on a 吉首 record never."""

import pytest

from zhengwu.core.errors import NotAllowed
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Jurisdiction, Role

from .test_scope_matrix import AGENCY_ROLES, probe

pytestmark = pytest.mark.django_db


def staff_rules():
    found = [r for r in permissions.rules().values() if r.roles]
    assert found, "no app has declared a rule"
    return found


def test_each_rule_reaches_its_roles_in_scope_and_no_further():
    fenghuang = Jurisdiction.objects.get(code="433123")
    jishou = Jurisdiction.objects.get(code="433101")
    fh_gov = Agency.objects.get(jurisdiction=fenghuang, kind=Agency.GOVERNMENT)
    js_gov = Agency.objects.get(jurisdiction=jishou, kind=Agency.GOVERNMENT)
    users = {role: probe(role) for role in Role.values}
    for rule in staff_rules():
        for role, user in users.items():
            expected = role in rule.roles and (rule.by_agency or role not in AGENCY_ROLES)
            inside = permissions.allows(
                user, rule.action, agency_id=fh_gov.pk, path=fh_gov.scope_path
            )
            assert inside == expected, (rule.action, role)
            outside = permissions.allows(
                user, rule.action, agency_id=js_gov.pk, path=js_gov.scope_path
            )
            assert not outside, (rule.action, role)


def test_a_refusal_names_the_action_in_words():
    rule = staff_rules()[0]
    fenghuang_staff = probe(sorted(rule.roles)[0])  # entitled, but over 凤凰
    jishou = Jurisdiction.objects.get(code="433101")
    with pytest.raises(NotAllowed, match=f"进行{rule.what}的权限"):
        permissions.require(fenghuang_staff, rule.action, agency_id=None, path=jishou.path)
