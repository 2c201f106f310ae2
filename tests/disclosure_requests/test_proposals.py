"""条例 §44: several applicants asking one body for the same information → a 转为主动公开建议;
an applicant may suggest it; the body decides, and publishing starts the §26 clock on the
decision day. Like requests are found by the search index, worded as people word them."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhengwu.core.errors import NotAllowed
from zhengwu.disclosure.models import Document
from zhengwu.disclosure.requests import rules, services
from zhengwu.disclosure.requests.models import ProposalRequest, PublicationProposal
from zhengwu.disclosure.services import publication_clock
from zhengwu.org.models import Role, RoleAssignment, User

from .conftest import applicant

D = dt.date
API = "/api/v1/disclosure/proposals"
JAN_5 = D(2026, 1, 5)
ROAD = [
    "2024年城区道路改造工程的预算",
    "城区道路改造工程2024年预算资金",
    "请公开2024年城区道路改造工程预算明细",
    "2024年度城区道路改造工程预算情况",
]


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def fh_officer(fh_gov):
    """信息公开工作人员 of 凤凰县人民政府 (no demo requests there)."""
    user = User.objects.create(
        username="fh-xxgk-44",
        kind=User.STAFF,
        real_name="田春燕",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.DISCLOSURE_OFFICER, agency=fh_gov)
    return user


@pytest.fixture
def ask(admin):
    """ask(agency, subject, n=applicant, on=date) → a request handed in by letter that day."""

    def _ask(agency, subject, *, n, on=JAN_5, **extra):
        req, _ = services.register(
            agency,
            applicant(n=n, subject=subject, **extra),
            channel=rules.LETTER,
            by=admin,
            submitted_on=on,
        )
        return req

    return _ask


def proposals_of(agency):
    return list(PublicationProposal.objects.filter(agency=agency))


def login(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_third_applicant_makes_a_proposal_seen_on_the_page_the_api_and_the_cli(
    fh_gov, fh_officer, ask
):
    first = ask(fh_gov, ROAD[0], n=1, on=D(2026, 1, 5))
    second = ask(fh_gov, ROAD[1], n=2, on=D(2026, 1, 12))
    officer = login(fh_officer)
    assert proposals_of(fh_gov) == []
    assert "暂无" in officer.get("/workbench/requests/proposals/").content.decode()
    assert officer.get(f"{API}/").json()["count"] == 0

    third = ask(fh_gov, ROAD[2], n=3, on=D(2026, 1, 20))
    [p] = proposals_of(fh_gov)
    assert p.status == PublicationProposal.PENDING
    assert p.source == PublicationProposal.LIKE_REQUESTS
    assert p.subject == ROAD[0]  # as the first applicant named it
    assert p.applicants == 3
    assert set(p.requests.all()) == {first, second, third}

    page = officer.get("/workbench/requests/proposals/").content.decode()
    assert "待决定的转为主动公开建议" in page and ROAD[0] in page
    for req in (first, second, third):
        assert req.number in page
    assert "2026-01-05" in page and "2026-01-20" in page
    detail = officer.get(f"/workbench/requests/{second.number}/").content.decode()
    assert "该申请已列入转为主动公开建议" in detail
    workbench = officer.get("/workbench/").content.decode()
    assert (
        '<a href="/workbench/requests/proposals/">转为主动公开建议</a>：<strong>1</strong>'
        in workbench
    )
    assert (
        "/workbench/requests/proposals/" in officer.get("/workbench/disclosure/").content.decode()
    )

    listed = officer.get(f"{API}/").json()
    assert listed["count"] == 1
    [out] = listed["results"]
    assert out["subject"] == ROAD[0] and out["applicants"] == 3
    assert [r["number"] for r in out["requests"]] == [first.number, second.number, third.number]

    cli = io.StringIO()
    call_command("disclosure_proposals", "--agency", fh_gov.usci, stdout=cli)
    text = cli.getvalue()
    assert "待决定的转为主动公开建议 1 项" in text and ROAD[0] in text
    assert third.number in text


def test_one_applicant_asking_twice_counts_once(fh_gov, ask):
    ask(fh_gov, ROAD[0], n=1, on=D(2026, 1, 5))
    ask(fh_gov, ROAD[1], n=1, on=D(2026, 1, 12))
    ask(fh_gov, ROAD[2], n=2, on=D(2026, 1, 20))
    assert proposals_of(fh_gov) == []
    ask(fh_gov, ROAD[3], n=3, on=D(2026, 2, 2))
    [p] = proposals_of(fh_gov)
    assert p.applicants == 3 and p.requests.count() == 4


def test_unrelated_requests_do_not_match(fh_gov, ask):
    ask(fh_gov, ROAD[0], n=1)
    ask(fh_gov, ROAD[1], n=2)
    ask(fh_gov, "2025年农村最低生活保障资金发放情况", n=3)
    ask(fh_gov, "凤凰古城景区门票收入使用情况", n=4)
    assert proposals_of(fh_gov) == []


def test_the_threshold_is_a_setting(fh_gov, ask, settings):
    settings.ZHENGWU_SIMILAR_REQUESTS = 2
    ask(fh_gov, ROAD[0], n=1)
    assert proposals_of(fh_gov) == []
    ask(fh_gov, ROAD[1], n=2)
    [p] = proposals_of(fh_gov)
    assert p.applicants == 2


def test_a_request_older_than_the_period_does_not_count(fh_gov, ask):
    ask(fh_gov, ROAD[0], n=1, on=D(2025, 1, 2))  # more than 12 months before the third
    ask(fh_gov, ROAD[1], n=2, on=D(2026, 1, 12))
    ask(fh_gov, ROAD[2], n=3, on=D(2026, 1, 20))
    assert proposals_of(fh_gov) == []
    fourth = ask(fh_gov, ROAD[3], n=4, on=D(2026, 2, 2))
    [p] = proposals_of(fh_gov)
    assert p.applicants == 3 and fourth in p.requests.all()
    assert p.subject == ROAD[1]


def test_another_bodys_requests_do_not_count(fh_gov, fh_dept, ask):
    ask(fh_gov, ROAD[0], n=1)
    ask(fh_gov, ROAD[1], n=2)
    ask(fh_dept, ROAD[2], n=3)
    assert proposals_of(fh_gov) == [] and proposals_of(fh_dept) == []


def test_a_fourth_like_request_joins_the_open_proposal(fh_gov, ask):
    for n in (1, 2, 3):
        ask(fh_gov, ROAD[n - 1], n=n)
    fourth = ask(fh_gov, ROAD[3], n=4, on=D(2026, 1, 25))
    [p] = proposals_of(fh_gov)
    assert p.applicants == 4 and fourth in p.requests.all()


@pytest.fixture
def proposal(fh_gov, ask):
    for n, on in ((1, D(2026, 1, 5)), (2, D(2026, 1, 12)), (3, D(2026, 1, 20))):
        ask(fh_gov, ROAD[n - 1], n=n, on=on)
    return PublicationProposal.objects.get(agency=fh_gov)


def test_deciding_to_publish_drafts_the_document_with_its_clock_from_the_decision(
    proposal, fh_officer
):
    """条例 §26: 20 working days from the decision (domain-rules §8: 2026-02-10 → 2026-03-16)."""
    officer = login(fh_officer)
    r = post(
        officer,
        f"{API}/{proposal.pk}/decide",
        {"decision": "publish", "on": "2026-02-10", "version": proposal.version},
    )
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["status"] == "publish" and out["decided_on"] == "2026-02-10"
    assert out["document"]["publish_by"] == "2026-03-16"
    proposal.refresh_from_db()
    doc = Document.objects.get(pk=proposal.document_id)
    assert doc.title == ROAD[0] and doc.proactive and doc.status == Document.DRAFT
    assert doc.agency_id == proposal.agency_id
    clock = publication_clock(doc)
    assert clock.started_on == D(2026, 2, 10) and clock.due_date == D(2026, 3, 16)
    assert proposal.decided_by == fh_officer
    # decided: no second decision
    again = post(officer, f"{API}/{proposal.pk}/decide", {"decision": "decline", "reason": "x"})
    assert again.status_code == 409 and again.json()["message"] == "该建议已作出决定"


def test_declining_needs_a_reason_and_the_page_keeps_what_was_typed(proposal, fh_officer):
    officer = login(fh_officer)
    url = f"/workbench/requests/proposals/{proposal.pk}/decide/"
    r = officer.post(url, {"decision": "decline", "reason": " ", "on": "2026-02-10"})
    assert r.status_code == 422
    page = r.content.decode()
    assert "请填写不予转为主动公开的理由" in page and 'value="2026-02-10"' in page
    api = post(officer, f"{API}/{proposal.pk}/decide", {"decision": "decline"})
    assert api.status_code == 422 and api.json()["message"] == "请填写不予转为主动公开的理由"
    bad = post(officer, f"{API}/{proposal.pk}/decide", {"decision": "maybe"})
    assert bad.status_code == 422 and "decision" in bad.json()["message"]
    early = post(
        officer, f"{API}/{proposal.pk}/decide", {"decision": "publish", "on": "2026-01-06"}
    )
    assert early.status_code == 422 and "不能早于所列申请的收到日期" in early.json()["message"]

    r = officer.post(
        url, {"decision": "decline", "reason": "涉及未完成的招标，暂不宜公开", "on": "2026-02-10"}
    )
    assert r.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == PublicationProposal.DECLINE and proposal.document_id is None
    assert proposal.decision_reason == "涉及未完成的招标，暂不宜公开"
    page = officer.get(r.url).content.decode()
    assert "已决定不予转为主动公开" in page and "决定不予转为主动公开" in page


def test_a_stale_version_is_a_409(proposal, fh_officer, fh_gov, ask):
    seen = proposal.version
    ask(fh_gov, ROAD[3], n=4, on=D(2026, 1, 25))  # joins: what the officer saw has changed
    r = post(
        login(fh_officer),
        f"{API}/{proposal.pk}/decide",
        {"decision": "publish", "on": "2026-02-10", "version": seen},
    )
    assert r.status_code == 409 and "已被他人处理" in r.json()["message"]
    proposal.refresh_from_db()
    assert proposal.status == PublicationProposal.PENDING and proposal.applicants == 4


def test_an_officer_of_another_body_neither_sees_nor_decides(proposal, as_user):
    jishou = as_user("disclosure")  # 吉首市人民政府's officer
    assert jishou.get(f"/workbench/requests/proposals/{proposal.pk}/").status_code == 404
    assert jishou.get(f"{API}/{proposal.pk}").status_code == 404
    listed = jishou.get(f"{API}/?status=all&limit=200").json()["results"]
    assert proposal.pk not in [p["id"] for p in listed]
    r = post(jishou, f"{API}/{proposal.pk}/decide", {"decision": "publish"})
    assert r.status_code == 404
    with pytest.raises(NotAllowed):
        services.proposals.decide(
            proposal, publish=True, by=User.objects.get(username="disclosure")
        )
    proposal.refresh_from_db()
    assert proposal.status == PublicationProposal.PENDING


@pytest.fixture
def citizen(db):
    """向阳, a citizen of 凤凰 with an account."""
    return User.objects.get(username="433123199511020171")


def _answered_own(fh_gov, citizen, fh_officer, subject):
    data = applicant(
        applicant_id_number=citizen.id_number, applicant_name=citizen.real_name, subject=subject
    )
    req, _ = services.submit_online(fh_gov, data, by=citizen)
    return req


def test_the_applicant_may_suggest_it_once_after_the_answer(fh_gov, citizen, fh_officer):
    req = _answered_own(fh_gov, citizen, fh_officer, "凤凰县2025年城乡居民医保补助资金分配情况")
    me = login(citizen)
    page = me.get(f"/my/requests/{req.number}/").content.decode()
    assert "建议将该信息转为主动公开" not in page  # not answered yet
    early = post(me, f"/api/v1/disclosure/requests/{req.number}/suggest", {"reason": "很多人关心"})
    assert early.status_code == 409 and "答复后" in early.json()["message"]

    services.answer(req, outcome="disclosed", provided_otherwise="现场查阅", by=fh_officer)
    page = me.get(f"/my/requests/{req.number}/").content.decode()
    assert "建议将该信息转为主动公开" in page
    blank = me.post(f"/my/requests/{req.number}/suggest/", {"reason": ""})
    assert blank.status_code == 422 and "请填写建议理由" in blank.content.decode()
    r = me.post(f"/my/requests/{req.number}/suggest/", {"reason": "涉及全县参保群众，建议主动公开"})
    assert r.status_code == 302
    [p] = proposals_of(fh_gov)
    assert p.source == PublicationProposal.SUGGESTED and p.suggested_by_request_id == req.pk
    assert p.suggestion_reason == "涉及全县参保群众，建议主动公开"
    assert "您已建议将该信息转为主动公开" in me.get(r.url).content.decode()
    again = post(me, f"/api/v1/disclosure/requests/{req.number}/suggest", {"reason": "再次建议"})
    assert again.status_code == 409 and "已提出过" in again.json()["message"]
    # somebody else's request is not theirs to suggest on
    other = post(
        login(User.objects.get(username="433101198803140228")),
        f"/api/v1/disclosure/requests/{req.number}/suggest",
        {"reason": "建议"},
    )
    assert other.status_code == 404
    seen = login(fh_officer).get(f"{API}/{p.pk}").json()
    assert seen["source_label"] == "申请人建议" and seen["requests"][0]["suggested"]


def test_a_suggestion_joins_the_open_proposal_of_like_requests(fh_gov, citizen, fh_officer, ask):
    for n in (1, 2, 3):
        ask(fh_gov, ROAD[n - 1], n=n)
    [p] = proposals_of(fh_gov)
    req = _answered_own(fh_gov, citizen, fh_officer, "城区道路改造工程2024年的预算")
    p.refresh_from_db()
    assert req in p.requests.all() and p.applicants == 4
    services.answer(req, outcome="disclosed", provided_otherwise="现场查阅", by=fh_officer)
    r = post(
        login(citizen), f"/api/v1/disclosure/requests/{req.number}/suggest", {"reason": "常用"}
    )
    assert r.status_code == 201
    assert proposals_of(fh_gov) == [p]  # never two open proposals for one information
    p.refresh_from_db()
    assert p.source == PublicationProposal.LIKE_REQUESTS and p.suggested_by_request_id == req.pk
    assert ProposalRequest.objects.get(proposal=p, request=req).suggestion == "常用"


def test_the_cli_scan_finds_an_imported_register(tmp_path, fh_gov):
    header = "received_on,channel,applicant_type,applicant_name,subject"
    lines = [
        f"2026-01-0{n},信函申请,自然人,{name},{subject}"
        for n, (name, subject) in enumerate(zip(["王五", "赵六", "孙七"], ROAD[:3], strict=True), 1)
    ]
    path = tmp_path / "register.csv"
    path.write_text("\n".join([header, *lines]), encoding="utf-8")
    out = io.StringIO()
    call_command("import_requests", str(path), "--agency", fh_gov.usci, stdout=out)
    assert "1 项转为主动公开建议" in out.getvalue()
    [p] = proposals_of(fh_gov)
    assert p.applicants == 3  # by name: a register keeps no ID numbers
    # a register loaded before: the scan finds it again, and proposes nothing twice
    PublicationProposal.objects.filter(pk=p.pk).delete()
    cli = io.StringIO()
    call_command("disclosure_proposals", "--scan", "--agency", fh_gov.usci, stdout=cli)
    text = cli.getvalue()
    assert "检查完成：1项建议" in text and ROAD[0] in text
    call_command("disclosure_proposals", "--scan", "--agency", fh_gov.usci, stdout=io.StringIO())
    assert len(proposals_of(fh_gov)) == 1


def test_public_search_never_shows_a_request(fh_gov, ask):
    ask(fh_gov, "凤凰县沱江镇老旧小区改造工程竣工决算报告", n=1)
    r = Client().get("/api/v1/search", {"q": "老旧小区改造工程竣工决算"})
    assert r.status_code == 200
    assert all("/workbench/" not in h["url"] for h in r.json()["hits"])
    assert r.json()["total"] == 0
    by_kind = Client().get("/api/v1/search", {"q": "老旧小区改造", "kind": "disclosure_request"})
    assert by_kind.status_code >= 400 or by_kind.json()["hits"] == []
    page = Client().get("/search/", {"q": "老旧小区改造工程竣工决算"}).content.decode()
    assert "沱江镇老旧小区" not in page


def test_the_list_reads_a_page_of_proposals_in_a_fixed_number_of_queries(fh_gov, fh_officer, ask):
    """Each proposal's requests and its document's due date come with the page, not one by one."""
    officer = login(fh_officer)
    matters = [
        ROAD,
        ["乡镇敬老院2025年床位数量", "2025年乡镇敬老院的床位数量", "乡镇敬老院床位数量（2025年）"],
    ]
    counted = []
    for matter in matters:
        for n, on in ((1, D(2026, 1, 5)), (2, D(2026, 1, 12)), (3, D(2026, 1, 20))):
            ask(fh_gov, matter[n - 1], n=n + 10 * len(counted), on=on)
        officer.get(f"{API}/")  # warm: the session, the roles and the divisions cached
        officer.get("/workbench/requests/proposals/")
        with CaptureQueriesContext(connection) as ctx:
            listed = officer.get(f"{API}/").json()
            officer.get("/workbench/requests/proposals/")
        counted.append(len(ctx.captured_queries))
        assert listed["count"] == len(counted)
    assert counted[1] == counted[0]
