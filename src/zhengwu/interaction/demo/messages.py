"""The demo's mailboxes and ~200 messages of 2025–2026."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from zhengwu.core import audit, calendar, clock, tracking
from zhengwu.org.models import Agency, Jurisdiction, User

from .. import abuse, moderation, services
from ..models import Mailbox, Message
from .letters import FENGHUANG_LETTERS, LETTERS, PLACES, TOPICS


def _mailboxes(say) -> dict[str, list[Mailbox]]:
    root = Jurisdiction.objects.get(code="433100")
    governments = [root, *Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code")]
    by_code: dict[str, list[Mailbox]] = {}
    for j in governments:
        for agency in Agency.objects.filter(
            jurisdiction=j, kind__in=[Agency.GOVERNMENT, Agency.DEPARTMENT]
        ):
            if agency.kind == Agency.GOVERNMENT:
                leader = (
                    "州长"
                    if j.level == Jurisdiction.PREFECTURE
                    else ("市长" if j.name.endswith("市") else "县长")
                )
                name, kind, topics = f"{j.short_name}{leader}信箱", Mailbox.LEADER, ""
            else:
                name, kind = f"{agency.name}信箱", Mailbox.DEPARTMENT
                topics = TOPICS.get(agency.short_name, "")
            box, _ = Mailbox.objects.update_or_create(
                agency=agency, defaults={"name": name, "kind": kind, "topics": topics}
            )
            by_code.setdefault(j.code, []).append(box)
    say(f"信箱：{Mailbox.objects.count()} 个")
    return by_code


def _citizens() -> list[User]:
    return list(User.objects.filter(kind=User.CITIZEN).order_by("username")[:2])


def _messages(rng: random.Random, boxes: dict[str, list[Mailbox]], today: dt.date, say) -> None:
    if Message.objects.exists():
        say(f"网民留言：已有 {Message.objects.count()} 条，跳过")
        return
    citizens = _citizens()
    start = dt.date(2025, 1, 6)
    span = (today - start).days
    codes = sorted(boxes)
    created = 0
    for i in range(200):
        code = codes[i % len(codes)]
        if code == "433123" and rng.random() < 0.5:
            kind, dept, title, body, reply_text = rng.choice(FENGHUANG_LETTERS)
        else:
            kind, dept, title, body, reply_text = rng.choice(LETTERS)
        box_list = boxes[code]
        box = next(
            (
                b
                for b in box_list
                if (dept == "gov") == (b.kind == Mailbox.LEADER)
                and (dept == "gov" or b.agency.short_name == dept)
            ),
            box_list[0],
        )
        if rng.random() < 0.12:  # some letters go to the leader's mailbox anyway
            box = next(b for b in box_list if b.kind == Mailbox.LEADER)
        place = rng.choice(PLACES[code])
        phone = f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        idn = "433101198803140228"
        day = start + dt.timedelta(days=int(span * i / 200) + rng.randint(0, 2))
        day = min(day, today)
        submitted = timezone.make_aware(
            dt.datetime.combine(day, dt.time(8 + rng.randint(0, 10), rng.randint(0, 59)))
        )
        writer = citizens[i % 2] if citizens and i % 9 == 0 else None
        number = services.issue_number("message", box.scope_path, day)
        m = Message.objects.create(
            number=number,
            query_code_hash=tracking.hash_code(number, f"{(i * 7919) % 1000000:06d}"),
            kind=kind,
            mailbox=box,
            agency_id=box.agency_id,
            scope_path=box.scope_path,
            title=title.format(place=place)[:100],
            body=body.format(place=place, phone=phone, idn=idn),
            writer=writer,
            writer_name=writer.real_name
            if writer
            else rng.choice("张王李刘陈杨黄向彭田龙石吴麻") + rng.choice(["先生", "女士"]),
            writer_phone=writer.phone if writer else phone,
            allow_publish=rng.random() < 0.85,
            submitted_at=submitted,
            fingerprint=abuse.fingerprint(body.format(place=place, phone=phone, idn=idn)),
        )
        c = clock.start(
            m,
            purpose=services.REPLY_CLOCK,
            started_on=day,
            limit=box.reply_limit,
            jurisdiction_code=code,
            scope_path=m.scope_path,
            agency_id=m.agency_id,
        )
        m.due_on = c.due_date
        age = (today - day).days
        if age > 20 or (age > 3 and rng.random() < 0.6):
            m.accepted_on = calendar.add_workdays(day, 1, code)
            late = rng.random() < 0.1
            n = box.reply_limit + rng.randint(1, 6) if late else rng.randint(2, box.reply_limit)
            m.replied_on = min(calendar.add_workdays(day, n, code), today)
            m.state, m.reply, m.reply_agency_id = Message.REPLIED, reply_text, m.agency_id
            m.on_time = c.due_date is None or m.replied_on <= c.due_date
            clock.stop(c, on=m.replied_on)
            if m.allow_publish:
                (m.public_title, m.public_body, m.public_reply), m.held_words = (
                    moderation.screen_all(m.title, m.body, m.reply)
                )
                m.publication = Message.PUBLISHED
                m.published_at = submitted + dt.timedelta(days=n + 1)
                if rng.random() < 0.04:
                    m.publication = Message.HIDDEN
                    m.hidden_reason = "留言涉及他人隐私，不宜公开"
            if rng.random() < 0.7:
                m.satisfaction = rng.choices(
                    [Message.SATISFIED, Message.BASIC, Message.UNSATISFIED], [70, 20, 10]
                )[0]
                m.rated_at = submitted + dt.timedelta(days=n + 2)
        elif age > 1:
            m.state, m.accepted_on = Message.ACCEPTED, calendar.add_workdays(day, 1, code)
        m.save()
        created += 1
    # One letter with a sensitive word, answered and waiting in the moderation queue.
    gov = boxes["433100"][0]
    m, _code = services.submit_message(
        mailbox=gov,
        kind=Message.REPORT,
        title="有人在小区张贴代开发票广告",
        body="乾州小区门口电线杆上贴满了代开发票、办证刻章的小广告，联系电话13907431234，请清理。",
        name="向女士",
        phone="13907431234",
    )
    Message.objects.filter(pk=m.pk).update(
        state=Message.REPLIED,
        accepted_on=today,
        replied_on=today,
        reply="已通知城管部门清理小广告并依法查处张贴者。",
        reply_agency_id=gov.agency_id,
        on_time=True,
        publication=Message.PENDING,
        public_title=m.title,
        public_body=moderation.screen(m.body).text,
        public_reply="已通知城管部门清理小广告并依法查处张贴者。",
        held_words=moderation.screen(m.body).held,
    )
    for c in clock.clocks_of(m):
        clock.stop(c, on=today)
    audit.record(
        "interaction.demo_loaded",
        object_type="interaction.message",
        after={"messages": created + 1},
    )
    say(f"网民留言：{created + 1} 条")
