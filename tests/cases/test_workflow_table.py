"""The case's states as one table (Case.workflow): every transition the services take is a row
of it, named as its audit event and permission rule, and reads in the hall's words."""

from zhengwu.cases.models import Case
from zhengwu.org import permissions


def test_every_case_action_but_the_submission_is_a_row_of_the_table():
    audited = {a for a in permissions.rules() if a.startswith("cases.")}
    assert audited - set(Case.workflow.transitions) == {"cases.submit"}


def test_the_table_reads_in_words():
    rows = {r["action"]: r for r in Case.workflow.table(Case)}
    assert rows["cases.accept"]["from"] == ["待受理"] and rows["cases.accept"]["to"] == "办理中"
    assert rows["cases.refuse"]["from"] == ["待受理", "待补正"]
    assert rows["cases.deliver"]["to"] == "已办结"
    assert rows["cases.extend"]["to"] == "不变"
