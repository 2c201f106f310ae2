"""Each 单项否决 item of 国办秘函〔2019〕19号 found on a deliberately neglected site, with the
rule's own numbers (2 weeks, 6 months, 5 and 10 columns, 3 months), and a healthy site that
passes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from zhengwu.disclosure.models import Document
from zhengwu.interaction.models import Mailbox, Message
from zhengwu.org.models import Agency
from zhengwu.services.models import Item
from zhengwu.websites.checks import services
from zhengwu.websites.checks.models import SiteCheck
from zhengwu.websites.models import Article, SiteColumn

from .conftest import DAY, at, complete_item, fill, mailbox, publish


def check(site, day=DAY):
    services.run(site_ids=[site.pk], day=day)
    return SiteCheck.objects.get(site=site)


def codes(c):
    return set(c.findings.filter(kind="veto").values_list("code", flat=True))


@pytest.fixture
def healthy(county):
    """吉首市's site with every column fresh, its mailboxes open, no late consultation, complete
    guides and recent policy documents."""
    fill(county)
    gov = Agency.objects.filter(jurisdiction=county.jurisdiction).first()
    mailbox(gov)
    Message.objects.filter(scope_path__startswith=county.scope_path).delete()
    Item.objects.filter(jurisdiction=county.jurisdiction).update(state=Item.CANCELLED)
    complete_item(county.jurisdiction, gov)
    Document.objects.filter(
        agency__jurisdiction=county.jurisdiction, genre__in=["规章", "行政规范性文件"]
    ).update(published_on=DAY - dt.timedelta(days=20))
    return county


def test_a_healthy_site_passes(healthy):
    c = check(healthy)
    assert c.result == SiteCheck.PASS, list(c.findings.values_list("found", flat=True))
    assert c.vetoes == []
    assert c.score is not None and c.score >= 60


def test_home_page_not_updated_for_two_weeks(healthy):
    Article.objects.filter(site=healthy).update(published_at=at(DAY - dt.timedelta(days=14)))
    Document.objects.filter(agency__jurisdiction=healthy.jurisdiction).update(
        published_on=DAY - dt.timedelta(days=14)
    )
    c = check(healthy)
    assert "home_stale" in codes(c) and c.result == SiteCheck.FAIL
    assert "首页不更新" in c.vetoes
    # one day inside the 2 weeks: updated
    publish(healthy, "dtyw", "新动态", DAY - dt.timedelta(days=13))
    assert "home_stale" not in codes(check(healthy))


def test_five_key_columns_stale(healthy):
    # 动态要闻 15 days old, 通知公告 and 政策文件 over 6 months: 3 columns, then 5 with two more
    Article.objects.filter(site=healthy, column__key="dtyw").update(
        published_at=at(DAY - dt.timedelta(days=15))
    )
    Article.objects.filter(site=healthy, column__key="tzgg").update(
        published_at=at(DAY - dt.timedelta(days=184))
    )
    Document.objects.filter(agency__jurisdiction=healthy.jurisdiction).update(
        published_on=DAY - dt.timedelta(days=184)
    )
    assert "columns_stale" not in codes(check(healthy))
    for n in (1, 2):
        SiteColumn.objects.create(site=healthy, key=f"dt{n}", name=f"部门动态{n}", update_days=14)
        publish(healthy, f"dt{n}", "旧动态", DAY - dt.timedelta(days=30))
    c = check(healthy)
    assert "columns_stale" in codes(c)


def test_ten_columns_that_should_be_updated_are_not(healthy):
    for n in range(10):
        SiteColumn.objects.create(site=healthy, key=f"gh{n}", name=f"规划计划{n}", update_days=90)
        publish(healthy, f"gh{n}", "计划", DAY - dt.timedelta(days=91))
    c = check(healthy)
    found = c.findings.filter(code="columns_stale")
    assert found.count() == 10 and "应更新栏目共10个" in found.first().found


def test_five_empty_columns(healthy):
    for n in range(4):
        SiteColumn.objects.create(site=healthy, key=f"kb{n}", name=f"空栏目{n}")
    assert "columns_stale" not in codes(check(healthy))
    SiteColumn.objects.create(site=healthy, key="kb4", name="空栏目4")
    c = check(healthy)
    assert "columns_stale" in codes(c)
    assert c.findings.filter(code="columns_stale", page="/site/433101/lm/kb4/").exists()


def _consult(site, submitted: dt.date, **fields):
    gov = Agency.objects.filter(jurisdiction=site.jurisdiction).first()
    box = mailbox(gov)
    n = Message.objects.count()
    return Message.objects.create(
        number=f"WC{n:08d}",
        query_code_hash="x",
        kind=Message.CONSULT,
        mailbox=box,
        agency=gov,
        scope_path=gov.scope_path,
        title="咨询社保缴费",
        body="请问如何缴费？",
        writer_name="王示例",
        submitted_at=at(submitted),
        **fields,
    )


def test_consultation_unanswered_for_over_three_months(healthy):
    _consult(healthy, dt.date(2026, 8, 17))  # 3 months before the check day: not yet over
    assert "consultation_unanswered" not in codes(check(healthy))
    m = _consult(healthy, dt.date(2026, 8, 15))
    c = check(healthy)
    f = c.findings.get(code="consultation_unanswered", object_id=m.pk)
    assert "至今未答复" in f.found and f.page == "/site/433101/hdjl/messages/"
    assert "社保" not in f.found  # the writer's words never reach a finding (public API)
    # answered after more than 3 months is the same failure; within them, none
    m.state, m.replied_on = Message.REPLIED, dt.date(2026, 11, 16)
    m.save()
    assert (
        "于2026年11月16日才答复"
        in check(healthy).findings.get(code="consultation_unanswered").found
    )
    m.replied_on = dt.date(2026, 11, 15)
    m.save()
    assert "consultation_unanswered" not in codes(check(healthy))


def test_older_than_a_year_and_petitions_do_not_count(healthy):
    _consult(healthy, dt.date(2025, 11, 15))
    _consult(healthy, dt.date(2026, 5, 1), is_petition=True)
    assert "consultation_unanswered" not in codes(check(healthy))


def test_no_working_consultation_channel(healthy):
    Mailbox.objects.filter(agency__jurisdiction=healthy.jurisdiction).update(is_active=False)
    c = check(healthy)
    assert "no_channel" in codes(c)
    assert c.findings.get(code="no_channel").page == "/site/433101/hdjl/write/"


def test_no_services(healthy):
    Item.objects.filter(jurisdiction=healthy.jurisdiction).update(state=Item.CANCELLED)
    assert "services_none" in codes(check(healthy))


def test_guides_missing_key_elements(healthy):
    gov = Agency.objects.filter(jurisdiction=healthy.jurisdiction).first()
    # 4 of the 8 missing: still complete enough; 5 missing: incomplete (threshold, unverified)
    complete_item(healthy.jurisdiction, gov, legal_basis="", conditions="", location="", hours="")
    assert "services_guides" not in codes(check(healthy))
    bad = complete_item(
        healthy.jurisdiction, gov, legal_basis="", conditions="", location="", hours="", consult=""
    )
    f = check(healthy).findings.get(code="services_guides")
    assert f.object_id == bad.pk and "缺少5类" in f.found
    assert f.page == f"/site/433101/zwfw/guide/{bad.pk}/"


def test_serious_wrong_expressions(healthy):
    a = publish(
        healthy,
        "dtyw",
        "湘西苗族土家族自治州召开会议",
        DAY - dt.timedelta(days=1),
        body="会议学习习近平新时代中国特色社会主义思想，研究吉首县工作。",
    )
    c = check(healthy)
    found = {f.target: f for f in c.findings.filter(code="wrong_terms")}
    assert set(found) == {"湘西苗族土家族自治州", "吉首县"}  # the full right form is no hit
    assert found["吉首县"].page == f"/site/433101/lm/dtyw/{a.pk}/"
    assert "应为“吉首市”" in found["吉首县"].found
    assert "严重表述错误" in c.vetoes


@override_settings(ZHENGWU_SITE_BASE_URL="http://127.0.0.1:9")
def test_site_unreachable_when_the_health_probe_fails(healthy):
    c = services.run(site_ids=[healthy.pk], day=DAY, crawl=True)[0]
    assert c.probe_ok is False and "站点无法访问" in c.vetoes


def test_a_township_writes_to_the_nearest_level_with_a_mailbox(township, client):
    assert "no_channel" not in codes(check(township))
    county = Mailbox.objects.filter(agency__jurisdiction__code="433101")
    assert county.exists()
    page = client.get("/site/433101002/hdjl/write/").content.decode()
    assert all(b.name in page for b in county)
    county.update(is_active=False)
    assert "no_channel" not in codes(check(township))  # the 州's take its letters then
    Mailbox.objects.update(is_active=False)
    assert "no_channel" in codes(check(township))


def test_the_neglected_township_site(township):
    Mailbox.objects.update(is_active=False)
    c = check(township)
    assert {"home_stale", "columns_stale", "no_channel"} <= codes(c)
    assert c.result == SiteCheck.FAIL and c.score is None


def test_rerunning_replaces_the_quarter_and_is_audited(healthy):
    from zhengwu.core.models import AuditEvent

    first = check(healthy)
    second = check(healthy, DAY + dt.timedelta(days=1))
    assert SiteCheck.objects.filter(site=healthy).count() == 1
    assert second.pk != first.pk and second.checked_on == DAY + dt.timedelta(days=1)
    events = AuditEvent.objects.filter(action="website_checks.checked", object_id=str(second.pk))
    assert events.get().before["result"] == "合格"
