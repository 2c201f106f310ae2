"""Items for the case tests, built through the ORM (the catalogue's demo is not loaded here)."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.cases import services
from zhengwu.cases.models import Case
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User
from zhengwu.services.models import Fee, Item, ItemType, Material, Step

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

FLOW = [
    ("accept", "受理", Role.WINDOW_CLERK, 1),
    ("review", "审查", Role.DEPT_OFFICER, 3),
    ("review2", "复核", Role.DEPT_OFFICER, 2),
    ("decide", "决定", Role.DEPT_HEAD, 2),
    ("issue", "制证", Role.DEPT_OFFICER, 1),
    ("deliver", "送达", Role.WINDOW_CLERK, 1),
]


def text_of(html: str) -> str:
    """What a reader sees: the page without its tags and attributes (links, form targets)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_item(
    agency,
    *,
    name="食品经营许可（新办）",
    statutory=20,
    promised=10,
    joint=False,
    result_name="食品经营许可证",
    **kw,
):
    item_type, _ = ItemType.objects.get_or_create(
        code="01", defaults={"name": "行政许可", "is_licensing": True}
    )
    item = Item.objects.create(
        name=name,
        basic_code="000120001000",
        implementation_code=f"11433101MB{agency.pk:04d}{Item.objects.count():04d}",
        item_type=item_type,
        agency=agency,
        jurisdiction=agency.jurisdiction,
        scope_path=agency.scope_path,
        statutory_limit=statutory,
        promised_limit=promised,
        joint=joint,
        online=True,
        by_agent=True,
        by_post=True,
        result_name=result_name,
        effective_on=dt.date(2024, 1, 1),
        **kw,
    )
    Material.objects.create(item=item, name="申请书", required=True, order=1)
    Material.objects.create(item=item, name="营业执照", required=True, order=2)
    Material.objects.create(item=item, name="场所平面图", required=False, order=3)
    Fee.objects.create(
        item=item, name="工本费", standard="每证10元", amount_yuan=10, basis="湘价费〔2015〕1号"
    )
    for order, (code, sname, role, limit) in enumerate(FLOW, 1):
        Step.objects.create(item=item, order=order, code=code, name=sname, role=role, limit=limit)
    return item


@pytest.fixture
def item(agency):
    return make_item(agency)


@pytest.fixture
def joint_item(agency):
    return make_item(agency, name="建设项目联合审批", statutory=45, promised=30, joint=True)


def required_files(item):
    return {m.pk: pdf(f"{m.name}.pdf") for m in item.materials.filter(required=True)}


@pytest.fixture
def citizen(db):
    return User.objects.get(username="433101198803140228")


@pytest.fixture
def other_citizen(db):
    return User.objects.get(username="433123199511020171")


@pytest.fixture
def staff(db):
    return {
        u: User.objects.get(username=u)
        for u in ["window", "officer", "head", "supervisor", "fh-supervisor"]
    }


@pytest.fixture
def village_agent(db):
    """A demo village agent in 吉首 and the village they serve."""
    a = (
        RoleAssignment.objects.filter(
            role=Role.VILLAGE_AGENT, jurisdiction__path__startswith="433100/433101/"
        )
        .select_related("user", "jurisdiction")
        .order_by("user__username")
        .first()
    )
    return a.user, a.jurisdiction


@pytest.fixture
def other_agency(db):
    return Agency.objects.get(jurisdiction__code="433123", short_name="市场监管")


PERSON = {
    "applicant_kind": "person",
    "applicant_name": "龙秀兰",
    "applicant_id_number": "433101196502110023",
    "applicant_phone": "13974300011",
}


def person():
    from zhengwu.core.identity import id_number_check_char

    body = "43310119650211002"
    return PERSON | {"applicant_id_number": body + id_number_check_char(body)}


@pytest.fixture
def jurisdiction_of():
    return lambda code: Jurisdiction.objects.get(code=code)


@pytest.fixture(autouse=True)
def without_demo_cases(request):
    """The demo's cases (built on the catalogue's demo items) would blur the counts these tests
    make; each test starts without them (inside its transaction, so they are back afterwards)."""
    if request.node.get_closest_marker("django_db") is None or "concurrency" in request.node.nodeid:
        # The concurrency tests commit from threads: rows this test's transaction deleted would
        # hold locks those threads wait on.
        return
    request.getfixturevalue("db")
    from zhengwu.cases.models import Case

    Case.objects.update(current_step=None)
    Case.objects.all().delete()


def file_at_window(item, window, on, key="k1"):
    """An application registered at the window for the test applicant, with every required
    material."""
    case, created = services.submit(
        item,
        by=window,
        channel=Case.WINDOW,
        applicant=person(),
        materials=required_files(item),
        idempotency_key=key,
        on=on,
    )
    assert created
    return case


def file_online(item, citizen, key, on=None):
    """An application the citizen filed online, with every required material."""
    case, created = services.submit(
        item,
        by=citizen,
        channel=Case.ONLINE,
        applicant={"applicant_phone": "13907430001"},
        materials=required_files(item),
        idempotency_key=key,
        on=on,
    )
    assert created
    return case
