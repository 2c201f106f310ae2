"""以奖代补: the share per county from the year's 考核 grades, adjusted with a reason, approved
by a second officer, published; refused when the year has no results."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.assessment.models import Result, Scheme
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import Jurisdiction
from zhengwu.programmes.models import AwardBudget
from zhengwu.programmes.services import awards

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def results_2024():
    scheme = Scheme.objects.create(year=2024, name="2024年度考核")
    for code, total, grade in (
        ("433101", "93.5", "优秀"),
        ("433122", "85.0", "良好"),
        ("433123", "72.0", "合格"),
        ("433124", "55.0", "不合格"),
    ):
        j = Jurisdiction.objects.get(code=code)
        Result.objects.create(
            scheme=scheme,
            group=Result.COUNTY,
            jurisdiction=j,
            name=j.name,
            total=Decimal(total),
            grade=grade,
            computed_at=timezone.now(),
        )


def test_no_results_no_proposal(office):
    budget = awards.set_budget(2023, {"amount": "600000"}, by=office)
    with pytest.raises(Conflict, match="2023年度考核尚无县市的考核结果"):
        awards.propose(budget, by=office)


def test_shares_by_grade_adjusted_approved_by_another_and_published(office, office2):
    results_2024()
    budget = awards.set_budget(2024, {"amount": "600,000", "weight_优秀": "3"}, by=office)
    assert budget.weights == {"优秀": 3.0, "良好": 2.0, "合格": 1.0, "不合格": 0.0}
    awards.propose(budget, by=office)
    amounts = {a.jurisdiction.name: a.amount for a in budget.awards.all()}
    # 600000 × 3/6, 2/6, 1/6, 0/6
    assert amounts == {
        "吉首市": Decimal("300000.00"),
        "泸溪县": Decimal("200000.00"),
        "凤凰县": Decimal("100000.00"),
        "花垣县": Decimal("0.00"),
    }
    with pytest.raises(Invalid, match="超过奖补资金总额600000.00元"):
        awards.adjust(budget, "433123", "100001", "多给", by=office)
    award = awards.adjust(budget, "433123", "90000", "审计发现问题扣减", by=office)
    assert (award.proposed, award.amount) == (Decimal("100000.00"), Decimal("90000.00"))
    with pytest.raises(NotAllowed, match="另一位管理员审定"):
        awards.approve(budget, by=office)
    awards.approve(budget, by=office2)
    awards.publish(budget, by=office2)
    assert budget.state == AwardBudget.PUBLISHED
    page = Client().get("/xxgk/yjdb/2024/").content.decode()
    assert "300000.00" in page and "90000.00" in page and "审计发现问题扣减" in page
    api = Client().get("/api/v1/programmes/awards/2024").json()
    assert {a["name"]: a["amount"] for a in api["awards"]}["凤凰县"] == "90000.00"
    assert (
        AuditEvent.objects.filter(action="programmes.award.adjust", object_id=str(budget.pk))
        .get()
        .after["reason"]
        == "审计发现问题扣减"
    )


def test_a_county_cannot_touch_the_awards(guzhang_admin):
    with pytest.raises(NotAllowed):
        awards.set_budget(2024, {"amount": "1"}, by=guzhang_admin)
    assert logged_in(guzhang_admin).get("/workbench/programmes/awards/2024/").status_code == 403
    r = logged_in(guzhang_admin).post(
        "/api/v1/programmes/staff/awards/2024/budget",
        {"amount": "1"},
        content_type="application/json",
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_pages_say_what_to_do(office):
    client = logged_in(office)
    r = client.post("/workbench/programmes/awards/2023/act/", {"action": "budget", "amount": "abc"})
    assert r.status_code == 422 and "奖补资金总额格式不正确" in r.content.decode()
    r = client.post(
        "/workbench/programmes/awards/2023/act/", {"action": "budget", "amount": "500000"}
    )
    r = client.post("/workbench/programmes/awards/2023/act/", {"action": "propose"})
    assert r.status_code == 409 and "尚无县市的考核结果" in r.content.decode()
