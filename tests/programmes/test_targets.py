"""The targets page counts the programmes: counties whose yearly plan is filed (R7.2) and
counties that held a training session (R7.3), out of the 州's 8 counties."""

import pytest
from django.utils import timezone

from zhengwu.org.models import Agency
from zhengwu.programmes.services import plans, training

from .conftest import pdf

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def figures(client) -> dict:
    rows = client.get("/api/v1/supervision/targets?jurisdiction=433100").json()["targets"]
    return {t["key"]: t for t in rows}


def test_a_filed_plan_and_a_training_move_their_targets(client, guzhang, guzhang_admin, office):
    before = figures(client)
    assert before["county_plans_filed"]["denominator"] == 8
    assert before["training_held"]["denominator"] == 8
    assert before["county_plans_filed"]["source"] == "R7.2"

    plan = plans.create(
        guzhang,
        {"year": str(YEAR), "title": "古丈县政务公开工作要点", "summary": "推进标准化。"},
        pdf(),
        by=guzhang_admin,
    )
    plans.submit(plan, by=guzhang_admin)
    assert (
        figures(client)["county_plans_filed"]["numerator"]
        == (before["county_plans_filed"]["numerator"])
    )  # submitted is not filed
    plans.file(plan, by=office)
    gz_gov = Agency.objects.get(jurisdiction__code="433126", kind=Agency.GOVERNMENT)
    training.record_session(
        {
            "held_on": f"{YEAR}-01-15",
            "subject": "古丈县政务公开业务培训",
            "organiser": gz_gov.usci,
            "trainers": "县政务公开办 田芳",
            "attendee_count": "30",
        },
        [gz_gov.usci],
        by=guzhang_admin,
    )
    after = figures(client)
    assert after["county_plans_filed"]["numerator"] == before["county_plans_filed"]["numerator"] + 1
    assert after["training_held"]["numerator"] == before["training_held"]["numerator"] + 1
    page = client.get("/jd/targets/").content.decode()
    assert "县市政务公开工作方案备案率" in page and "县市开展政务公开宣传培训比例" in page
