"""The §18 review (条例 §18; domain rules §5.1–5.2) through its services: who is due, the
secrets released by law (保密法 2024 §20: 绝密 30, 机密 20, 秘密 10 years unless marked), the
decisions and their refusals, the §26 clock of a decision to publish, the audit, supervision."""

import datetime as dt

import pytest
from django.test import override_settings

from zhengwu.core import clock
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.disclosure.archive.models import OfficialDocument, Review, ReviewDecision
from zhengwu.disclosure.archive.services import review
from zhengwu.disclosure.models import Document
from zhengwu.disclosure.services import documents
from zhengwu.org.models import User

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 2, 2)  # the round opens on a Monday
DECIDED = dt.date(2026, 2, 10)


def open_for(agency, on=ON):
    found = {r.agency_id: r for r, _added in review.open_rounds(on=on, agencies=[agency])}
    return found.get(agency.pk)


def listed(round_, rec) -> bool:
    return round_ is not None and round_.decisions.filter(record=rec).exists()


def test_withheld_record_moves_to_published_with_its_26_clock(gov, officer, review_records):
    rec = review_records()
    round_ = open_for(gov)
    assert listed(round_, rec)
    assert round_.status == Review.OPEN
    # the round's own clock: 20 working days from the day it opened (U, a setting)
    round_clock = review.review_clock(round_)
    assert round_clock.limit == 20 and round_clock.due_date == round_.due_on

    review.decide(
        round_,
        rec.pk,
        decision="publish",
        reason="过程性信息已形成最终决定，可以公开",
        by=officer,
        on=DECIDED,
    )
    rec.refresh_from_db()
    assert rec.attribute == OfficialDocument.PROACTIVE
    assert rec.withheld_ground == ""
    doc = rec.document
    assert doc is not None and doc.status == Document.DRAFT
    assert doc.created_on == rec.written_on  # the catalogue's 生成日期 stays the 成文日期
    # 条例 §26: 20 working days from the decision (domain rules §8: 2026-02-10 → 2026-03-16)
    c = documents.publication_clock(doc)
    assert c.started_on == DECIDED and c.due_date == dt.date(2026, 3, 16)
    item = round_.decisions.get(record=rec)
    assert item.decision == "publish" and item.attribute_before == OfficialDocument.WITHHELD
    assert item.new_attribute == OfficialDocument.PROACTIVE and item.decided_on == DECIDED


def test_a_decision_in_september_runs_past_the_national_day(gov, officer, review_records):
    rec = review_records()
    round_ = open_for(gov, on=dt.date(2026, 9, 1))
    review.decide(
        round_, rec.pk, decision="publish", reason="可以公开", by=officer,
        on=dt.date(2026, 9, 18),
    )  # fmt: skip
    rec.refresh_from_db()
    c = documents.publication_clock(rec.document)
    assert c.due_date == dt.date(2026, 10, 22)


def test_secret_of_2014_is_flagged_released_and_one_of_2010_confidential_is_not(
    gov, review_records
):
    secret = review_records(
        secrecy=OfficialDocument.SECRET, withheld_ground="s14_secret",
        written_on=dt.date(2014, 1, 10),
    )  # fmt: skip
    confidential = review_records(
        secrecy=OfficialDocument.CONFIDENTIAL, withheld_ground="s14_secret",
        written_on=dt.date(2010, 3, 1),
    )  # fmt: skip
    five_years = review_records(
        secrecy=OfficialDocument.CONFIDENTIAL, secrecy_years=5, withheld_ground="s14_secret",
        written_on=dt.date(2020, 6, 1),
    )  # fmt: skip
    round_ = open_for(gov)
    by_record = {d.record_id: d for d in review.rows(round_, on=ON)}
    f = review.flags(by_record[secret.pk], ON)
    assert f["released"] and f["flag"] == "保密期限已满，依法自行解密"
    assert f["release_on"] == dt.date(2024, 1, 10) and f["mark"] == "秘密★10年"
    f = review.flags(by_record[confidential.pk], ON)
    assert not f["released"] and f["release_on"] == dt.date(2030, 3, 1)  # 机密: 20 years
    f = review.flags(by_record[five_years.pk], ON)  # marked 5 years: released 2025-06-01
    assert f["released"] and f["mark"] == "机密★5年"
    # the released come first among the records still to decide
    order = [d.record_id for d in review.rows(round_, on=ON, state="released")]
    assert secret.pk in order and five_years.pk in order and confidential.pk not in order
    assert review.progress(round_, on=ON)["released"] >= 2


def test_an_unreleased_secret_cannot_be_published(gov, officer, review_records):
    rec = review_records(
        secrecy=OfficialDocument.CONFIDENTIAL, withheld_ground="s14_secret",
        written_on=dt.date(2010, 3, 1),
    )  # fmt: skip
    round_ = open_for(gov)
    with pytest.raises(Invalid, match="须先依定密权限解密"):
        review.decide(round_, rec.pk, decision="publish", reason="拟公开", by=officer)
    with pytest.raises(Invalid, match="须先依定密权限解密"):
        review.decide(
            round_, rec.pk, decision="change", attribute="on_request", reason="拟依申请公开",
            by=officer,
        )  # fmt: skip
    rec.refresh_from_db()
    assert rec.attribute == OfficialDocument.WITHHELD and rec.document is None
    assert rec.secrecy == OfficialDocument.CONFIDENTIAL


def test_a_released_secret_is_declassified_when_published(gov, officer, review_records):
    rec = review_records(
        secrecy=OfficialDocument.SECRET, withheld_ground="s14_secret",
        written_on=dt.date(2014, 1, 10),
    )  # fmt: skip
    round_ = open_for(gov)
    item = review.decide(
        round_, rec.pk, decision="publish", reason="保密期限已满，经审查可以公开",
        by=officer, on=DECIDED,
    )  # fmt: skip
    rec.refresh_from_db()
    assert rec.secrecy == "" and rec.secrecy_years is None  # 解密 at publication (§20)
    assert rec.attribute == OfficialDocument.PROACTIVE and rec.document_id
    assert item.released_by_law
    event = AuditEvent.objects.filter(
        action="disclosure_archive.review_decide", object_id=str(rec.pk), success=True
    ).get()
    assert event.before["secrecy"] == "secret" and event.after["secrecy"] == ""
    assert event.before["attribute"] == "withheld" and event.after["attribute"] == "proactive"
    assert event.after["reason"] == "保密期限已满，经审查可以公开"
    assert event.after["released_by_law"] is True


def test_keep_and_change_need_a_reason_and_change_a_ground(gov, officer, review_records):
    kept, changed, withheld = (
        review_records(),
        review_records(),
        review_records(attribute=OfficialDocument.ON_REQUEST, withheld_ground=""),
    )
    round_ = open_for(gov)
    with pytest.raises(Invalid, match="请填写审查理由"):
        review.decide(round_, kept.pk, decision="keep", reason="  ", by=officer)
    with pytest.raises(Invalid, match="请选择审查决定"):
        review.decide(round_, kept.pk, decision="drop", reason="理由", by=officer)
    review.decide(round_, kept.pk, decision="keep", reason="仍属过程性信息", by=officer)
    kept.refresh_from_db()
    assert kept.attribute == OfficialDocument.WITHHELD and kept.version == 1

    review.decide(
        round_, changed.pk, decision="change", attribute="on_request", reason="决定已作出",
        by=officer,
    )  # fmt: skip
    changed.refresh_from_db()
    assert changed.attribute == OfficialDocument.ON_REQUEST and changed.withheld_ground == ""

    with pytest.raises(Invalid, match="不予公开的依据"):
        review.decide(
            round_, withheld.pk, decision="change", attribute="withheld", reason="涉及第三方",
            by=officer,
        )  # fmt: skip
    review.decide(
        round_, withheld.pk, decision="change", attribute="withheld", ground="s15_third_party",
        reason="涉及第三方商业秘密", by=officer,
    )  # fmt: skip
    withheld.refresh_from_db()
    assert withheld.attribute == OfficialDocument.WITHHELD
    assert withheld.withheld_ground == "s15_third_party"


def test_a_stale_version_is_a_conflict_and_a_second_decision_too(gov, officer, review_records):
    rec, _other = review_records(), review_records()
    round_ = open_for(gov)
    OfficialDocument.objects.filter(pk=rec.pk).update(version=2)  # somebody changed it
    with pytest.raises(Conflict):
        review.decide(round_, rec.pk, decision="keep", reason="维持", version=1, by=officer)
    review.decide(round_, rec.pk, decision="keep", reason="维持", version=2, by=officer)
    with pytest.raises(Conflict, match="已作出决定"):
        review.decide(round_, rec.pk, decision="keep", reason="维持", by=officer)


def test_another_bodys_officer_is_refused(gov, fh_officer, review_records):
    rec = review_records()
    round_ = open_for(gov)
    with pytest.raises(NotAllowed, match="作出动态调整审查决定"):
        review.decide(round_, rec.pk, decision="keep", reason="维持", by=fh_officer)
    assert round_.decisions.get(record=rec).pending


def test_the_round_ends_with_its_last_decision_and_its_clock_stops(gov, officer, review_records):
    first, second = review_records(), review_records()
    round_ = open_for(gov)
    # the demo may hold records of its own in the round: decide those too
    for item in round_.decisions.exclude(record__in=[first, second]):
        review.decide(round_, item.record_id, decision="keep", reason="维持", by=officer)
    review.decide(round_, first.pk, decision="keep", reason="维持", by=officer, on=DECIDED)
    round_.refresh_from_db()
    assert round_.status == Review.OPEN
    review.decide(round_, second.pk, decision="keep", reason="维持", by=officer, on=DECIDED)
    round_.refresh_from_db()
    assert round_.status == Review.DONE and round_.done_on == DECIDED
    assert round_.done_by == officer
    assert review.review_clock(round_).state == Clock.STOPPED
    actions = set(
        AuditEvent.objects.filter(object_type="disclosure_archive.review", object_id=str(round_.pk))
        .values_list("action", flat=True)
    )  # fmt: skip
    assert actions == {"disclosure_archive.review_open", "disclosure_archive.review_done"}
    assert AuditEvent.objects.filter(
        action="disclosure_archive.review_decide", object_id=str(first.pk)
    ).exists()


def test_reviewed_records_are_not_due_again_within_the_interval(gov, review_records):
    young = review_records(written_on=dt.date(2025, 12, 1))  # written within the 12 months
    old = review_records(written_on=dt.date(2023, 1, 5))
    public = review_records(attribute=OfficialDocument.PROACTIVE, withheld_ground="")
    round_ = open_for(gov)
    assert listed(round_, old) and not listed(round_, young) and not listed(round_, public)
    # opening again adds nothing: the records wait in the open round
    assert open_for(gov) is None
    assert round_.decisions.filter(record=old).count() == 1


def test_the_interval_setting_changes_who_is_due(gov, officer, review_records):
    rec = review_records(written_on=dt.date(2023, 1, 5))
    first = open_for(gov, on=dt.date(2025, 9, 1))
    review.decide(first, rec.pk, decision="keep", reason="维持", by=officer, on=dt.date(2025, 9, 1))
    today = dt.date(2026, 4, 1)  # seven months after the last decision
    assert rec.pk not in review.due_ids(today, [gov.pk]).get(gov.pk, [])
    with override_settings(ZHENGWU_ARCHIVE_REVIEW_MONTHS=6):
        assert rec.pk in review.due_ids(today, [gov.pk])[gov.pk]


def test_a_secret_reaching_its_release_date_is_due_whatever_the_interval(
    gov, officer, review_records
):
    rec = review_records(
        secrecy=OfficialDocument.SECRET, secrecy_until=dt.date(2026, 3, 1),
        withheld_ground="s14_secret", written_on=dt.date(2020, 1, 1),
    )  # fmt: skip
    first = open_for(gov, on=dt.date(2025, 12, 1))
    review.decide(
        first, rec.pk, decision="keep", reason="保密期限未满", by=officer,
        on=dt.date(2025, 12, 1),
    )  # fmt: skip
    assert rec.pk not in review.due_ids(dt.date(2026, 2, 28), [gov.pk]).get(gov.pk, [])
    # on its 解密时间 it is due again, three months after its last review
    assert rec.pk in review.due_ids(dt.date(2026, 3, 1), [gov.pk])[gov.pk]


def test_an_overdue_round_shows_to_supervision(gov, review_records, client):
    from zhengwu.core import measures
    from zhengwu.supervision import services as supervision
    from zhengwu.supervision.models import Card

    review_records()
    round_ = open_for(gov)
    c = review.review_clock(round_)
    after = c.due_date + dt.timedelta(days=1)
    supervision.sweep(after)
    card = Card.objects.get(clock=c, level=Card.YELLOW)
    assert card.purpose == "政府信息动态调整审查期限" and card.agency_id == gov.pk

    figure = measures.measure(
        "archive.reviews_on_time", gov.jurisdiction, agency=gov, year=after.year
    )
    assert figure["denominator"] >= 1 and figure["numerator"] == 0

    client.force_login(User.objects.get(username="supervisor"))
    page = client.get("/workbench/supervision/", {"purpose": "政府信息动态调整审查期限"})
    assert page.status_code == 200
    assert "政府信息动态调整审查" in page.content.decode()


def test_the_round_clock_is_the_setting(gov, review_records):
    review_records()
    with override_settings(ZHENGWU_ARCHIVE_REVIEW_WORKDAYS=10):
        round_ = open_for(gov)
    c = review.review_clock(round_)
    assert c.limit == 10
    assert c.due_date == clock.calendar.add_workdays(ON, 10, gov.jurisdiction.code)
    assert ReviewDecision.objects.filter(review=round_).exists()
