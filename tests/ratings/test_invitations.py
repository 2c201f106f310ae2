"""好差评 from every channel (issue 5 §3): an invitation after every completed case and answered
request, rated online once by its owner; a message's 满意度 becomes a rating too."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.cases.conftest import file_online, make_item
from tests.disclosure_requests.conftest import applicant
from zhengwu.cases import services as cases
from zhengwu.core import clock
from zhengwu.core.calendar import add_workdays
from zhengwu.core.models import Clock
from zhengwu.disclosure.requests import services as requests
from zhengwu.interaction import services as interaction
from zhengwu.interaction.models import Mailbox, Message
from zhengwu.org.models import Agency, Role, RoleAssignment, User
from zhengwu.ratings.models import Invitation, Rating, Rectification

D = dt.date
CITIZEN, OTHER = "433101198803140228", "433123199511020171"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def gz_agency(db):
    return Agency.objects.get(jurisdiction__code="433126", short_name="市场监管")


@pytest.fixture
def root(db):
    return User.objects.get(username="root")


@pytest.fixture
def citizen(db):
    return User.objects.get(username=CITIZEN)


def completed_case(gz_agency, citizen, root):
    item = make_item(gz_agency)
    case = file_online(item, citizen, "rate-1", D(2026, 3, 2))
    cases.accept(case, by=root, on=D(2026, 3, 2))
    for _ in range(2):
        cases.advance(case, opinion="同意", by=root, on=D(2026, 3, 2))
    cases.decide(case, approve=True, reason="", by=root, on=D(2026, 3, 5))
    assert not Invitation.objects.filter(subject_id=case.pk, rater=citizen).exists()
    cases.deliver(case, method="window", by=root, on=D(2026, 3, 5))
    return case


def test_completed_case_is_rated_once_by_its_applicant(gz_agency, citizen, root, as_user):
    case = completed_case(gz_agency, citizen, root)
    inv = Invitation.objects.get(rater=citizen, subject_id=case.pk, state=Invitation.PENDING)
    assert (inv.agency, inv.item_id, inv.scope_path) == (gz_agency, case.item_id, case.scope_path)
    url = f"/ratings/rate/{inv.pk}/"
    me = as_user(CITIZEN)
    page = me.get("/my/")
    assert "待评价" in page.text and url in page.text and case.number in page.text
    api = me.get("/api/v1/ratings/invitations").json()
    assert [i["id"] for i in api if i["id"] == inv.pk] == [inv.pk]
    # Someone else's invitation: 404 in HTML and API; anonymous: to the login page.
    other = as_user(OTHER)
    assert other.get(url).status_code == 404
    assert other.post(url, {"level": "5"}).status_code == 404
    assert (
        other.post(
            f"/api/v1/ratings/invitations/{inv.pk}", {"level": 5}, content_type="application/json"
        ).status_code
        == 404
    )
    assert inv.pk not in [i["id"] for i in other.get("/api/v1/ratings/invitations").json()]
    assert Client().get(url).status_code == 302
    # The form: online dimensions; a bad rating needs a reason (Chinese 422, input kept).
    form = me.get(url)
    assert form.status_code == 200 and "平台操作性" in form.text and "服务效率" not in form.text
    r = me.post(url, {"level": "1", "comment": "跑了三次"})
    assert r.status_code == 422 and "差评请至少选择一项原因" in r.text and "跑了三次" in r.text
    r = me.post(url, {"level": "9"})
    assert r.status_code == 422 and "评价等级应为1" in r.text
    r = me.post(
        url, {"level": "1", "reasons": ["too_many_visits"], "dim_efficiency": "1", "comment": "慢"}
    )
    assert r.status_code == 200 and "感谢您的评价" in r.text
    rating = Rating.objects.get(subject_id=case.pk, subject_type__model="case")
    assert (rating.level, rating.channel, rating.rater, rating.agency) == (
        1,
        Rating.ONLINE,
        citizen,
        gz_agency,
    )
    assert rating.item_id == case.item_id and rating.dimensions == {"efficiency": 1}
    assert [r.code for r in rating.reasons.all()] == ["too_many_visits"]
    inv.refresh_from_db()
    assert inv.state == Invitation.RATED and inv.rating == rating
    # 差评 → rectification on a core clock of 15 working days.
    rect = Rectification.objects.get(rating=rating)
    c = clock.clocks_of(rect).get()
    today = timezone.localdate()
    assert (c.limit, c.unit, c.agency_id) == (15, Clock.WORKDAYS, gz_agency.pk)
    assert c.due_date == add_workdays(today, 15, "433126")
    # One rating per invitation.
    assert me.post(url, {"level": "5"}).status_code == 409
    again = me.post(f"/api/v1/ratings/invitations/{inv.pk}", {"level": 5}, "application/json")
    assert again.status_code == 409 and "一事一评" in again.json()["message"]
    assert url not in me.get("/my/").text


def test_answered_request_invites_its_online_applicant(citizen, root, as_user):
    gov = Agency.objects.get(jurisdiction__code="433126", kind=Agency.GOVERNMENT)
    data = applicant(applicant_id_number=citizen.id_number, applicant_name="王小红")
    req, _ = requests.submit_online(gov, data, by=citizen)
    assert not Invitation.objects.filter(rater=citizen, subject_id=req.pk).exists()
    requests.answer(req, outcome="disclosed", provided_otherwise="现场查阅", by=root)
    inv = Invitation.objects.get(rater=citizen, subject_id=req.pk, subject_type__model="request")
    assert inv.agency == gov and inv.item_id is None
    me = as_user(CITIZEN)
    url = f"/api/v1/ratings/invitations/{inv.pk}"
    bad = me.post(url, {"level": 5, "dimensions": {"attitude": 5}}, "application/json")
    assert bad.status_code == 422 and "不适用于该渠道" in bad.json()["message"]
    ok = me.post(url, {"level": 5, "dimensions": {"usability": 4}}, "application/json")
    assert ok.status_code == 200 and ok.json()["bad"] is False
    assert me.post(url, {"level": 5}, "application/json").status_code == 409
    assert Rating.objects.get(pk=ok.json()["id"]).subject == req
    # A request registered from a letter has no account: nobody to invite online.
    letter, _ = requests.register(
        gov, applicant(n=7), channel="letter", by=root, submitted_on=D(2026, 3, 2)
    )
    requests.answer(
        letter, outcome="disclosed", on=D(2026, 3, 3), provided_otherwise="现场查阅", by=root
    )
    assert not Invitation.objects.filter(subject_id=letter.pk, subject_type__model="request")


def test_message_satisfaction_becomes_a_rating(gz_agency, citizen):
    box, _ = Mailbox.objects.get_or_create(agency=gz_agency, defaults={"name": "古丈市场监管信箱"})
    handler = User.objects.create_user(username="gz-rate-handler", password="x", kind=User.STAFF)
    RoleAssignment.objects.create(user=handler, role=Role.MESSAGE_HANDLER, agency=gz_agency)
    made = []
    for n in range(2):
        m, _ = interaction.submit_message(
            mailbox=box,
            kind=Message.CONSULT,
            title=f"咨询食品经营许可{n}",
            body="请问食品经营许可需要哪些材料，多久能办好？",
            writer=citizen,
            name="王小红",
            phone="13907431234",
        )
        interaction.accept(m, by=handler)
        made.append(
            interaction.reply(m, text="您好，所需材料见办事指南，10个工作日办结。", by=handler)
        )
    interaction.rate(made[0], satisfaction="unsatisfied", comment="答非所问", by=citizen)
    bad = Rating.objects.get(subject_id=made[0].pk, subject_type__model="message")
    assert (bad.level, bad.channel, bad.rater, bad.agency, bad.comment) == (
        2,
        Rating.ONLINE,
        citizen,
        gz_agency,
        "答非所问",
    )
    assert [r.code for r in bad.reasons.all()] == ["other"]
    rect = Rectification.objects.get(rating=bad)
    assert clock.clocks_of(rect).get().limit == 15
    interaction.rate(made[1], satisfaction="basic", by=citizen)
    mid = Rating.objects.get(subject_id=made[1].pk, subject_type__model="message")
    assert mid.level == 3 and not Rectification.objects.filter(rating=mid).exists()
