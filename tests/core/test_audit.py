"""The audit chains (等保 安全审计; security-rules §1.3): every kind of tampering is caught by
`manage.py verify_audit`, which names the chain and its first bad event; appends never fork a
chain, and concurrent writers spread over several chains."""

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from zhengwu.core import audit
from zhengwu.core.models import AuditEvent, AuditHead
from zhengwu.org.models import User


@pytest.fixture
def head_file(settings, tmp_path):
    """Keep the default exported head off the developer's var/ during tests."""
    settings.ZHENGWU_AUDIT_HEAD_FILE = str(tmp_path / "default-head.json")
    return tmp_path / "head.json"


@pytest.fixture
def on_chain(monkeypatch):
    """on_chain(n): this thread appends to chain n from now on (as a worker process would)."""

    def use(n):
        monkeypatch.setattr(audit._local, "chain", n, raising=False)

    monkeypatch.setattr(audit._local, "chain", 1, raising=False)
    return use


@pytest.fixture
def chain(db, head_file, on_chain):
    """Six fresh events at the end of chain 3, with others appended to chain 2 in between;
    returns chain 3's sequence numbers."""
    user = User.objects.get(username="admin")
    seqs = []
    for i in range(6):
        on_chain(3)
        seqs.append(audit.record("test.change", user, actor=user, after={"n": i}).seq)
        on_chain(2)
        audit.record("test.other", user, actor=user, after={"n": i})
    assert AuditEvent.objects.filter(chain=3, seq__in=seqs).count() == 6
    return seqs


def verify(*args) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as excinfo:
        verify(*args)
    return str(excinfo.value)


def on3(seq):
    return AuditEvent.objects.filter(chain=3, seq=seq)


def test_intact_chains_verify(chain):
    assert "审计链完好" in verify()
    verdict = audit.verify()
    assert verdict.ok
    assert {2, 3} <= set(verdict.heads)
    assert verdict.heads[3]["seq"] == chain[-1]
    # the heads the rows remember are the heads the walk found
    assert audit.head()["chains"]["3"] == verdict.heads[3]
    assert audit.head()["hash"] == verdict.head_hash


def test_edited_row_is_caught(chain):
    bad = chain[2]
    on3(bad).update(after={"n": 999})
    message = refused()
    assert f"第3条链：第{bad}号事件的内容与其哈希不符" in message
    assert audit.verify().bad_chain == 3


def test_edited_actor_is_caught(chain):
    bad = chain[4]
    other = User.objects.get(username="watcher")
    on3(bad).update(actor=other, actor_label="watcher")
    assert f"第3条链：第{bad}号" in refused()


def test_deleted_row_is_caught(chain):
    bad = chain[3]
    on3(bad).delete()
    message = refused()
    assert f"第3条链：第{bad}号事件缺失" in message


def test_reordered_rows_are_caught(chain):
    a, b = chain[1], chain[2]
    parking = chain[-1] + 1000
    on3(a).update(seq=parking)
    on3(b).update(seq=a)
    on3(parking).update(seq=b)
    message = refused()
    assert f"第3条链：第{a}号事件的前序哈希与上一事件不符" in message


def test_inserted_row_is_caught(chain):
    """A forged event slipped in, correctly hashed onto its predecessor, the later events
    renumbered to make room: the event after it no longer links."""
    at = chain[2]
    for seq in reversed(chain[3:]):
        on3(seq).update(seq=seq + 1)
    before = on3(at).get()
    forged = AuditEvent(
        chain=3,
        seq=at + 1,
        at=before.at,
        action="test.forged",
        object_type="test",
        object_id="x",
        prev_hash=before.hash,
    )
    forged.hash = audit._digest(audit._fields(forged))
    forged.save()
    message = refused()
    assert f"第3条链：第{at + 2}号事件的前序哈希与上一事件不符" in message


def test_event_moved_to_another_chain_is_caught(chain):
    moved = chain[-1]
    last_on_2 = AuditEvent.objects.filter(chain=2).order_by("-seq").first().seq
    on3(moved).update(chain=2, seq=last_on_2 + 1)
    AuditHead.objects.filter(id=3).update(seq=moved - 1)
    assert "第2条链：" in refused()


def test_renumbered_chain_is_caught(chain):
    """Each chain starts from its own genesis: a whole chain passed off as another breaks."""
    AuditEvent.objects.filter(chain=3).update(chain=99)
    assert "第99条链：第1号事件的前序哈希与上一事件不符" in refused()


def test_truncated_tail_is_caught_with_the_exported_head(chain, head_file):
    verify("--export-head", str(head_file))
    exported = json.loads(head_file.read_text(encoding="utf-8"))
    assert exported["chains"]["3"]["seq"] == chain[-1]
    # The attacker deletes the last two events of chain 3 and makes its head row agree.
    on3(chain[-2]).delete()
    on3(chain[-1]).delete()
    last = AuditEvent.objects.filter(chain=3).order_by("-seq").first()
    AuditHead.objects.filter(id=3).update(seq=last.seq, hash=last.hash)
    # Without the exported head the shortened chain is self-consistent …
    assert "审计链完好" in verify()
    # … with it, the truncation is named, with its chain.
    message = refused("--head", str(head_file))
    assert "第3条链：审计链被截断" in message
    assert f"第{chain[-1]}号" in message


def test_deleted_chain_is_caught_with_the_exported_head(chain, head_file):
    verify("--export-head", str(head_file))
    AuditEvent.objects.filter(chain=3).delete()
    AuditHead.objects.filter(id=3).update(seq=0, hash=audit.GENESIS)
    assert "审计链完好" in verify()
    assert "第3条链：审计链被截断" in refused("--head", str(head_file))


def test_exported_head_that_does_not_match_is_caught(chain, head_file):
    verify("--export-head", str(head_file))
    on3(chain[-1]).update(hash="f" * 64)
    assert f"第{chain[-1]}号" in refused("--head", str(head_file))


def test_head_exported_before_there_were_several_chains_still_checks_chain_1(
    chain, head_file, on_chain
):
    """A head file of the single-chain days ({seq, hash}) is chain 1's head."""
    on_chain(1)
    audit.record("test.change", object_type="test")
    first = AuditEvent.objects.filter(chain=1).order_by("-seq").first()
    head_file.write_text(json.dumps({"seq": first.seq, "hash": first.hash}), encoding="utf-8")
    assert "审计链完好" in verify("--head", str(head_file))
    AuditEvent.objects.filter(chain=1, seq=first.seq).delete()
    assert "第1条链：审计链被截断" in refused("--head", str(head_file))


def test_missing_head_file_is_an_error(chain, tmp_path):
    assert "链头文件不存在" in refused("--head", str(tmp_path / "nowhere.json"))


@pytest.mark.django_db
def test_log_in_log_out_and_failed_log_in_are_recorded(client, password, head_file):
    before = AuditEvent.objects.order_by("-id").first().id
    response = client.post("/accounts/login/", {"username": "window", "password": "wrong-one"})
    assert response.status_code == 400
    response = client.post("/accounts/login/", {"username": "window", "password": password})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    events = list(AuditEvent.objects.filter(id__gt=before).order_by("id"))
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
def test_concurrent_appends_leave_unforked_chains(reload_demo, head_file):
    """Several workers append at once: they spread over several chains and each chain stays
    one line (SELECT … FOR UPDATE on its head row in PostgreSQL, IMMEDIATE transactions in
    SQLite)."""
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
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
    events = list(AuditEvent.objects.filter(id__gt=start).order_by("chain", "seq"))
    assert len(events) == threads * per_thread
    chains = {e.chain for e in events}
    assert len(chains) > 1
    for c in chains:
        seqs = AuditEvent.objects.filter(chain=c).order_by("seq").values_list("seq", flat=True)
        assert list(seqs) == list(range(1, len(seqs) + 1))
    prev = {(e.chain, e.prev_hash) for e in events}
    assert len(prev) == len(events)  # no two events claim the same predecessor: no fork
    verdict = audit.verify()
    assert verdict.ok, verdict.problem
    assert verdict.head_seq == sum(
        AuditEvent.objects.filter(chain=c).count() for c in verdict.heads
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_a_busy_chain_is_passed_over_and_one_transaction_keeps_to_one_chain(
    reload_demo, head_file, on_chain
):
    """While another transaction holds chain 5's head, a writer that prefers chain 5 does not
    wait: it takes a free chain, and every event of its transaction goes there."""
    on_chain(5)
    holding, release, seen = threading.Event(), threading.Event(), {}

    def hold():
        try:
            audit._local.chain = 5
            with transaction.atomic():
                seen["holder"] = audit.record("test.hold", object_type="test").chain
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    try:
        with transaction.atomic():
            events = [
                audit.record("test.busy", object_type="test", object_id=str(i)) for i in range(3)
            ]
    finally:
        release.set()
        holder.join()
    assert seen["holder"] == 5
    assert {e.chain for e in events} == {events[0].chain}
    assert events[0].chain != 5
    assert audit.verify().ok


def test_a_batch_of_events_is_chained_as_single_records_are(chain, on_chain):
    """record_many (a bulk import) appends on one chain, linked exactly as that many calls of
    record would link them; tampering with one of them is still caught."""
    user = User.objects.get(username="admin")
    others = list(User.objects.order_by("id")[:3])
    on_chain(3)
    events = audit.record_many(
        "test.bulk",
        [(u, None, {"name": u.username, "引号": '"\\'}) for u in others],
        actor=user,
    )
    last = audit.record("test.change", user, actor=user, after={"n": 0})
    assert {e.chain for e in events} == {3} and last.chain == 3
    assert [e.seq for e in events] == [chain[-1] + 1, chain[-1] + 2, chain[-1] + 3]
    assert last.seq == chain[-1] + 4 and last.prev_hash == events[-1].hash
    stored = list(AuditEvent.objects.filter(action="test.bulk", chain=3).order_by("seq"))
    assert [(e.object_id, e.actor_id, e.role) for e in stored] == [
        (str(u.pk), user.pk, user.audit_role) for u in others
    ]
    assert stored[0].after == {"name": others[0].username, "引号": '"\\'}
    assert audit.record_many("test.bulk", []) == []
    assert "审计链完好" in verify()
    on3(events[1].seq).update(after={"name": "x"})
    assert f"第3条链：第{events[1].seq}号事件的内容与其哈希不符" in refused()


def test_snapshot_records_relations_by_key_and_values_as_stored(
    head_file, agency, django_assert_num_queries
):
    """A snapshot names a related row by its key (never its text, and without a query), and
    holds exactly what the JSON column gives back, so the chain verifies after the round trip."""
    from zhengwu.org.models import RoleAssignment

    user = User.objects.create_user("snap", password="x" * 12, kind=User.STAFF)
    RoleAssignment.objects.create(user=user, role="dept_officer", agency=agency)
    row = RoleAssignment.objects.get(user=user)  # agency and user not loaded
    with django_assert_num_queries(0):
        picture = audit.snapshot(row, ["user", "agency", "role", "jurisdiction"])
    assert picture == {
        "agency": agency.pk,
        "jurisdiction": None,
        "role": "dept_officer",
        "user": user.pk,
    }
    dates = audit.snapshot(user, ["username", "date_joined", "is_active", "last_login"])
    assert dates["date_joined"] == str(user.date_joined) and dates["last_login"] is None
    assert dates == json.loads(json.dumps(dates))
    event = audit.record("test.snapshot", user, before=picture, after=dates)
    event.refresh_from_db()
    assert (event.before, event.after) == (picture, dates)
    assert audit.verify().ok


def test_an_event_carried_with_changes_falls_back_when_its_head_has_moved(chain, on_chain):
    """An event written in the same statement as the change's rows (PostgreSQL) still lands
    after the right event when another writer moved this thread's chain meanwhile: the rows are
    written, and the event is appended under the head's lock instead."""
    from zhengwu.core import rows

    on_chain(2)
    user = User.objects.create_user("carried", password="x" * 12)
    audit.record("test.first", user, actor=user, after={"n": 1})
    seen = audit._local.last
    moved = audit.record("test.other", user, actor=user, after={"n": 2})
    audit._local.last = seen  # as if another process had appended `moved`
    user.real_name = "已改"
    changes = rows.Changes(User)
    changes.update(user, ["real_name"])
    event = audit.record("test.carried", user, changes=changes, actor=user, after={"n": 3})
    assert User.objects.get(pk=user.pk).real_name == "已改"
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.chain, stored.seq, stored.prev_hash) == (2, moved.seq + 1, moved.hash)
    assert audit.verify().ok


def test_verify_from_the_exported_head_checks_only_what_was_added(chain, head_file, on_chain):
    """Issue 18 §8: the daily check costs what was added since the last exported head."""
    verify("--export-head", str(head_file))
    exported = audit.load_head(str(head_file))
    total = AuditEvent.objects.count()
    assert audit.verify(exported).checked == 0
    for n, c in enumerate([3, 5, 3, 2]):  # chain 5 may be new since the export
        on_chain(c)
        audit.record("test.after_head", object_type="test", object_id=str(n))
    verdict = audit.verify(exported)
    assert verdict.ok and not verdict.full
    assert verdict.checked == 4
    assert verdict.heads == {int(c): h for c, h in audit.head()["chains"].items()}
    assert verdict.head_hash == audit.head()["hash"]
    full = audit.verify(exported, full=True)
    assert full.ok and full.full and full.checked == total + 4
    out = verify("--head", str(head_file))
    assert "其后新增的 4 条已逐条校验" in out
    assert f"自每条链的第一条事件起校验 {total + 4} 条" in verify(
        "--head", str(head_file), "--full"
    )


def test_tampering_after_the_head_is_caught_from_the_head(chain, head_file, on_chain):
    verify("--export-head", str(head_file))
    on_chain(3)
    added = [audit.record("test.after_head", object_type="test", object_id=str(n)) for n in "ab"]
    on3(added[0].seq).update(after={"forged": True})
    message = refused("--head", str(head_file))
    assert f"第3条链：第{added[0].seq}号事件的内容与其哈希不符" in message
    # Deleting the newest event instead of editing it: the link after it breaks.
    on3(added[0].seq).delete()
    assert f"第3条链：第{added[0].seq}号事件缺失" in refused("--head", str(head_file))


def test_tampering_before_the_head_is_caught_only_by_the_full_walk(chain, head_file):
    """The trade-off of docs/security.md: events before the exported head are not read again
    by the daily check; `verify_audit --full` (and the supervision page) still walks them."""
    verify("--export-head", str(head_file))
    on3(chain[2]).update(after={"n": 999})
    assert "审计链完好" in verify("--head", str(head_file))
    assert f"第3条链：第{chain[2]}号事件的内容与其哈希不符" in refused(
        "--head", str(head_file), "--full"
    )
    # The event at the head itself is checked either way.
    on3(chain[-1]).update(after={"n": 999})
    assert f"第3条链：第{chain[-1]}号事件的内容与其哈希不符" in refused("--head", str(head_file))


def test_truncation_below_the_head_is_caught_from_the_head(chain, head_file, on_chain):
    verify("--export-head", str(head_file))
    on_chain(3)
    audit.record("test.after_head", object_type="test")
    # The attacker drops the head's event and everything after it, and rewinds the head row.
    AuditEvent.objects.filter(chain=3, seq__gte=chain[-1]).delete()
    last = AuditEvent.objects.filter(chain=3).order_by("-seq").first()
    AuditHead.objects.filter(id=3).update(seq=last.seq, hash=last.hash)
    message = refused("--head", str(head_file))
    assert f"第3条链：审计链被截断：导出的链头为第{chain[-1]}号，现仅存至第{last.seq}号" in message


def test_the_daily_task_checks_from_the_head_then_exports_the_new_one(chain, on_chain, monkeypatch):
    from zhengwu.core import tasks

    verdicts = []
    real = audit.verify

    def spy(*args, **kwargs):
        verdicts.append(real(*args, **kwargs))
        return verdicts[-1]

    monkeypatch.setattr(audit, "verify", spy)
    tasks.export_audit_head.call()  # no head yet: the whole chains
    assert verdicts[-1].full and verdicts[-1].checked == AuditEvent.objects.count()
    on_chain(3)
    audit.record("test.after_head", object_type="test")
    exported = tasks.export_audit_head.call()
    assert not verdicts[-1].full and verdicts[-1].checked == 1
    assert exported["hash"] == audit.head()["hash"] == audit.load_head()["hash"]
    on_chain(3)
    event = audit.record("test.after_head", object_type="test")
    on3(event.seq).update(action="test.forged")
    with pytest.raises(RuntimeError, match="审计链校验失败"):
        tasks.export_audit_head.call()
