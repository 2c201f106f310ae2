"""The audit chain (等保 安全审计; security-rules §1.3): every kind of tampering is caught by
`manage.py verify_audit`, which names the first bad event; appends never fork the chain."""

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhengwu.core import audit
from zhengwu.core.models import AuditEvent, AuditHead
from zhengwu.org.models import User


@pytest.fixture
def head_file(settings, tmp_path):
    """Keep the default exported head off the developer's var/ during tests."""
    settings.ZHENGWU_AUDIT_HEAD_FILE = str(tmp_path / "default-head.json")
    return tmp_path / "head.json"


@pytest.fixture
def chain(db, head_file):
    """Six fresh events at the end of the chain; returns their sequence numbers."""
    user = User.objects.get(username="admin")
    return [
        audit.record("test.change", user, actor=user, before={"n": i}, after={"n": i + 1}).seq
        for i in range(6)
    ]


def verify(*args) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as excinfo:
        verify(*args)
    return str(excinfo.value)


def test_intact_chain_verifies(chain):
    assert "审计链完好" in verify()
    assert audit.verify().ok


def test_edited_row_is_caught(chain):
    bad = chain[2]
    AuditEvent.objects.filter(seq=bad).update(after={"n": 999})
    message = refused()
    assert f"第{bad}号事件的内容与其哈希不符" in message


def test_edited_actor_is_caught(chain):
    bad = chain[4]
    other = User.objects.get(username="watcher")
    AuditEvent.objects.filter(seq=bad).update(actor=other, actor_label="watcher")
    assert f"第{bad}号" in refused()


def test_deleted_row_is_caught(chain):
    bad = chain[3]
    AuditEvent.objects.filter(seq=bad).delete()
    message = refused()
    assert f"第{bad}号事件缺失" in message


def test_reordered_rows_are_caught(chain):
    a, b = chain[1], chain[2]
    parking = chain[-1] + 1000
    AuditEvent.objects.filter(seq=a).update(seq=parking)
    AuditEvent.objects.filter(seq=b).update(seq=a)
    AuditEvent.objects.filter(seq=parking).update(seq=b)
    message = refused()
    assert f"第{a}号事件的前序哈希与上一事件不符" in message


def test_truncated_tail_is_caught_with_the_exported_head(chain, head_file):
    verify("--export-head", str(head_file))
    exported = json.loads(head_file.read_text(encoding="utf-8"))
    assert exported["seq"] == chain[-1]
    # The attacker deletes the last two events and makes the head row agree with what is left.
    AuditEvent.objects.filter(seq__in=chain[-2:]).delete()
    last = AuditEvent.objects.order_by("-seq").first()
    AuditHead.objects.filter(id=1).update(seq=last.seq, hash=last.hash)
    # Without the exported head the shortened chain is self-consistent …
    assert "审计链完好" in verify()
    # … with it, the truncation is named.
    message = refused("--head", str(head_file))
    assert "审计链被截断" in message
    assert f"第{chain[-1]}号" in message


def test_exported_head_that_does_not_match_is_caught(chain, head_file):
    verify("--export-head", str(head_file))
    AuditEvent.objects.filter(seq=chain[-1]).update(hash="f" * 64)
    assert f"第{chain[-1]}号" in refused("--head", str(head_file))


def test_missing_head_file_is_an_error(chain, tmp_path):
    assert "链头文件不存在" in refused("--head", str(tmp_path / "nowhere.json"))


@pytest.mark.django_db
def test_log_in_log_out_and_failed_log_in_are_recorded(client, password, head_file):
    before = AuditEvent.objects.order_by("-seq").first().seq
    response = client.post("/accounts/login/", {"username": "window", "password": "wrong-one"})
    assert response.status_code == 400
    response = client.post("/accounts/login/", {"username": "window", "password": password})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [(e.action, e.success) for e in events] == [
        ("account.login_failed", False),
        ("account.login", True),
        ("account.logout", True),
    ]
    assert events[0].object_id == "window"
    assert events[1].actor.username == "window"
    assert events[1].role == "window_clerk"
    assert events[1].client_ip == "127.0.0.1"
    assert events[1].request_id
    assert audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_leave_one_unforked_chain(reload_demo, head_file):
    """Several workers append at once: the chain stays one line (SELECT … FOR UPDATE on the head
    row in PostgreSQL, IMMEDIATE transactions in SQLite)."""
    start = audit.head()["seq"]
    threads, per_thread, errors = 6, 10, []
    barrier = threading.Barrier(threads)

    def work(k):
        try:
            barrier.wait()
            for i in range(per_thread):
                audit.record("test.concurrent", object_type="test", object_id=f"{k}-{i}")
        except Exception as e:  # reported below: a failed append is a failure of the test
            errors.append(e)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert errors == []
    events = list(AuditEvent.objects.filter(seq__gt=start).order_by("seq"))
    assert len(events) == threads * per_thread
    assert [e.seq for e in events] == list(range(start + 1, start + 1 + threads * per_thread))
    prev = {e.prev_hash for e in events}
    assert len(prev) == len(events)  # no two events claim the same predecessor: no fork
    verdict = audit.verify()
    assert verdict.ok, verdict.problem
    assert verdict.head_seq == start + threads * per_thread


def test_a_batch_of_events_is_chained_as_single_records_are(chain, head_file):
    user = User.objects.get(username="admin")
    others = list(User.objects.order_by("id")[:3])
    events = audit.record_many(
        "test.bulk",
        [(u, None, {"name": u.username, "引号": '"\\'}) for u in others],
        actor=user,
    )
    last = audit.record("test.change", user, actor=user, after={"n": 0})
    assert [e.seq for e in events] == [chain[-1] + 1, chain[-1] + 2, chain[-1] + 3]
    assert last.seq == chain[-1] + 4 and last.prev_hash == events[-1].hash
    stored = list(AuditEvent.objects.filter(action="test.bulk", seq__gt=chain[-1]).order_by("seq"))
    assert [(e.object_id, e.actor_id, e.role) for e in stored] == [
        (str(u.pk), user.pk, user.audit_role) for u in others
    ]
    assert stored[0].after == {"name": others[0].username, "引号": '"\\'}
    assert audit.record_many("test.bulk", []) == []
    assert "审计链完好" in verify()
    AuditEvent.objects.filter(seq=events[1].seq).update(after={"name": "x"})
    assert f"第{events[1].seq}号事件的内容与其哈希不符" in refused()
