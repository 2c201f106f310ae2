"""The board and the cards list a supervisor's work in the order it must be done: grouped by
kind (办件 before 不规范审批行为 before 年度报告), red before yellow, the oldest first."""

import datetime as dt
import re

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengwu.cases.models import Case
from zhengwu.disclosure.requests.models import AnnualReport
from zhengwu.org.demo import usci_for
from zhengwu.org.models import Agency, Role, RoleAssignment, User
from zhengwu.supervision import services

D = dt.date


@pytest.fixture
def unit(jishou, password):
    """A body of 吉首 with no clock of the demo, and its officer (who sees its cards only)."""
    body = Agency.objects.create(
        usci=usci_for("433101", 99001), name="吉首市测试监察局", jurisdiction=jishou
    )
    user = User.objects.create(
        username="test-unit",
        real_name="测试经办",
        kind=User.STAFF,
        password=make_password(password),
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.DEPT_OFFICER, agency=body)
    return body


@pytest.fixture
def work(unit, make_clock):
    """Four late clocks of three kinds and one irregularity, swept on 2025-09-10: the oldest
    case and the report are red, the newest case yellow only."""
    case = Case.objects.order_by("id").first()
    report = AnnualReport.objects.order_by("id").first()
    clocks = {
        "报告": make_clock(unit, D(2025, 6, 2), 5, purpose="测试年报时限", subject=report),
        "甲": make_clock(unit, D(2025, 7, 1), 5, purpose="测试办件时限甲", subject=case),
        "丙": make_clock(unit, D(2025, 8, 1), 5, purpose="测试办件时限丙", subject=case),
        "乙": make_clock(unit, D(2025, 9, 1), 5, purpose="测试办件时限乙", subject=case),
    }
    services.issue_irregularity(
        kind="refused_acceptance",
        subject=case,
        agency_id=unit.pk,
        scope_path=unit.scope_path,
        detail="测试：对符合条件的申请不予受理",
    )
    services.sweep(D(2025, 9, 10))
    return clocks


def _order(text: str, marks: list[str]) -> list[str]:
    """The marks in the order they first appear in the table body."""
    body = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return sorted((m for m in marks if m in body), key=body.index)


def test_board_page_groups_by_kind_then_red_then_oldest(as_user, unit, work):
    page = as_user("supervisor").get("/workbench/supervision/", {"agency": unit.pk})
    assert page.status_code == 200
    marks = ["办件（共 3 件）", "政府信息公开年度报告（共 1 件）"]
    marks += ["测试办件时限甲", "测试办件时限丙", "测试办件时限乙", "测试年报时限"]
    assert _order(page.text, marks) == [
        "办件（共 3 件）",
        "测试办件时限甲",  # red, due 2025-07-08
        "测试办件时限丙",  # red, due 2025-08-08
        "测试办件时限乙",  # yellow
        "政府信息公开年度报告（共 1 件）",
        "测试年报时限",  # red and the oldest, but a report waits behind the cases
    ]


def test_cards_page_groups_by_kind_then_red_then_oldest(as_user, unit, work):
    page = as_user("test-unit").get("/workbench/supervision/cards/")
    assert page.status_code == 200
    body = page.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    headings = re.findall(r'<tr class="group"><th[^>]*>([^<]+)</th>', body)
    assert headings == [
        "办件（共 5 张）",
        "不规范审批行为（共 1 张）",
        "政府信息公开年度报告（共 2 张）",
    ]
    levels = re.findall(r'<span class="badge (red|yellow)">', body)
    purposes = re.findall(r'/workbench/supervision/cards/\d+/">([^<]+)</a>', body)
    assert list(zip(levels, purposes, strict=True))[:5] == [
        ("red", "测试办件时限甲"),
        ("red", "测试办件时限丙"),
        ("yellow", "测试办件时限甲"),
        ("yellow", "测试办件时限丙"),
        ("yellow", "测试办件时限乙"),
    ]
    assert levels[5] == "yellow" and purposes[5] not in {c.purpose for c in work.values()}
    assert list(zip(levels, purposes, strict=True))[6:] == [
        ("red", "测试年报时限"),
        ("yellow", "测试年报时限"),
    ]


def test_api_lists_clocks_and_cards_in_the_same_order(as_user, unit, work):
    data = as_user("supervisor").get(f"/api/v1/supervision/clocks?agency={unit.pk}").json()
    assert [c["id"] for c in data["results"]] == [work[k].pk for k in ["甲", "丙", "乙", "报告"]]
    assert [(g["group"], g["label"], g["count"]) for g in data["groups"]] == [
        ("case", "办件", 3),
        ("report", "政府信息公开年度报告", 1),
    ]
    assert data["results"][0]["group_label"] == "办件"
    cards = as_user("test-unit").get("/api/v1/supervision/cards").json()
    rows = [(c["group"], c["level"], c["clock_id"]) for c in cards["results"]]
    assert rows == [
        ("case", "red", work["甲"].pk),
        ("case", "red", work["丙"].pk),
        ("case", "yellow", work["甲"].pk),
        ("case", "yellow", work["丙"].pk),
        ("case", "yellow", work["乙"].pk),
        ("irregular", "yellow", None),
        ("report", "red", work["报告"].pk),
        ("report", "yellow", work["报告"].pk),
    ]
    assert [g["count"] for g in cards["groups"]] == [5, 1, 2]
    one = as_user("test-unit").get(f"/api/v1/supervision/cards/{cards['results'][-1]['id']}")
    assert one.json()["group_label"] == "政府信息公开年度报告"
