"""interaction/permissions.py: one rule for every action 政民互动 records in the audit trail, and
the services refuse through it in the words they used before."""

import pytest

from zhengwu.core import actions
from zhengwu.core.errors import NotAllowed
from zhengwu.interaction import services
from zhengwu.org import permissions
from zhengwu.org.models import Role

from .conftest import staff


def test_every_interaction_action_has_exactly_its_rule():
    audited = {a for a in actions.registered() if a.startswith("interaction.")}
    ruled = {a for a in permissions.rules() if a.startswith("interaction.")}
    assert len(audited) == 42 and audited == ruled
    assert permissions.rule_for("interaction.message_submitted").public
    assert permissions.rule_for("interaction.opinion_reports").system
    assert permissions.rule_for("interaction.consultation_expired").system
    decided = permissions.rule_for("interaction.complaint_decided")
    assert decided.roles == {Role.SUPERVISOR} and not decided.by_agency


def test_a_handler_of_another_agency_is_refused_in_words(letter, fh_handler):
    with pytest.raises(NotAllowed, match="您没有在该单位或辖区进行受理留言的权限"):
        services.accept(letter, by=fh_handler)


def test_only_the_department_head_decides_an_extension(letter, handler, agency):
    ext = services.request_extension(letter, days=5, reason="需要现场核查", by=handler)
    with pytest.raises(NotAllowed, match="进行审批延期的权限"):
        services.decide_extension(ext, approve=True, by=handler)
    head = staff("js-market-head", Role.DEPT_HEAD, agency=agency)
    assert services.decide_extension(ext, approve=True, by=head).state == "approved"
