"""The permission map (org/permissions.py) read as the scope matrix reads pages: for every rule,
each staff role held over 凤凰县 may take the action on a 凤凰 record exactly when the rule names
it, and on a 吉首 record never."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhengwu.core import actions
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


SRC = Path(__file__).resolve().parents[2] / "src" / "zhengwu"
# The apps whose map tests/org checks here; the others' helpers add theirs.
MAPPED_APPS = [
    "core",
    "org",
    "supervision",
    "assessment",
    "ratings",
    "portal",
    "search",
    "programmes",
]


def registered_by(app: str) -> set[str]:
    """The actions `<app>/actions.py` registers, read from its source."""
    text = (SRC / app / "actions.py").read_text(encoding="utf-8")
    return set(re.findall(r"\bregister\(\s*\"([^\"]+)\"", text))


@pytest.mark.parametrize("app", MAPPED_APPS)
def test_every_audited_action_of_the_app_has_a_rule(app):
    found = registered_by(app)
    assert found and found <= set(actions.registered()), app  # the source was read right
    missing = sorted(found - set(permissions.rules()))
    assert not missing, f"{app}: audited actions without a rule in a permissions.py: {missing}"


def test_a_rule_is_declared_once_and_not_for_nobody():
    with pytest.raises(ImproperlyConfigured, match="已登记"):
        permissions.rule("search.reindex", "重建检索索引", [Role.OPENNESS_ADMIN])
    with pytest.raises(ImproperlyConfigured, match="没有任何人"):
        permissions.rule("test.nobody", "无人可办")
    assert "test.nobody" not in permissions.rules()


def test_the_somewhere_gate_asks_for_one_of_the_rules_roles_anywhere():
    fenghuang_admin = probe(Role.OPENNESS_ADMIN)
    assert permissions.allows_somewhere(fenghuang_admin, "search.reindex")
    officer = probe(Role.DEPT_OFFICER)
    assert not permissions.allows_somewhere(officer, "search.reindex")
    with pytest.raises(NotAllowed, match="您没有进行重建检索索引的权限"):
        permissions.require_somewhere(officer, "search.reindex")
    # a rule only the platform takes is nobody's on a page
    assert not permissions.allows_somewhere(fenghuang_admin, "supervision.sweep")
