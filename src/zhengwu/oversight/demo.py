"""The demo's 社会监督: the demo's 政务公开监督员 黄德明 (`watcher`) on the 州's roster with his
account, a 人大代表 and a 群众代表 without one, a 政协委员 whose term has ended (已期满), and three
items at different steps (a finding being rectified by 凤凰县住建局; a press report about the
吉首市市场监督管理局, rectified by the demo's officer and waiting for the office; a finding
about the same body confirmed). Names of people are demo names; bodies and
places are the real divisions' (org demo). A second run adds nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhengwu.org.models import Agency, Jurisdiction, User

from . import items
from .models import Item, Supervisor


def _agency(code: str, short: str) -> Agency:
    return Agency.objects.get(jurisdiction__code=code, short_name=short)


@transaction.atomic
def build(stdout=None) -> None:
    say = stdout.write if stdout else (lambda s: None)
    if Supervisor.objects.exists():
        return
    items.ensure_limit()
    today = timezone.localdate()
    office = User.objects.get(username="admin")
    zhou = Jurisdiction.objects.get(code="433100")
    fenghuang = Jurisdiction.objects.get(code="433123")
    start = dt.date(today.year - 1, 1, 1)
    end = dt.date(today.year + 3, 12, 31)
    people = [
        ("黄德明", Supervisor.SPECIAL, "州政务公开特约监督员（演示）", zhou, start, end),
        ("石玉兰", Supervisor.NPC, "州人大代表、社区主任（演示）", zhou, start, end),
        ("杨建国", Supervisor.PUBLIC, "凤凰县群众代表（演示）", fenghuang, start, end),
        ("龙志刚", Supervisor.CPPCC, "州政协委员（演示）", zhou, dt.date(2019, 1, 1),
         dt.date(today.year - 1, 12, 31)),
    ]  # fmt: skip
    roster: dict[str, Supervisor] = {}
    for n, (name, category, unit, over, term_start, term_end) in enumerate(people, start=1):
        roster[name] = Supervisor.objects.create(
            name=name,
            category=category,
            work_unit=unit,
            phone=f"1390743{n:04d}",
            jurisdiction=over,
            scope_path=over.path,
            term_start=term_start,
            term_end=term_end,
            user=User.objects.filter(username="watcher").first() if name == "黄德明" else None,
        )
    watcher = roster["黄德明"]
    housing = _agency("433123", "住建")
    running = items.file_finding(
        {"agency": housing.pk, "kind": Item.CLUE, "title": "保障性住房分配结果未按时公开",
         "text": "凤凰县2026年第三批保障性住房分配结果至今未在政府网站公开。"},
        by=watcher.user, supervisor=watcher,
    )  # fmt: skip
    items.assign(running, note="请核实并在整改期限内公开", by=office)
    market = _agency("433101", "市场监管")  # the demo's officer and head work here
    media = items.record_media(
        {"agency": market.pk, "outlet": "团结报", "reported_on": today,
         "title": "部分农贸市场价格公示牌缺失", "text": "报道反映吉首市部分农贸市场未按规定公示价格。",
         "link": "https://www.xxtjb.com/"},
        by=office,
    )  # fmt: skip
    items.assign(media, by=office)
    items.rectify(
        media,
        text="已督促各农贸市场补齐价格公示牌并逐一复查。",
        by=User.objects.get(username="officer"),
    )
    done = items.file_finding(
        {"agency": market.pk, "kind": Item.SUGGESTION, "title": "建议公开食品抽检不合格处置结果",
         "text": "建议在网站集中公开食品安全抽检不合格产品的核查处置结果。"},
        by=office, supervisor=roster["石玉兰"],
    )  # fmt: skip
    items.assign(done, by=office)
    items.rectify(done, text="已在网站开设抽检处置结果专栏。", by=User.objects.get(username="head"))
    items.confirm(done, note="整改到位", by=office)
    say("社会监督：4名监督员（1名已期满），3件监督事项（整改中、待确认、已办结各1件）")
