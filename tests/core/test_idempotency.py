"""The Idempotency-Key mechanism (core.idempotency), through the public API and a form: a
retry returns the first result and creates nothing; the same key for another request, a bad
key, expiry after ZHENGWU_IDEMPOTENCY_HOURS, keys scoped to the caller (an account, else the
client address), a refusal freeing its key, the purge, the OpenAPI documentation. Each
submission kind is tested in its own area (tests/*/test_idempotency.py)."""

import datetime as dt
import json
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.conftest import post_twice
from tests.disclosure_requests.conftest import applicant
from zhengwu.core import idempotency, tasks
from zhengwu.core.models import AuditEvent, Clock, IdempotencyKey
from zhengwu.disclosure.requests.models import Request
from zhengwu.org.models import Agency

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/disclosure/requests/submit"


@pytest.fixture
def gov(db):
    return Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)


def submit(client, gov, key, **extra):
    body = json.dumps({"agency_usci": gov.usci} | applicant() | extra)
    return client.post(SUBMIT, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def requests_about(subject):
    return Request.objects.filter(subject=subject)


def test_a_retry_returns_the_first_result_and_creates_nothing(gov):
    client = Client(REMOTE_ADDR="10.0.0.1")
    body = json.dumps({"agency_usci": gov.usci} | applicant(subject="重试的申请"))
    first = post_twice(client, SUBMIT, body, "k-1", content_type="application/json")
    assert first.status_code == 201 and first.json()["query_code"]
    assert requests_about("重试的申请").count() == 1
    req = requests_about("重试的申请").get()
    assert AuditEvent.objects.filter(object_id=str(req.pk), action__endswith="submit").count() == 1
    row = IdempotencyKey.objects.get(key="k-1")
    assert row.principal == "ip:10.0.0.1" and row.status == 201


def test_the_same_key_for_another_request_is_refused(gov):
    client = Client(REMOTE_ADDR="10.0.0.2")
    assert submit(client, gov, "k-2", subject="第一份申请").status_code == 201
    other = submit(client, gov, "k-2", subject="另一份申请")
    assert other.status_code == 422
    assert other.json() == {
        "code": "idempotency_key_reused",
        "message": idempotency.REUSED,
        "field": "idempotency_key",
    }
    assert not requests_about("另一份申请").exists()
    # another path with the key is another request too
    again = client.post(
        "/api/v1/disclosure/requests/track",
        json.dumps({"number": "x", "query_code": "y"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-2",
    )
    assert again.status_code == 404  # track is not a submission: the key means nothing there


@pytest.mark.parametrize("key", ["x" * 101, "有 空格", "汉字标识", " "])
def test_a_bad_key_is_refused_with_a_chinese_422(gov, key):
    r = submit(Client(), gov, key, subject="坏标识的申请")
    assert r.status_code == 422
    assert r.json()["code"] == "bad_idempotency_key" and r.json()["field"] == "idempotency_key"
    assert "1至100" in r.json()["message"]
    assert not requests_about("坏标识的申请").exists()


def test_a_key_of_100_characters_is_accepted(gov):
    key = "A" * 64 + "-_.:~!" + "9" * 30
    assert submit(Client(), gov, key, subject="长标识").status_code == 201
    assert submit(Client(), gov, key, subject="长标识")["Idempotent-Replayed"] == "true"


def test_a_key_expires_after_the_configured_hours(gov, settings):
    client = Client(REMOTE_ADDR="10.0.0.3")
    assert submit(client, gov, "k-3", subject="过期前").status_code == 201
    row = IdempotencyKey.objects.get(key="k-3")
    row.created_at = timezone.now() - dt.timedelta(hours=24, minutes=1)
    row.save(update_fields=["created_at"])
    later = submit(client, gov, "k-3", subject="过期前")
    assert later.status_code == 201 and "Idempotent-Replayed" not in later
    assert requests_about("过期前").count() == 2
    settings.ZHENGWU_IDEMPOTENCY_HOURS = 1
    IdempotencyKey.objects.filter(key="k-3").update(
        created_at=timezone.now() - dt.timedelta(minutes=59)
    )
    assert submit(client, gov, "k-3", subject="过期前")["Idempotent-Replayed"] == "true"
    IdempotencyKey.objects.filter(key="k-3").update(
        created_at=timezone.now() - dt.timedelta(minutes=61)
    )
    assert "Idempotent-Replayed" not in submit(client, gov, "k-3", subject="过期前")
    assert requests_about("过期前").count() == 3


def test_anonymous_keys_are_scoped_to_the_address(gov):
    here, there = Client(REMOTE_ADDR="10.0.0.4"), Client(REMOTE_ADDR="10.0.0.5")
    a = submit(here, gov, "shared", subject="两个地址")
    b = submit(there, gov, "shared", subject="两个地址")
    assert a.status_code == b.status_code == 201
    assert a.json()["number"] != b.json()["number"]
    assert requests_about("两个地址").count() == 2
    assert submit(here, gov, "shared", subject="两个地址").json() == a.json()


def test_account_keys_are_scoped_to_the_account(as_user):
    """Two accounts behind one address, one key: each gets its own record."""
    body = {
        "mailbox_id": None,
        "jurisdiction_code": "433101",
        "kind": "consult",
        "title": "咨询个体工商户登记",
        "body": "请问在吉首市开一家小超市，个体工商户登记需要准备哪些材料？",
    }
    first, second = as_user("433101198803140228"), as_user("433123199511020171")
    for client in (first, second):
        r = client.post(
            "/api/v1/interaction/messages",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="same",
        )
        assert r.status_code == 201
    assert IdempotencyKey.objects.filter(key="same").count() == 2
    assert len({r.principal for r in IdempotencyKey.objects.filter(key="same")}) == 2


def test_a_refusal_frees_the_key_for_the_corrected_submission(gov):
    client = Client(REMOTE_ADDR="10.0.0.6")
    bad = submit(client, gov, "k-6", subject="改正后再交", applicant_phone="12")
    assert bad.status_code == 422 and bad.json()["field"] == "applicant_phone"
    assert not IdempotencyKey.objects.filter(key="k-6").exists()
    good = submit(client, gov, "k-6", subject="改正后再交")
    assert good.status_code == 201 and requests_about("改正后再交").count() == 1


def test_without_a_key_nothing_changes(gov):
    body = json.dumps({"agency_usci": gov.usci} | applicant(subject="没有标识"))
    for _ in range(2):
        assert Client().post(SUBMIT, body, content_type="application/json").status_code == 201
    assert requests_about("没有标识").count() == 2
    assert not IdempotencyKey.objects.exists()


def test_old_keys_are_purged_by_the_scheduled_task(gov):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for key in ("old", "new"):
        assert submit(client, gov, key, subject=f"清理{key}").status_code == 201
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert tasks.purge_idempotency_keys.call() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    from zhengwu.core import schedule

    assert "core.purge_idempotency_keys" in [j.name for j in schedule.jobs()]


def test_forms_refuse_a_bad_key_and_other_content_in_words(gov):
    client = Client(REMOTE_ADDR="10.0.0.8")
    form = {"agency": gov.usci} | applicant(subject="表单申请")
    r = client.post("/xxgk/apply/", form | {"idempotency_key": "坏的 标识"})
    assert r.status_code == 422 and "请刷新页面后重新填写提交" in r.content.decode()
    assert client.post("/xxgk/apply/", form | {"idempotency_key": "f-1"}).status_code == 201
    changed = client.post(
        "/xxgk/apply/", form | {"idempotency_key": "f-1", "description": "补充说明：要2024年的"}
    )
    html = changed.content.decode()
    assert changed.status_code == 422 and "这份表单已经提交过" in html
    assert "补充说明：要2024年的" in html  # what was typed this time is shown, not lost
    assert requests_about("表单申请").count() == 1


def test_the_openapi_schema_documents_the_header(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "Idempotency-Key" in schema["info"]["description"]
    documented = {
        (path, method)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
    }
    for path in (
        "/api/v1/cases/",
        "/api/v1/cases/{case_id}/fees",
        "/api/v1/interaction/messages",
        "/api/v1/interaction/complaints",
        "/api/v1/interaction/messages/{pk}/{action}",
        "/api/v1/disclosure/requests/submit",
        "/api/v1/disclosure/requests/register",
        "/api/v1/ratings/invitations/{pk}",
    ):
        assert (path, "post") in documented, path


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)"
)
def test_a_concurrent_duplicate_waits_for_the_first_and_gets_its_result(gov, monkeypatch):
    """Two sends of one submission at once: the second waits on the key's unique index while
    the first is inside its transaction, then gets the first's response; one request made.
    Real threads and commits (cleaned up at the end), as in tests/cases/test_concurrency.py."""
    from zhengwu.disclosure.requests import services

    original, inside, release = services.submit_online, threading.Event(), threading.Event()

    def held(*args, **kwargs):  # the first submission stops inside its transaction
        if not inside.is_set():
            inside.set()
            assert release.wait(60)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "submit_online", held)
    body = json.dumps({"agency_usci": gov.usci} | applicant(subject="同时两次提交"))
    responses = {}

    def send(name):
        try:
            responses[name] = Client(REMOTE_ADDR="10.0.0.9").post(
                SUBMIT, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="at-once"
            )
        finally:
            connection.close()

    first = threading.Thread(target=send, args=("first",))
    first.start()
    assert inside.wait(60)
    second = threading.Thread(target=send, args=("second",))
    second.start()
    with connection.cursor() as cursor:  # until the second waits on the first's key
        for _ in range(600):
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.05)
        else:
            pytest.fail("the second submission never waited for the first")
    release.set()
    first.join()
    second.join()

    def clean():
        try:
            reqs = Request.objects.filter(subject="同时两次提交")
            made = reqs.count()
            Clock.objects.filter(
                subject_type__model="request", subject_id__in=reqs.values("pk")
            ).delete()
            reqs.delete()
            IdempotencyKey.objects.filter(key="at-once").delete()
            return made
        finally:
            connection.close()

    outcome = {}
    cleaner = threading.Thread(target=lambda: outcome.update(made=clean()))
    cleaner.start()
    cleaner.join()
    a, b = responses["first"], responses["second"]
    assert a.status_code == b.status_code == 201 and a.content == b.content
    assert "Idempotent-Replayed" not in a and b["Idempotent-Replayed"] == "true"
    assert outcome["made"] == 1
