"""Issue 19 §3: an annual report cannot be published while a prompt of the prefilled text
(“（请填写…）”) is left in it — on the page, the API and the service; the demo's published
reports carry none; the editor shows each heading once."""

import io
import json

import pytest
from django.core.management import call_command

from zhengwu.core.errors import Invalid
from zhengwu.disclosure.requests import annual, services
from zhengwu.disclosure.requests.models import AnnualReport

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure/requests/annual-report"
HEADINGS = annual.SECTIONS


def published(agency, year=2025) -> bool:
    return AnnualReport.objects.filter(
        agency=agency, year=year, published_at__isnull=False
    ).exists()


def test_publishing_is_refused_while_a_prompt_is_left(fh_gov, admin):
    with pytest.raises(Invalid) as e:
        services.publish_report(fh_gov, 2025, by=admin)
    assert e.value.code == "prompts_left"
    message = e.value.message
    assert "第一部分 总体情况：“（六）工作考核、社会评议和责任追究结果情况：（请填写" in message
    assert "第五部分 存在的主要问题及改进情况：“（一）存在的主要问题：（请填写）”" in message
    assert "“（二）改进情况：（请填写）”" in message
    assert not published(fh_gov)
    overview = annual.build(fh_gov, 2025)["sections"]["一、总体情况"]
    services.save_report(
        fh_gov,
        2025,
        overview=overview.replace("（请填写本年度考核、社会评议和责任追究结果）", "考核优秀"),
        problems="（一）存在的主要问题：（请填写）\n（二）改进情况：加强培训",
        other_matters="",
        by=admin,
        penalty_decisions=4,
        enforcement_decisions=1,
    )
    with pytest.raises(Invalid) as e:
        services.publish_report(fh_gov, 2025, by=admin)
    assert "第一部分" not in e.value.message and "存在的主要问题：（请填写）" in e.value.message
    services.save_report(
        fh_gov,
        2025,
        overview=overview.replace("（请填写本年度考核、社会评议和责任追究结果）", "考核优秀"),
        problems="（一）存在的主要问题：信息更新不及时\n（二）改进情况：加强培训",
        other_matters="",
        by=admin,
        penalty_decisions=4,
        enforcement_decisions=1,
    )
    services.publish_report(fh_gov, 2025, by=admin)
    assert published(fh_gov)


def test_the_editor_refuses_and_keeps_what_was_typed(as_user, fh_dept):
    admin = as_user("admin")
    url = f"/workbench/requests/reports/{fh_dept.usci}/2025/"
    form = {
        "overview": "本年度总体情况正文",
        "problems": "（一）存在的主要问题：（请填写）\n（二）改进情况：已整改",
        "other_matters": "无",
        "penalty_decisions": "4",
        "enforcement_decisions": "0",
        "publish": "1",
    }
    r = admin.post(url, form)
    assert r.status_code == 422
    html = r.content.decode()
    assert "第五部分 存在的主要问题及改进情况：“（一）存在的主要问题：（请填写）”" in html
    assert "本年度总体情况正文</textarea>" in html and "（二）改进情况：已整改" in html
    assert not published(fh_dept)
    r = admin.post(url, form | {"problems": "（一）存在的主要问题：无\n（二）改进情况：已整改"})
    assert r.status_code == 302 and published(fh_dept)
    page = admin.get(f"/xxgk/{fh_dept.usci}/annual-report/2025/").content.decode()
    assert "请填写" not in page and "本年度总体情况正文" in page


def test_the_api_refuses_and_then_publishes(as_user, fh_dept):
    admin = as_user("admin")

    def post(url, data):
        return admin.post(url, json.dumps(data), content_type="application/json")

    key = {"agency": fh_dept.usci, "year": 2025}
    r = post(f"{API}/publish", key)
    assert r.status_code == 422 and r.json()["code"] == "prompts_left"
    assert "第五部分 存在的主要问题及改进情况" in r.json()["message"]
    figures = {"penalty_decisions": 5, "enforcement_decisions": 0}
    r = post(API, key | figures | {"problems": "无突出问题"})
    assert r.status_code == 200 and r.json()["prompts"] == []
    assert r.json()["sections"]["五、存在的主要问题及改进情况"] == "无突出问题"
    r = post(f"{API}/publish", key)
    assert r.status_code == 200 and r.json()["published_at"]
    assert post(f"{API}/publish", key).status_code == 422  # once
    assert (
        as_user("disclosure")
        .post(API, json.dumps(key), content_type="application/json")
        .status_code
        == 403
    )


def test_the_cli_warns_of_prompts_left(tmp_path, fh_dept):
    err = io.StringIO()
    out = tmp_path / "r.html"
    call_command(
        "annual_report",
        agency=fh_dept.usci,
        year=2025,
        format="html",
        output=str(out),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "尚有待填写的提示文字：第五部分 存在的主要问题及改进情况" in err.getvalue()


def test_the_demo_published_reports_carry_no_prompt(client, gov):
    """吉首市人民政府's 2025 report, page and PDF, had three “（请填写…）” left."""
    from pypdf import PdfReader

    page = client.get(f"/xxgk/{gov.usci}/annual-report/2025/")
    assert (
        page.status_code == 200 and "工作考核、社会评议和责任追究结果情况" in page.content.decode()
    )
    assert "请填写" not in page.content.decode()
    pdf = client.get(f"/xxgk/{gov.usci}/annual-report/2025/pdf/").content
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "存在的主要问题" in text and "请填写" not in "".join(text.split())
    for report in AnnualReport.objects.filter(published_at__isnull=False):
        assert annual.build(report.agency, report.year)["prompts"] == [], report


def test_each_heading_once_in_the_editor_and_on_the_page(as_user, fh_dept, gov):
    admin = as_user("admin")
    draft = admin.get(f"/workbench/requests/reports/{fh_dept.usci}/2025/").content.decode()
    assert '<textarea id="problems"' in draft
    for heading in HEADINGS:
        assert draft.count(heading) == 1, heading
    assert draft.index("一、总体情况") < draft.index("二、") < draft.index("六、其他需要报告的事项")
    done = admin.get(f"/workbench/requests/reports/{gov.usci}/2025/").content.decode()
    public = admin.get(f"/xxgk/{gov.usci}/annual-report/2025/").content.decode()
    for html in (done, public):
        assert "<textarea" not in html
        for heading in HEADINGS:
            assert html.count(heading) == 1, heading
