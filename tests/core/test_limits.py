"""Statutory limits as rows (core.limits): the reader, a jurisdiction's own value, the
openness office's page and the explanations that cite the article."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.conftest import login
from tests.disclosure_requests.conftest import applicant
from zhengwu.core import actions, limits
from zhengwu.core.errors import Invalid
from zhengwu.core.models import AuditEvent
from zhengwu.disclosure.requests import rules
from zhengwu.disclosure.requests import services as requests
from zhengwu.interaction import services as interaction
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

D = dt.date
ANSWER_BASIS = "依据《中华人民共和国政府信息公开条例》第三十三条第二款，20个工作日"
FEE = "disclosure.fee_payment"


def office(username: str, code: str) -> User:
    """A 政务公开办 over the jurisdiction `code`."""
    user = User.objects.create(
        username=username, kind=User.STAFF, real_name=username, password_changed_at=timezone.now()
    )
    RoleAssignment.objects.create(
        user=user, role=Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code=code)
    )
    return user


def township(county: str) -> str:
    return Jurisdiction.objects.filter(parent__code=county).order_by("code").first().code


def fee_clock_due(agency: Agency, on: D) -> D:
    officer = User.objects.get(username="disclosure")
    RoleAssignment.objects.get_or_create(
        user=officer, role=Role.DISCLOSURE_OFFICER, agency=agency, centre=None
    )
    req, _ = requests.register(
        agency,
        applicant(),
        channel=rules.LETTER,
        submitted_on=on,
        by=officer,
    )
    requests.handle(req, by=officer)
    requests.notify_fee(req, method=rules.PER_VOLUME, pages=250, on=on, by=officer)
    return requests._clock(req, requests.FEE_PAYMENT).due_date


def test_the_national_default_is_the_row_with_its_article():
    answer = limits.get("disclosure.answer")
    assert (answer.days, answer.unit) == (20, limits.WORKDAYS)
    assert answer.citation == ANSWER_BASIS
    assert limits.days("petition.handle", "433101") == 60
    assert limits.get("petition.handle").amount == "60日"
    assert limits.days("cases.extension") == 10
    assert limits.days("cases.joint_extension") == 15


def test_a_county_value_is_seen_by_its_townships_not_by_another_county():
    limits.set_local(FEE, "433123", days="10", unit=limits.WORKDAYS, reason="凤凰县规定")
    assert limits.days(FEE, "433123") == 10
    assert limits.days(FEE, township("433123")) == 10
    assert limits.days(FEE, Jurisdiction.objects.get(code="433123")) == 10
    assert limits.days(FEE, "433101") == 20
    assert limits.days(FEE) == 20
    # The 州's own value reaches 吉首; 凤凰's nearer one still wins there.
    limits.set_local(FEE, "433100", days="12", unit=limits.WORKDAYS, reason="州规定")
    assert limits.days(FEE, township("433101")) == 12
    assert limits.days(FEE, township("433123")) == 10
    limits.remove_local(FEE, "433123")
    assert limits.days(FEE, "433123") == 12


def test_the_old_environment_variable_still_sets_the_national_default():
    limits.set_local(FEE, "433123", days="10", unit=limits.WORKDAYS, reason="凤凰县规定")
    with override_settings(ZHENGWU_DISCLOSURE_FEE_WORKDAYS=25):
        assert limits.days(FEE, "433101") == 25
        assert limits.days(FEE, "433123") == 10


def test_a_law_the_country_sets_cannot_be_changed_locally():
    with pytest.raises(Invalid) as e:
        limits.set_local("disclosure.answer", "433123", days="30", unit="workdays", reason="x")
    assert e.value.code == "not_configurable"
    for days, unit, code in (("0", "workdays", "bad_days"), ("十", "days", "bad_days")):
        with pytest.raises(Invalid) as e:
            limits.set_local(FEE, "433123", days=days, unit=unit, reason="x")
        assert e.value.code == code
    with pytest.raises(Invalid) as e:
        limits.set_local(FEE, "433123", days="10", unit="weeks", reason="x")
    assert e.value.message == "单位应为“日”或“工作日”"


def test_a_changed_row_changes_a_new_requests_deadline():
    """Fee notice on 2025-09-29: 20 working days skip 国庆 10-1…10-8 and count the 10-11
    make-up Saturday, ending 2025-11-03; 凤凰县's own 10 end 2025-10-20."""
    fh = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    jishou = Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)
    assert fee_clock_due(fh, D(2025, 9, 29)) == D(2025, 11, 3)
    limits.set_local(FEE, "433123", days="10", unit=limits.WORKDAYS, reason="凤凰县规定")
    assert fee_clock_due(fh, D(2025, 9, 29)) == D(2025, 10, 20)
    assert fee_clock_due(jishou, D(2025, 9, 29)) == D(2025, 11, 3)


def test_a_complaints_answer_period_follows_its_county():
    from zhengwu.interaction.models import Complaint

    limits.set_local(
        "complaint.answer", "433101", days="20", unit=limits.DAYS, reason="吉首市投诉办法"
    )
    agency = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")
    citizen = User.objects.get(username="433101198803140228")
    complaint = interaction.file_complaint(
        about=Complaint.AGENCY,
        agency=agency,
        title="窗口推诿不办",
        body="窗口工作人员推诿不办，要求我多次往返。",
        by=citizen,
    )
    supervisor = User.objects.get(username="supervisor")
    interaction.decide_complaint(complaint, accept_it=True, reason="属于受理范围", by=supervisor)
    complaint = Complaint.objects.get(pk=complaint.pk)
    c = interaction.clock.clocks_of(complaint).get(purpose=interaction.COMPLAINT_ANSWER_CLOCK)
    assert (c.limit, c.unit) == (20, limits.DAYS)


# ---------------------------------------------------------------- the openness office's page


def test_the_page_lists_every_limit_with_its_article(client):
    page = login("admin").get("/workbench/limits/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "《中华人民共和国政府信息公开条例》第三十三条第二款" in text
    assert "《中华人民共和国行政许可法》第四十二条第一款" in text
    assert "湘西土家族苗族自治州" in text
    assert login("officer").get("/workbench/limits/").status_code == 403


def test_a_county_office_sets_its_own_value_with_audit():
    fh = office("fh-gkb", "433123")
    c = login("fh-gkb")
    url = f"/workbench/limits/{FEE}/433123/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"days": "10", "unit": "workdays", "reason": "凤凰县信息公开收费办法"})
    assert r.status_code == 302
    page = c.get(r["Location"])
    assert "凤凰县的“缴纳信息处理费期限”已设为10个工作日" in page.content.decode()
    event = AuditEvent.objects.filter(action="limits.local_set").latest("id")
    assert event.actor_id == fh.pk
    assert event.after["days"] == 10 and event.before is None
    assert actions.label("limits.local_set") == "设置本地法定期限"
    # Not another county's rows, not the 州's, not a law the country fixes.
    for other in (f"/workbench/limits/{FEE}/433101/", f"/workbench/limits/{FEE}/433100/"):
        assert c.post(other, {"days": "5", "unit": "workdays", "reason": "x"}).status_code == 403
    assert c.get("/workbench/limits/disclosure.answer/433123/").status_code == 404
    assert limits.days(FEE, "433101") == 20
    r = c.post(f"/workbench/limits/{FEE}/433123/remove/")
    assert r.status_code == 302
    assert limits.days(FEE, "433123") == 20
    assert AuditEvent.objects.filter(action="limits.local_removed", actor=fh).exists()


def test_bad_input_is_refused_in_chinese_keeping_what_was_typed():
    office("fh-gkb", "433123")
    c = login("fh-gkb")
    url = f"/workbench/limits/{FEE}/433123/"
    r = c.post(url, {"days": "-3", "unit": "workdays", "reason": "本县规定"})
    assert r.status_code == 422 or r.status_code == 400
    text = r.content.decode()
    assert "期限应为正整数" in text and 'value="-3"' in text and "本县规定" in text
    r = c.post(url, {"days": "10", "unit": "月", "reason": "本县规定"})
    assert "单位应为“日”或“工作日”" in r.content.decode()
    assert limits.days(FEE, "433123") == 20


# ---------------------------------------------------------------- explanations cite the row


def test_the_deadline_tool_cites_the_article_and_counts_the_local_value(client):
    r = client.get("/tools/deadline/", {"start": "2025-09-26", "limit": "disclosure.answer"})
    text = r.content.decode()
    assert "2025-10-30" in text and ANSWER_BASIS in text
    limits.set_local(FEE, "433123", days="10", unit=limits.WORKDAYS, reason="凤凰县规定")
    r = client.get(
        "/api/v1/calendar/deadline",
        {"start": "2025-09-29", "limit": FEE, "jurisdiction": "433123"},
    )
    assert r.json()["due_date"] == "2025-10-20"
    assert r.json()["basis"].endswith("（国办函〔2020〕109号），10个工作日")


def test_the_limits_api_gives_what_applies_where(client):
    limits.set_local(FEE, "433123", days="10", unit=limits.WORKDAYS, reason="凤凰县规定")
    rows = {x["code"]: x for x in client.get("/api/v1/limits", {"jurisdiction": "433123"}).json()}
    assert rows[FEE]["days"] == 10 and rows[FEE]["jurisdiction"] == "433123"
    assert rows["disclosure.answer"]["citation"] == ANSWER_BASIS
    assert client.get("/api/v1/limits", {"jurisdiction": "999999"}).status_code == 404


def test_a_request_status_names_the_article_of_its_answer_period(client):
    gov = Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)
    officer = User.objects.get(username="disclosure")
    req, code = requests.register(
        gov,
        applicant(),
        channel=rules.LETTER,
        submitted_on=D(2025, 9, 26),
        by=officer,
    )
    page = client.post("/xxgk/apply/track/", {"number": req.number, "query_code": code})
    text = page.content.decode()
    assert "2025-10-30" in text and ANSWER_BASIS in text
    apply = client.get("/xxgk/apply/").content.decode()
    assert "20个工作日（依据《中华人民共和国政府信息公开条例》第三十三条第二款）" in apply
