"""The demo's 考核: 2025 scored with 公众评议 from the demo survey, the current year 编制中."""

import pytest
from django.utils import timezone

from zhengwu.assessment.demo import SURVEY_TITLE
from zhengwu.assessment.models import Scheme

pytestmark = pytest.mark.django_db


def test_demo_schemes_read_the_survey():
    s = Scheme.objects.get(year=2025)
    assert s.state == Scheme.SCORING and s.published
    assert s.indicators.get(code="public_survey").survey.title == SURVEY_TITLE
    luxi = s.results.get(name="泸溪县")
    figure = luxi.scores["public_survey"]
    assert figure["respondents"] == 40 and 0 <= figure["score"] <= 100
    # The 州 departments have no question in the survey: 暂无数据, left out of their total.
    assert s.results.filter(group="department").first().scores["public_survey"]["score"] is None
    current = Scheme.objects.get(year=timezone.localdate().year)
    assert current.state == Scheme.DRAFTING
    assert current.indicators.get(code="public_survey").survey.title == SURVEY_TITLE
    assert [v.change for v in current.versions.order_by("number")] == [
        "新建方案（默认指标体系）",
        f"“公众评议（满意度调查）”关联问卷“{SURVEY_TITLE}”",
    ]
