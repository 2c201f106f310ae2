"""The CLI (programmes_status, import_training) and the demo's programmes."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhengwu.programmes.models import AwardBudget, CountyPlan

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def test_status_says_what_is_planned_filed_and_late():
    out = io.StringIO()
    call_command("programmes_status", "--year", str(YEAR), stdout=out)
    text = out.getvalue()
    assert f"{YEAR}年度工作" in text
    assert "吉首市：" in text and "工作方案已备案（州政务公开备" in text
    assert "古丈县【未落实】：中心8个，全部达标1个，本年计划0个" in text
    out = io.StringIO()
    call_command("programmes_status", "--year", str(YEAR), "--jurisdiction", "433123", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[1].startswith("凤凰县") and "已报送待审核" in lines[1]
    with pytest.raises(CommandError, match="区划代码“999999”不存在"):
        call_command("programmes_status", "--jurisdiction", "999999")


def test_import_training_cli(tmp_path: Path):
    bad = tmp_path / "培训.csv"
    bad.write_text(
        "培训日期,培训主题,主办单位,授课人,参训人数\n2026-03-05,条例解读,不存在的局,田芳,30\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="有 1 行有误，整个文件未导入"):
        call_command("import_training", str(bad), "--user", "admin", stderr=err)
    assert "第2行：主办单位“不存在的局”不是平台上的单位" in err.getvalue()


def test_the_demo():
    assert CountyPlan.objects.get(jurisdiction__code="433101", year=YEAR).state == "filed"
    assert CountyPlan.objects.get(jurisdiction__code="433122", year=YEAR).state == "returned"
    assert AwardBudget.objects.get(year=2025).state == AwardBudget.PROPOSED
