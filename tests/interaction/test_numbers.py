"""Message and complaint numbers come from core.numbering: one counter per county-level
jurisdiction and year, 14 characters for a message as before (年份 + 区划代码 + 4-digit sequence).
Numbers issued before (date + random draw) stay valid; a new number continues after the highest
of its shape already issued; two issues at once never share a number (PostgreSQL)."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from tests.concurrency import numbers_taken_at_once, postgresql_only
from zhengwu.core import tracking
from zhengwu.core.models import Counter
from zhengwu.interaction import services
from zhengwu.interaction.models import Complaint, Message

seed = importlib.import_module("zhengwu.interaction.migrations.0002_number_counters").seed


def write(box, n: int) -> Message:
    message, _ = services.submit_message(
        mailbox=box,
        kind=Message.CONSULT,
        title=f"咨询第{n}个问题的办理",
        body=f"请问第{n}个问题应当到哪个部门办理，需要带哪些材料？",
        name="张先生",
        phone="13907430001",
    )
    return message


def test_messages_are_numbered_per_county_and_year(mailbox, fh_mailbox, frozen):
    # A year of its own: the demo's letters have taken the numbers of 2025 and 2026.
    frozen("2038-03-02 09:00")
    first, second, fenghuang = write(mailbox, 1), write(mailbox, 2), write(fh_mailbox, 3)
    # 吉首市市场监管 is under 433101, 凤凰县人民政府 under 433123.
    assert (first.number, second.number, fenghuang.number) == (
        "20384331010001",
        "20384331010002",
        "20384331230001",
    )
    frozen("2039-01-04 09:00")
    assert write(mailbox, 4).number == "20394331010001"  # each year starts again at 1


def test_a_new_number_continues_after_those_already_issued(fh_mailbox, frozen):
    frozen("2038-03-02 09:00")
    issued = write(fh_mailbox, 1)
    old_shape = write(fh_mailbox, 2)
    # Rows from before: one of the new shape at 41, one of date + random draw.
    Message.objects.filter(pk=issued.pk).update(number="20384331230041")
    Message.objects.filter(pk=old_shape.pk).update(number="20380302987654")
    seed(apps, None)
    assert Counter.objects.get(key="interaction.message:433123", year=2038).last == 41
    assert write(fh_mailbox, 3).number == "20384331230042"
    # The message of the old shape is still found by its number and query code.
    message, code = services.submit_message(
        mailbox=fh_mailbox,
        kind=Message.CONSULT,
        title="旧编号的留言仍可查询",
        body="这封留言改用旧格式的编号，查询码仍然按编号核对。",
        name="李女士",
        phone="13907430002",
    )
    Message.objects.filter(pk=message.pk).update(
        number="20380302123456", query_code_hash=tracking.hash_code("20380302123456", code)
    )
    assert services.find_for_tracking("20380302123456", code, ip="10.9.9.9").pk == message.pk


def test_complaints_are_numbered_per_county_and_year(frozen, citizen, agency):
    frozen("2038-03-02 09:00")

    def complain(n):
        return services.file_complaint(
            about=Complaint.AGENCY,
            agency=agency,
            title=f"窗口第{n}次要求补交材料",
            body="办理营业执照变更时，窗口多次要求补交不同材料，没有一次性告知。",
            by=citizen,
        )

    first = complain(1)
    Complaint.objects.filter(pk=first.pk).update(number="TS20384331010007")
    seed(apps, None)
    assert complain(2).number == "TS20384331010008"


@postgresql_only
@pytest.mark.django_db
def test_concurrent_numbers_never_collide():
    got, _ = numbers_taken_at_once(
        "interaction.message:433123",
        2031,
        lambda: services.issue_number("message", "433100/433123/", dt.date(2031, 5, 6)),
    )
    assert sorted(got) == [f"20314331230{n:03d}" for n in range(1, 9)]
