"""Fixtures for 政民互动: mailboxes, handlers of two agencies, a frozen clock, a clean cache."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from zhengwu.core import captcha
from zhengwu.interaction import services
from zhengwu.interaction.models import (
    Consultation,
    ConsultationSection,
    Interview,
    Mailbox,
    SensitiveWord,
)
from zhengwu.org.models import Agency, Role, RoleAssignment, User


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def staff(username: str, role: str, agency=None, jurisdiction=None) -> User:
    user = User.objects.create_user(
        username=username,
        password="x",
        kind=User.STAFF,
        real_name=username,
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=role, agency=agency, jurisdiction=jurisdiction)
    return user


@pytest.fixture
def mailbox(agency):
    """吉首市市场监督管理局信箱 (7 working days, at most 15)."""
    box, _ = Mailbox.objects.get_or_create(
        agency=agency, defaults={"name": f"{agency.name}信箱", "topics": "食品 价格"}
    )
    return box


@pytest.fixture
def fh_mailbox(db):
    gov = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    box, _ = Mailbox.objects.get_or_create(
        agency=gov, defaults={"name": "凤凰县长信箱", "kind": Mailbox.LEADER}
    )
    return box


@pytest.fixture
def handler(agency):
    return staff("jsmarket-handler", Role.MESSAGE_HANDLER, agency=agency)


@pytest.fixture
def fh_handler(fh_mailbox):
    return staff("fh-handler", Role.MESSAGE_HANDLER, agency=fh_mailbox.agency)


@pytest.fixture
def citizen(db):
    return User.objects.get(username="433101198803140228")


@pytest.fixture
def other_citizen(db):
    return User.objects.get(username="433123199511020171")


@pytest.fixture
def words(db):
    SensitiveWord.objects.get_or_create(word="代开发票", defaults={"action": SensitiveWord.HOLD})
    SensitiveWord.objects.get_or_create(word="王八蛋", defaults={"action": SensitiveWord.MASK})


@pytest.fixture
def frozen(monkeypatch):
    """frozen("2025-09-26 10:00") fixes timezone.now() (Asia/Shanghai wall time)."""

    def freeze(when: str):
        moment = timezone.make_aware(dt.datetime.fromisoformat(when))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


BODY = "我在吉首市场买到的预包装食品已经过期，商家拒绝退换，请市场监管部门调查处理。"


@pytest.fixture
def letter(mailbox, citizen):
    """A citizen's letter to 吉首市市场监管 (returns the message)."""
    message, _code = services.submit_message(
        mailbox=mailbox, kind="complain", title="超市销售过期食品", body=BODY, writer=citizen
    )
    return message


def solve(client) -> dict:
    """Fetch the CAPTCHA of the write form's session and answer it (what a person would read)."""
    session = client.session
    token = list(session[captcha.SESSION_KEY])[-1]
    return {"captcha_token": token, "captcha": captcha.peek_answer(session, token)}


@pytest.fixture
def interview(mailbox):
    start = timezone.now() + dt.timedelta(days=3)
    return Interview.objects.create(
        title="食品安全监管政策解读",
        summary="吉首市市场监管局负责人解读食品安全监管政策。",
        agency=mailbox.agency,
        guests="吉首市市场监督管理局局长 向红",
        host="石敏",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )


@pytest.fixture
def consultation(mailbox):
    today = timezone.localdate()
    c = Consultation.objects.create(
        title="吉首市农贸市场管理办法（征求意见稿）",
        agency=mailbox.agency,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=10),
        state=Consultation.OPEN,
    )
    for k, (h, t) in enumerate(
        [("第一条", "为规范农贸市场管理，制定本办法。"), ("第二条", "市场开办者应当设置公平秤。")],
        1,
    ):
        ConsultationSection.objects.create(consultation=c, order=k, heading=h, text=t)
    return c
