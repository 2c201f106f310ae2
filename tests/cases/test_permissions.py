"""Who may take each action on a case and on the catalogue: cases/permissions.py and
services/permissions.py, one rule per audited action, read by the services."""

import datetime as dt

import pytest

from zhengwu.cases import services
from zhengwu.core import actions
from zhengwu.core.errors import NotAllowed
from zhengwu.org import permissions
from zhengwu.services import services as catalogue

from .conftest import file_at_window

D = dt.date


def test_every_action_of_cases_and_the_catalogue_has_a_rule():
    audited = [a for a in actions.registered() if a.split(".")[0] in {"cases", "services"}]
    assert len(audited) == 13 + 11  # the catalogue's 8 and the 首席代表's 3 (三集中三到位)
    assert [a for a in audited if a not in permissions.rules()] == []


@pytest.mark.django_db
def test_the_decision_is_taken_by_the_roles_of_its_step_only(item, staff):
    officer = staff["officer"]
    case = file_at_window(item, staff["window"], D(2025, 9, 1))
    services.accept(case, by=staff["window"], on=D(2025, 9, 2))
    for _ in range(2):  # 审查, 复核: the officer's steps
        services.advance(case, opinion="同意", by=officer, on=D(2025, 9, 3))
    # the rule names every role a step may carry; 决定 is the head's step
    assert permissions.allows(
        officer, "cases.decide", agency_id=case.agency_id, path=case.scope_path
    )
    with pytest.raises(NotAllowed, match="^您没有在该单位或辖区进行作出决定的权限$"):
        services.decide(case, approve=True, reason="", by=officer, on=D(2025, 9, 4))
    services.decide(case, approve=True, reason="", by=staff["head"], on=D(2025, 9, 4))


@pytest.mark.django_db
def test_a_window_clerk_may_not_revise_the_catalogue(item, staff):
    changes = {"promised_limit": 8, "visit_reason": "须现场核验原件"}
    with pytest.raises(NotAllowed, match="^您没有在该单位或辖区进行事项修订的权限$"):
        catalogue.revise(item, changes, by=staff["window"])
    assert catalogue.revise(item, changes, by=staff["head"]).promised_limit == 8
