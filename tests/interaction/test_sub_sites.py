"""A county's sub-site lists the messages of its own jurisdiction and below (issue 19 §4: the
凤凰 sub-site showed “泸溪有商家销售过期食品”)."""

import re

from django.test import Client

from zhengwu.interaction import services
from zhengwu.interaction.demo import PLACES
from zhengwu.interaction.models import Mailbox, Message
from zhengwu.org.models import Agency, Jurisdiction, Role

from .conftest import staff

FENGHUANG = "433123"


def _listed(client: Client, code: str) -> list[str]:
    """The numbers of every message on a sub-site's 留言选登, page after page."""
    numbers, page = [], 1
    while True:
        text = client.get(f"/site/{code}/hdjl/messages/", {"page": page}).content.decode()
        numbers += re.findall(rf"/site/{code}/hdjl/messages/(\d+)/", text)
        if "下一页" not in text:
            return numbers
        page += 1


def test_fenghuang_lists_only_fenghuang_messages(db, fenghuang):
    numbers = _listed(Client(), FENGHUANG)
    assert len(numbers) >= 5
    others = [
        j.short_name.removesuffix("县").removesuffix("市")
        for j in Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).exclude(code=FENGHUANG)
    ]
    others += [
        p for code, places in PLACES.items() if code not in ("433100", FENGHUANG) for p in places
    ]
    for m in Message.objects.filter(number__in=numbers).select_related("mailbox"):
        assert m.mailbox.scope_path.startswith(fenghuang.path), m.title
        text = m.public_title + m.public_body
        assert not [name for name in others if name in text], text


def test_a_message_of_luxi_is_not_listed_on_fenghuang(db):
    luxi = Agency.objects.get(jurisdiction__code="433122", kind=Agency.GOVERNMENT)
    box = Mailbox.objects.get(agency=luxi)
    handler = staff("lx-handler", Role.MESSAGE_HANDLER, agency=luxi)
    m, _code = services.submit_message(
        mailbox=box,
        kind=Message.REPORT,
        title="浦市有商家销售过期食品",
        body="浦市镇一家超市货架上有多种过期饼干和饮料，向店主反映后仍在销售。",
        name="李先生",
        phone="13907439999",
    )
    services.reply(m, text="执法人员已到现场检查，依法立案调查。", by=handler)
    services.publish(m, title="浦市有商家销售过期食品", by=handler)
    assert m.number in _listed(Client(), "433122")
    assert m.number not in _listed(Client(), FENGHUANG)
    detail = Client().get(f"/site/{FENGHUANG}/hdjl/messages/{m.number}/")
    assert detail.status_code == 404
    assert Client().get(f"/site/433122/hdjl/messages/{m.number}/").status_code == 200
