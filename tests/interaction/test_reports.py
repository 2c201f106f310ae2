"""民意汇报: generated monthly as a task, viewable as a page; the search provider."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from zhengwu.core import schedule
from zhengwu.interaction import search, services, tasks
from zhengwu.interaction.models import Message, OpinionReport


def test_opinion_report_task_and_page(frozen, letter, handler):
    services.reply(letter, text="已责令超市下架过期食品并立案调查。", by=handler)
    services.rate(letter, satisfaction="unsatisfied", by=letter.writer)
    month = timezone.localdate().strftime("%Y-%m")
    tasks.opinion_reports.call(month)
    report = OpinionReport.objects.get(
        month=dt.date.fromisoformat(f"{month}-01"), agency=letter.agency
    )
    assert report.data["received"] >= 1 and report.data["replied"] >= 1
    assert report.data["satisfaction"]["不满意"] >= 1
    prefecture = OpinionReport.objects.get(month=report.month, agency__isnull=True)
    assert prefecture.data["received"] >= report.data["received"]
    page = Client().get(f"/site/433101/hdjl/reports/{report.pk}/").content.decode()
    assert letter.agency.name in page and "热点话题" in page
    assert Client().get(f"/site/433123/hdjl/reports/{report.pk}/").status_code == 404
    assert "interaction.opinion_reports" in [j.name for j in schedule.jobs()]


def test_search_documents_only_published_masked_text(letter, handler):
    services.reply(letter, text="请拨打13907431111联系处理人员。", by=handler)
    services.publish(letter, by=handler)
    docs = {d.key: d for d in search.documents()}
    doc = docs[str(letter.pk)]
    assert doc.kind == "interaction"
    assert "139****1111" in doc.body and "13907431111" not in doc.body
    assert doc.url == f"/hdjl/messages/{letter.number}/"
    hidden = Message.objects.filter(publication=Message.HIDDEN).first()
    if hidden is not None:
        assert str(hidden.pk) not in docs


def test_home_section_and_index(letter, handler):
    services.reply(letter, text="已责令超市下架过期食品并立案调查。", by=handler)
    services.publish(letter, by=handler)
    home = Client().get("/site/433101/").content.decode()
    assert "政民互动" in home and letter.public_title in home
    index = Client().get("/site/433101/hdjl/").content.decode()
    assert letter.mailbox.name in index


def test_opinion_report_command(letter):
    import io

    import pytest
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    month = timezone.localdate().strftime("%Y-%m")
    call_command("opinion_reports", month=month, stdout=out)
    assert "已生成" in out.getvalue()
    assert OpinionReport.objects.filter(month=dt.date.fromisoformat(f"{month}-01")).exists()
    with pytest.raises(CommandError, match="月份格式"):
        call_command("opinion_reports", month="2026-13", stdout=io.StringIO())
