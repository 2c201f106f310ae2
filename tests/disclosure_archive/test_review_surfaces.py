"""The §18 journey 不予公开 → review → 主动公开 draft with its §26 clock (条例 §26: 20 working
days from the decision; 2026-02-10 → 2026-03-16, domain rules §8) through the page, the API and
the command line; the refusals each surface gives."""

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command

from zhengwu.disclosure.archive.models import OfficialDocument, Review
from zhengwu.disclosure.archive.services import review
from zhengwu.disclosure.services import documents

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 2, 2)
DECIDED = dt.date(2026, 2, 10)
DUE = dt.date(2026, 3, 16)


@pytest.fixture
def decided_today(monkeypatch):
    """The pages and the API decide "today": 2026-02-10 here."""
    monkeypatch.setattr(review, "today", lambda: DECIDED)


def round_of(agency):
    review.open_rounds(on=ON, agencies=[agency])
    return Review.objects.get(agency=agency, status=Review.OPEN)


def published_with_clock(rec):
    rec.refresh_from_db()
    assert rec.attribute == OfficialDocument.PROACTIVE and rec.document_id
    c = documents.publication_clock(rec.document)
    assert c.started_on == DECIDED and c.due_date == DUE


# ---------------------------------------------------------------- the page


def test_page_journey(client, gov, officer, review_records, decided_today):
    rec = review_records(title="关于乾州古城保护规划的请示")
    secret = review_records(
        title="秘密文件", secrecy=OfficialDocument.SECRET, withheld_ground="s14_secret",
        written_on=dt.date(2014, 1, 10),
    )  # fmt: skip
    round_ = round_of(gov)
    client.force_login(officer)
    page = client.get("/workbench/archive/review/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "关于乾州古城保护规划的请示" in text
    assert round_.due_on == dt.date(2026, 3, 6) and "2026年3月6日" in text  # 20 working days
    assert "保密期限已满，依法自行解密" in text and "秘密★10年" in text
    assert "待审查" in text

    url = f"/workbench/archive/review/{round_.pk}/decide/"
    # no reason: 422, the form keeps what was chosen and opens
    bad = client.post(url, {"record": rec.pk, "decision": "publish", "version": rec.version})
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "请填写审查理由" in body
    assert 'value="publish" checked' in body

    ok = client.post(
        url,
        {"record": rec.pk, "decision": "publish", "reason": "规划已批复", "version": rec.version},
    )
    assert ok.status_code == 302
    said = [m.message for m in get_messages(ok.wsgi_request)]
    assert any("已转为主动公开" in m and "20个工作日" in m for m in said)
    published_with_clock(rec)
    assert round_.decisions.get(record=secret).pending  # still to decide
    after = client.get(ok["Location"]).content.decode()
    assert "转为主动公开" in after and "规划已批复" in after


def test_page_stale_version_is_409_and_outsider_is_refused(
    client, gov, fh_officer, officer, review_records
):
    rec = review_records()
    review_records()
    round_ = round_of(gov)
    client.force_login(officer)
    url = f"/workbench/archive/review/{round_.pk}/decide/"
    stale = client.post(
        url, {"record": rec.pk, "decision": "keep", "reason": "维持", "version": rec.version + 1}
    )
    assert stale.status_code == 409 and "已被他人处理" in stale.content.decode()
    client.force_login(fh_officer)
    assert client.get(f"/workbench/archive/review/{round_.pk}/").status_code == 404
    refused = client.post(url, {"record": rec.pk, "decision": "keep", "reason": "维持"})
    assert refused.status_code == 404
    assert round_.decisions.get(record=rec).pending


# ---------------------------------------------------------------- the API


def test_api_journey(client, gov, officer, review_records, decided_today):
    rec = review_records()
    secret = review_records(
        secrecy=OfficialDocument.CONFIDENTIAL, withheld_ground="s14_secret",
        written_on=dt.date(2010, 3, 1),
    )  # fmt: skip
    old = review_records(
        secrecy=OfficialDocument.SECRET, withheld_ground="s14_secret",
        written_on=dt.date(2014, 1, 10),
    )  # fmt: skip
    round_ = round_of(gov)
    client.force_login(officer)
    base = "/api/v1/disclosure/archive/reviews"
    listing = client.get(f"{base}/").json()
    assert round_.pk in [r["id"] for r in listing["results"]]
    one = client.get(f"{base}/{round_.pk}").json()
    rows = {r["record"]: r for r in one["records"]}
    assert rows[old.pk]["flag"] == "保密期限已满，依法自行解密"
    assert rows[old.pk]["release_on"] == "2024-01-10"
    assert rows[secret.pk]["released_by_law"] is False  # 机密 2010: released in 2030
    assert rows[rec.pk]["decision"] is None

    post = f"{base}/{round_.pk}/decisions"
    refused = client.post(
        post,
        {"record": secret.pk, "decision": "publish", "reason": "拟公开"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "须先依定密权限解密" in refused.json()["message"]
    no_reason = client.post(
        post, {"record": rec.pk, "decision": "keep"}, content_type="application/json"
    )
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    stale = client.post(
        post,
        {"record": rec.pk, "decision": "publish", "reason": "可以公开", "version": 9},
        content_type="application/json",
    )
    assert stale.status_code == 409
    done = client.post(
        post,
        {"record": rec.pk, "decision": "publish", "reason": "可以公开", "version": 1},
        content_type="application/json",
    )
    assert done.status_code == 201, done.content
    assert done.json()["decision"] == "publish" and done.json()["document_id"]
    published_with_clock(rec)
    missing = client.post(
        post, {"record": 999999999, "decision": "keep", "reason": "维持"},
        content_type="application/json",
    )  # fmt: skip
    assert missing.status_code == 404 and "本轮审查清单中没有该公文" in missing.json()["message"]


def test_api_refuses_another_bodys_officer(client, gov, fh_officer, review_records):
    rec = review_records()
    round_ = round_of(gov)
    client.force_login(fh_officer)
    base = "/api/v1/disclosure/archive/reviews"
    assert round_.pk not in [r["id"] for r in client.get(f"{base}/").json()["results"]]
    assert client.get(f"{base}/{round_.pk}").status_code == 404
    r = client.post(
        f"{base}/{round_.pk}/decisions",
        {"record": rec.pk, "decision": "keep", "reason": "维持"},
        content_type="application/json",
    )
    assert r.status_code == 404


# ---------------------------------------------------------------- the command line


def run(*args) -> str:
    out = io.StringIO()
    call_command("archive_review", *args, stdout=out)
    return out.getvalue()


def test_cli_journey(gov, officer, review_records):
    rec = review_records(title="关于峒河治理的报告")
    opened = run("--open", "--date", ON.isoformat(), "--agency", gov.usci)
    assert gov.name in opened and "列入审查" in opened
    listed = run("--list", "--agency", gov.usci, "--date", ON.isoformat())
    assert "关于峒河治理的报告" in listed and "待审查" in listed
    with pytest.raises(CommandError, match="请填写审查理由"):
        run("--decide", str(rec.pk), "--decision", "publish", "--user", "disclosure")
    said = run(
        "--decide", str(rec.pk), "--decision", "publish", "--reason", "治理已完成",
        "--user", "disclosure", "--date", DECIDED.isoformat(),
    )  # fmt: skip
    assert "主动公开草稿已生成" in said
    published_with_clock(rec)


def test_cli_refuses_another_bodys_officer(gov, fh_officer, review_records):
    rec = review_records()
    run("--open", "--date", ON.isoformat(), "--agency", gov.usci)
    with pytest.raises(CommandError, match="作出动态调整审查决定的权限"):
        run(
            "--decide", str(rec.pk), "--decision", "keep", "--reason", "维持",
            "--user", fh_officer.username,
        )  # fmt: skip
