"""The arithmetic of 国办秘函〔2019〕19号 §2.1 and the known deductions (−5, −2, −3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhengwu.cases.models import Case
from zhengwu.disclosure.models import Document
from zhengwu.interaction.models import Interview, Message
from zhengwu.org.models import Agency
from zhengwu.websites.checks import scoring, services
from zhengwu.websites.checks.context import Hit
from zhengwu.websites.checks.models import Finding, SiteCheck
from zhengwu.websites.models import Site

from .conftest import DAY, at
from .test_vetoes import _consult, healthy  # noqa: F401 — the fixture

D, V, B, L = Finding.DEDUCT, Finding.VETO, Finding.BONUS, Finding.LINK


def hit(code, kind, points=0):
    return Hit(1, code, code, kind, "", points=Decimal(points))


def test_a_veto_fails_and_nothing_is_scored():
    s = scoring.score([hit("home_stale", V), hit("policy_stale", D, 5)], portal=True)
    assert not s.passed and s.base is None and s.total is None and s.vetoes == ["home_stale"]


def test_deductions_capped_per_indicator():
    hits = [hit("uninterpreted", D, 1)] * 8 + [hit("policy_stale", D, 5)]
    s = scoring.score(hits, portal=False)
    assert s.base == Decimal("90.0")  # 100 − min(8, 5) − 5
    links = [hit("broken_link", L, 1)] * 7
    assert scoring.score(links, portal=False).base == Decimal("95.0")  # capped at 5


def test_below_sixty_fails():
    hits = [hit(f"x{n}", D, 10) for n in range(5)]
    s = scoring.score(hits, portal=False)
    assert s.base == Decimal("50.0") and not s.passed
    assert scoring.score(hits[:4], portal=False).passed  # 60: passes


def test_bonus_only_above_eighty_and_for_portals_at_most_twenty():
    bonus = [hit("bonus_interviews", B, 10), hit("bonus_feedback", B, 10), hit("b3", B, 10)]
    s = scoring.score([hit("policy_stale", D, 5), *bonus], portal=True)
    assert s.base == Decimal("95.0") and s.bonus == 20 and s.total == Decimal("115.0")
    assert scoring.score([hit("policy_stale", D, 5), *bonus], portal=False).bonus == 0
    at_80 = [hit(f"x{n}", D, 10) for n in range(2)]
    assert scoring.score([*at_80, *bonus], portal=True).bonus == 0  # 80 is not above 80


def test_a_department_without_services_is_scored_out_of_75():
    s = scoring.score([hit("no_leaders", D, 3)], portal=False, scaled=True)
    assert s.base == Decimal("96.0")  # (75 − 3) × 4/3


def deductions(c):
    return {f.code: f.points for f in c.findings.filter(kind=D)}


def test_the_known_deductions_with_their_numbers(healthy):  # noqa: F811
    c = services.run(site_ids=[healthy.pk], day=DAY)[0]
    assert "policy_stale" not in deductions(c)
    Document.objects.filter(
        agency__jurisdiction=healthy.jurisdiction, genre__in=["规章", "行政规范性文件"]
    ).update(published_on=DAY - dt.timedelta(days=184))
    m = _consult(healthy, DAY - dt.timedelta(days=70))
    m.state, m.replied_on = Message.REPLIED, DAY - dt.timedelta(days=62)
    m.save()
    cases = Case.objects.filter(agency__jurisdiction=healthy.jurisdiction)
    cases.update(received_on=dt.date(2026, 8, 16))  # 3 months before 16 November: not stale
    assert "service_stats_stale" not in deductions(services.run(site_ids=[healthy.pk], day=DAY)[0])
    cases.update(received_on=dt.date(2026, 8, 15))
    c = services.run(site_ids=[healthy.pk], day=DAY)[0]
    found = deductions(c)
    assert found["policy_stale"] == 5
    assert found["replies_stale"] == 3  # last reply 62 days ago: over 2 months
    assert found["service_stats_stale"] == 2  # no case received in the 3 months
    assert c.findings.get(code="policy_stale").page == "/site/433101/xxgk/"


def test_six_interviews_in_the_year_earn_the_bonus(healthy):  # noqa: F811
    gov = Agency.objects.filter(jurisdiction=healthy.jurisdiction).first()
    for n in range(6):
        Interview.objects.create(
            title=f"访谈{n}",
            summary="示例",
            agency=gov,
            guests="示例嘉宾",
            host="主持人",
            starts_at=at(DAY - dt.timedelta(days=30 * n + 1)),
            ends_at=at(DAY - dt.timedelta(days=30 * n + 1), 11),
        )
    c = services.run(site_ids=[healthy.pk], day=DAY)[0]
    assert c.result == SiteCheck.PASS
    if c.base_score > 80:
        assert c.findings.filter(code="bonus_interviews").exists() and c.bonus >= 10


def test_a_site_without_its_code_in_the_footer(sites, county):
    """The 州's profile carries DEMO433100 and a county site shows it (inherited, as its footer
    does); a department site shows only its own."""
    dept = Site.objects.filter(agency__isnull=False, jurisdiction=county.jurisdiction).first()
    Site.objects.filter(pk=dept.pk).update(site_code="")
    checks = {c.site_id: c for c in services.run(site_ids=[county.pk, dept.pk], day=DAY)}
    assert not checks[county.pk].findings.filter(code="no_site_code").exists()
    f = checks[dept.pk].findings.get(code="no_site_code")
    assert f.points == 2 and f.page == f"/site/433101/bm/{dept.agency.usci}/"
    dept.site_code = "4331010001"
    dept.save()
    again = services.run(site_ids=[dept.pk], day=DAY)[0]
    assert not again.findings.filter(code="no_site_code").exists()
