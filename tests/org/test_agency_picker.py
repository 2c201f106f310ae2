"""Every form that picks an agency (受理机关, 被投诉单位, 接收单位, 认领单位 …) lists them grouped by
level — 州本级, then each county followed by its townships — with a type-to-search box added
by a static script (no inline script under the CSP; the grouped select works without it)."""

import re

import pytest
from django.utils import timezone

from zhengwu.interaction import services as interaction
from zhengwu.interaction.models import Mailbox
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User
from zhengwu.services.models import Item

pytestmark = pytest.mark.django_db

CITIZEN = "433101198803140228"
COUNTIES = ["吉首市", "泸溪县", "凤凰县", "花垣县", "保靖县", "古丈县", "永顺县", "龙山县"]


def picker(html: str, select_id: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """The <select> tag and its groups as read: [(label, [option names])]."""
    tag, body = re.search(rf'(<select id="{select_id}"[^>]*>)(.*?)</select>', html, re.S).groups()
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', body, re.S)
    return tag, [
        (label, re.findall(r"<option[^>]*>([^<]*)</option>", inner)) for label, inner in groups
    ]


def assert_grouped(html: str, select_id: str) -> list[tuple[str, list[str]]]:
    tag, groups = picker(html, select_id)
    assert "data-filter=" in tag  # the script adds the search box to this select
    assert "/static/org/select-filter.js" in html and "<script>" not in html
    assert groups, "选项应按层级分组"
    return groups


def test_the_public_request_form_groups_126_bodies_by_level(client):
    html = client.get("/xxgk/apply/").content.decode()
    groups = assert_grouped(html, "agency")
    assert [label for label, _ in groups] == ["州本级", *COUNTIES]
    assert sum(len(names) for _, names in groups) == Agency.objects.filter(is_active=True).count()
    county = dict(groups)["凤凰县"]
    assert "凤凰县民政局" in county and all(n.startswith("凤凰县") for n in county)
    # on a county's sub-site: that county's bodies only
    site = client.get("/site/433101/xxgk/apply/").content.decode()
    assert [label for label, _ in assert_grouped(site, "agency")] == ["吉首市"]


def test_a_townships_bodies_follow_their_county(client):
    town = Jurisdiction.objects.filter(
        level=Jurisdiction.TOWNSHIP, path__startswith="433100/433101/"
    ).first()
    Agency.objects.create(
        usci="11433101MB1234567X",
        name=f"{town.name}便民服务中心",
        kind=Agency.INSTITUTION,
        jurisdiction=town,
    )
    html = client.get("/xxgk/apply/").content.decode()
    labels = [label for label, _ in picker(html, "agency")[1]]
    assert labels[:4] == ["州本级", "吉首市", f"吉首市 · {town.name}", "泸溪县"]


def test_a_chosen_agency_stays_chosen(client):
    gov = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    html = client.get(f"/xxgk/apply/?agency={gov.usci}").content.decode()
    assert f'<option value="{gov.usci}" selected>凤凰县人民政府</option>' in html


def test_every_form_that_picks_an_agency_is_grouped(as_user):
    market = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")
    handler = User.objects.create_user(
        username="picker-handler",
        kind=User.STAFF,
        real_name="经办",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=handler, role=Role.MESSAGE_HANDLER, agency=market)
    box, _ = Mailbox.objects.get_or_create(agency=market, defaults={"name": "市场监管信箱"})
    message, _ = interaction.submit_message(
        mailbox=box,
        kind="consult",
        title="咨询营业执照",
        body="请问营业执照在哪里办理？",
        name="田先生",
        phone="13574300001",
    )
    agent = (
        RoleAssignment.objects.filter(role=Role.VILLAGE_AGENT).order_by("user__username").first()
    ).user
    top = Item.objects.filter(state="active", jurisdiction__code="433100").first()
    forms = [
        ("disclosure", "/workbench/requests/new/", "agency"),
        ("disclosure", "/workbench/disclosure/", "n-agency"),
        (CITIZEN, "/hdjl/complain/", "agency"),
        (handler.username, f"/workbench/interaction/messages/{message.pk}/", "to"),
        (agent.username, "/workbench/ratings/record/", "agency"),
        ("officer", "/workbench/services/", "agency"),
        ("admin", f"/workbench/services/{top.pk}/", "claim-agency"),
        ("officer", f"/workbench/services/{top.pk}/", "claim-agency-up"),
    ]
    for username, path, select_id in forms:
        page = as_user(username).get(path)
        assert page.status_code == 200, path
        groups = assert_grouped(page.content.decode(), select_id)
        assert all(names for _, names in groups), path


def test_the_mailbox_picker_is_grouped_by_kind_and_filterable(client):
    html = client.get("/hdjl/write/").content.decode()
    tag, groups = picker(html, "mailbox")
    assert "data-filter=" in tag and "/static/org/select-filter.js" in html
    assert [label for label, _ in groups] == ["领导信箱", "部门信箱"]
