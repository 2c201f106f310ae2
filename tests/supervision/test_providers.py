"""The measure providers the business apps register (core.measures.EXPECTED), checked as
deltas on data made in 古丈县 (433126), which the demos use little."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.cases.conftest import make_item, person, required_files
from zhengwu.cases import services as cases
from zhengwu.cases.models import Case
from zhengwu.core import measures
from zhengwu.disclosure.models import Column, Document, GuideRevision
from zhengwu.disclosure.requests import services as requests
from zhengwu.disclosure.requests.models import AnnualReport
from zhengwu.interaction import services as interaction
from zhengwu.interaction.models import Mailbox, Message
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User

D = dt.date
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def guzhang(db):
    return Jurisdiction.objects.get(code="433126")


@pytest.fixture
def gz_agency(db):
    return Agency.objects.get(jurisdiction__code="433126", short_name="市场监管")


@pytest.fixture
def root(db):
    return User.objects.get(username="root")


def fig(name, j, **kw):
    f = measures.measure(name, j, year=YEAR, **kw)
    assert f is not None, f"{name} has no provider"
    return f["numerator"], f["denominator"]


def delta(before, after):
    return (after[0] - before[0], after[1] - before[1])


def complete(case, root, accepted, finished):
    cases.accept(case, by=root, on=accepted)
    for _ in range(2):
        cases.advance(case, opinion="同意", by=root, on=accepted)
    cases.decide(case, approve=True, reason="", by=root, on=finished)
    cases.deliver(case, method="window", by=root, on=finished)


def window_case(item, root, key, on):
    return cases.submit(
        item,
        by=root,
        channel=Case.WINDOW,
        applicant=person(),
        materials=required_files(item),
        idempotency_key=key,
        on=on,
    )[0]


def test_every_expected_provider_is_registered():
    for name in measures.EXPECTED:
        if name != "ratings.rateable":  # summed from its parts, see below
            assert measures.registered(name), name
    assert measures.names("ratings.rateable.") == [
        "ratings.rateable.cases",
        "ratings.rateable.messages",
        "ratings.rateable.requests",
    ]


def test_case_providers(guzhang, gz_agency, root):
    names = ["cases.on_time", "cases.actual_vs_statutory", "cases.one_visit", "cases.online"]
    before = {n: fig(n, guzhang) for n in names}
    mine = {n: fig(n, guzhang, agency=gz_agency) for n in names}
    rateable = fig("ratings.rateable.cases", guzhang, month=3)
    item = make_item(gz_agency)  # statutory 20, promised 10 working days, 1 visit
    two_visits = make_item(gz_agency, name="食品生产许可", visits=2)
    # 2026-03-02 → 03-05: 3 working days (on time); → 03-20: 14 (late against 10, within 20).
    on_time = window_case(item, root, "gz1", D(YEAR, 3, 2))
    late = window_case(item, root, "gz2", D(YEAR, 3, 2))
    complete(on_time, root, D(YEAR, 3, 2), D(YEAR, 3, 5))
    complete(late, root, D(YEAR, 3, 2), D(YEAR, 3, 20))
    cases.submit(
        two_visits,
        by=User.objects.get(username="433101198803140228"),
        channel=Case.ONLINE,
        applicant={"applicant_phone": "13907430001"},
        materials=required_files(two_visits),
        idempotency_key="gz3",
        on=D(YEAR, 3, 2),
    )
    late.refresh_from_db()
    assert (late.handling_workdays, late.on_time, late.within_statutory) == (14, False, True)
    after = {n: fig(n, guzhang) for n in names}
    assert delta(before["cases.on_time"], after["cases.on_time"]) == (1, 2)
    # Σ(法定 − 实际) = (20 − 3) + (20 − 14) = 23 of Σ法定 40.
    assert delta(before["cases.actual_vs_statutory"], after["cases.actual_vs_statutory"]) == (
        23,
        40,
    )
    assert delta(before["cases.one_visit"], after["cases.one_visit"]) == (2, 3)
    assert delta(before["cases.online"], after["cases.online"]) == (1, 3)
    # The agency filter and the month of completion.
    assert delta(mine["cases.on_time"], fig("cases.on_time", guzhang, agency=gz_agency)) == (1, 2)
    assert delta(rateable, fig("ratings.rateable.cases", guzhang, month=3)) == (2, 2)
    # One implementation: the cases app's own measures read the same aggregates.
    from zhengwu.cases import queries

    m = queries.measures(guzhang, YEAR)
    assert (m["on_time_rate"]["numerator"], m["on_time_rate"]["denominator"]) == after[
        "cases.on_time"
    ]
    assert (
        m["online_application_rate"]["numerator"],
        m["online_application_rate"]["denominator"],
    ) == after["cases.online"]


def test_disclosure_providers(guzhang, gz_agency, root):
    before_g = fig("disclosure.guides_revised", guzhang)
    before_p = fig("disclosure.published_on_time", guzhang)
    new = Agency.objects.create(
        usci="11433126MB1234567X"[:17] + "0",
        name="古丈县测试局",
        short_name="测试局",
        jurisdiction=guzhang,
        scope_path=guzhang.path,
    )
    if not Column.objects.filter(agency=new).exists():
        Column.objects.create(agency=new, name="机构职能", scope_path=guzhang.path)
    # A new agency with a column and nothing revised: counted, not revised.
    assert delta(before_g, fig("disclosure.guides_revised", guzhang)) == (0, 1)
    GuideRevision.objects.create(
        agency=new,
        scope_path=guzhang.path,
        revised_on=D(YEAR, 2, 1),
        classification="按主题",
        how_to_obtain="网站",
        office_name="办公室",
        address="古丈县",
        office_hours="工作日",
        phone="0743-0000000",
        internet="https://example.invalid",
        how_to_request="书面申请",
    )
    assert delta(before_g, fig("disclosure.guides_revised", guzhang)) == (0, 1)  # catalogue too
    for n, late in enumerate([False, True]):
        Document.objects.create(
            agency=new,
            scope_path=guzhang.path,
            index_no=f"GZTEST-{YEAR}-{n}",
            title=f"测试文件{n}",
            created_on=D(YEAR, 3, 1),
            published_on=D(YEAR, 3, 10),
            status=Document.PUBLISHED,
            published_late=late,
        )
    assert delta(before_g, fig("disclosure.guides_revised", guzhang)) == (1, 1)
    assert delta(before_p, fig("disclosure.published_on_time", guzhang)) == (1, 2)
    assert fig("disclosure.published_on_time", guzhang, agency=new) == (1, 2)


def test_request_providers(guzhang, root):
    gov = Agency.objects.get(jurisdiction__code="433126", kind=Agency.GOVERNMENT)
    before = fig("disclosure.requests_on_time", guzhang)
    rateable = fig("ratings.rateable.requests", guzhang, month=3)
    from tests.disclosure_requests.conftest import applicant

    made = []
    for n in (1, 2):
        req, _ = requests.register(
            gov, applicant(n=n), channel="letter", by=root, submitted_on=D(YEAR, 3, 2)
        )
        made.append(req)
    # 条例 §33: 20 working days from 03-02 → due 03-30; one answered 03-20, one 03-31 (late).
    requests.answer(
        made[0], outcome="disclosed", on=D(YEAR, 3, 20), provided_otherwise="现场查阅", by=root
    )
    requests.answer(
        made[1], outcome="disclosed", on=D(YEAR, 3, 31), provided_otherwise="现场查阅", by=root
    )
    assert delta(before, fig("disclosure.requests_on_time", guzhang)) == (1, 2)
    assert delta(rateable, fig("ratings.rateable.requests", guzhang, month=3)) == (2, 2)
    # Annual reports due this year (those of last year): published by the §49 date or not.
    before_r = fig("disclosure.annual_report_on_time", guzhang, agency=gov)
    report = requests.ensure_report(gov, YEAR - 1)
    due = report_due = requests.report_due(gov, YEAR - 1)
    assert report_due == D(YEAR, 3, 31)  # a government: 3-31
    mid = fig("disclosure.annual_report_on_time", guzhang, agency=gov)
    on_time = timezone.make_aware(dt.datetime.combine(due, dt.time(10)))
    AnnualReport.objects.filter(pk=report.pk).update(published_at=on_time)
    after = fig("disclosure.annual_report_on_time", guzhang, agency=gov)
    assert mid[1] == 1 and after == (1, 1) and before_r[1] <= 1
    AnnualReport.objects.filter(pk=report.pk).update(published_at=on_time + dt.timedelta(days=1))
    assert fig("disclosure.annual_report_on_time", guzhang, agency=gov) == (0, 1)


def test_message_providers(guzhang, gz_agency, root):
    box, _ = Mailbox.objects.get_or_create(agency=gz_agency, defaults={"name": "古丈市场监管信箱"})
    handler = User.objects.create_user(username="gz-handler", password="x", kind=User.STAFF)
    RoleAssignment.objects.create(user=handler, role=Role.MESSAGE_HANDLER, agency=gz_agency)
    before = fig("interaction.messages_on_time", guzhang)
    rateable = fig("ratings.rateable.messages", guzhang, month=timezone.localdate().month)
    for n in range(2):
        m, _ = interaction.submit_message(
            mailbox=box,
            kind=Message.CONSULT,
            title=f"咨询食品经营许可办理{n}",
            body="请问食品经营许可需要哪些材料，多久能办好？",
            name="张三",
            phone="13907431234",
        )
        interaction.accept(m, by=handler)
        interaction.reply(m, text="您好，所需材料见办事指南，承诺10个工作日办结。", by=handler)
    Message.objects.filter(pk=m.pk).update(on_time=False)
    assert delta(before, fig("interaction.messages_on_time", guzhang)) == (1, 2)
    now = fig("ratings.rateable.messages", guzhang, month=timezone.localdate().month)
    assert delta(rateable, now) == (2, 2)


def test_targets_and_assessment_show_the_provided_values(client, guzhang, gz_agency, root):
    item = make_item(gz_agency)
    case = window_case(item, root, "gz-a", D(YEAR, 3, 2))
    complete(case, root, D(YEAR, 3, 2), D(YEAR, 3, 5))
    t = {
        r["key"]: r
        for r in client.get("/api/v1/supervision/targets?jurisdiction=433126").json()["targets"]
    }
    for key in ("actual_vs_statutory", "guides_revised", "annual_report_on_time"):
        assert "暂无数据" not in t[key]["note"], key
        assert t[key]["denominator"] is not None, key
    assert t["actual_vs_statutory"]["value"] is not None  # at least the case above
    page = client.get("/site/433126/jd/targets/")
    assert page.status_code == 200 and "暂无数据（尚无业务系统提供该数据）" not in page.text
    from zhengwu.assessment import services as assessment
    from zhengwu.assessment.models import Scheme

    admin = User.objects.get(username="admin")
    from zhengwu.assessment import editing

    scheme = Scheme.objects.filter(year=YEAR).first() or assessment.create_scheme(YEAR, by=admin)
    if scheme.state == Scheme.DRAFTING:  # the demo's current year is still being drawn up
        editing.start_scoring(scheme, by=admin)
    results = assessment.compute(scheme, by=User.objects.get(username="supervisor"))
    gz = next(r for r in results if r.group == "county" and r.jurisdiction_id == guzhang.pk)
    expected = measures.measure("cases.on_time", guzhang, year=YEAR)["value"]
    assert expected is not None and gz.scores["cases_on_time"]["value"] == expected
    assert gz.scores["guides_revised"]["value"] is not None
