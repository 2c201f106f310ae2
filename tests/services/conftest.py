"""Fixtures for the catalogue tests. The session database already holds the demo catalogue
(load_demo runs services.demo); tests that need exact numbers work in a village of 吉首 and in
the year 2031, where the demo has nothing."""

import datetime as dt

import pytest

from zhengwu.org.models import Jurisdiction, User
from zhengwu.services import services
from zhengwu.services.models import ItemType

YEAR = 2031
ON = dt.date(YEAR, 3, 2)

STEPS = [
    {"order": 1, "code": "accept", "name": "受理", "role": "window_clerk", "limit": 1},
    {"order": 2, "code": "review", "name": "审查", "role": "dept_officer", "limit": 5},
    {"order": 3, "code": "decide", "name": "决定", "role": "dept_head", "limit": 2},
]


@pytest.fixture
def village(db):
    """峒河社区-like: the first village of 吉首 (no demo items at village level)."""
    return Jurisdiction.objects.filter(level="village", path__startswith="433100/433101/").order_by(
        "code"
    )[0]


@pytest.fixture
def admin_user(db):
    return User.objects.get(username="admin")


@pytest.fixture
def officer(db):
    return User.objects.get(username="officer")


@pytest.fixture
def licensing(db):
    return ItemType.objects.get(code="01")


@pytest.fixture
def public_service(db):
    return ItemType.objects.get(code="20")


@pytest.fixture
def make_item(db, agency, licensing, officer):
    """make_item(name, **fields) → an item of 吉首市市场监管局 created by its officer."""
    counter = iter(range(1, 1000))

    def make(name="食品经营许可（新办）", *, by=None, item_type=None, jurisdiction=None, **fields):
        n = next(counter)
        kwargs = {
            "visits": 1,
            "visit_reason": "核验原件",
            "statutory_limit": 20,
            "promised_limit": 10,
            "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        } | fields
        return services.create_item(
            by=by or officer,
            agency=agency,
            jurisdiction=jurisdiction,
            item_type=item_type or licensing,
            basic_code=kwargs.pop("basic_code", f"TX{n:06d}0000"),
            materials=kwargs.pop("materials", [{"name": "申请书"}, {"name": "营业执照"}]),
            fees=kwargs.pop("fees", []),
            steps=kwargs.pop("steps", STEPS),
            effective_on=kwargs.pop("effective_on", ON),
            name=name,
            **kwargs,
        )

    return make
