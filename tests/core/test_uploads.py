"""Orphaned uploads (core.uploads): a submission that stored its files and died before its
commit leaves files no row names; `manage.py sweep_orphan_files` (and the daily task) delete
them once they are older than ZHENGWU_ORPHAN_FILE_HOURS, and never a file a row names."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.cases.conftest import make_item, person, required_files
from zhengwu.cases import services
from zhengwu.cases.models import Case, CaseMaterial
from zhengwu.cases.services import intake
from zhengwu.core import schedule, tasks, uploads
from zhengwu.org.models import Agency, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def age(name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(default_storage.path(name), (then, then))


def submit(item, key):
    return services.submit(
        item,
        by=User.objects.get(username="window"),
        channel=Case.WINDOW,
        applicant=person(),
        materials=required_files(item),
        idempotency_key=key,
    )


@pytest.fixture
def item(db):
    return make_item(Agency.objects.get(jurisdiction__code="433101", short_name="市场监管"))


def test_a_submission_that_dies_before_its_commit_leaves_files_the_sweep_removes(item, monkeypatch):
    case, _ = submit(item, "kept")
    kept = [m.file.name for m in CaseMaterial.objects.filter(case=case)]

    def crash(*args, **kwargs):
        raise RuntimeError("进程在提交事务前终止")

    monkeypatch.setattr(intake, "_number_and_key", crash)
    with pytest.raises(RuntimeError):
        submit(item, "lost")
    stored = list(uploads.stored())
    orphans = sorted(set(stored) - set(kept))
    assert len(orphans) == 2 and not Case.objects.filter(idempotency_key="lost").exists()
    # young files are left alone: a submission may still be committing them
    assert list(uploads.orphans()) == []
    for name in stored:
        age(name, 25)
    out = io.StringIO()
    call_command("sweep_orphan_files", "--dry-run", stdout=out)
    assert sorted(out.getvalue().splitlines()[:-1]) == orphans
    assert "找到 2 个孤立的上传文件" in out.getvalue()
    assert sorted(uploads.stored()) == sorted(stored)  # a dry run deletes nothing
    out = io.StringIO()
    call_command("sweep_orphan_files", stdout=out)
    assert "已删除 2 个孤立的上传文件" in out.getvalue()
    assert sorted(uploads.stored()) == sorted(kept)
    for m in CaseMaterial.objects.filter(case=case):
        assert m.file.read().startswith(b"%PDF")


def test_grace_period_is_configurable_and_the_task_is_scheduled(settings):
    name = default_storage.save("cases/materials/2026/01/stray.pdf", ContentFile(b"%PDF-1.4"))
    age(name, 2)
    assert list(uploads.orphans()) == []  # 24 hours by default
    settings.ZHENGWU_ORPHAN_FILE_HOURS = 1
    assert list(uploads.orphans()) == [name]
    assert tasks.sweep_orphan_files.call() == 1
    assert not default_storage.exists(name)
    assert "core.sweep_orphan_files" in [j.name for j in schedule.jobs()]
    out = io.StringIO()
    call_command("sweep_orphan_files", "--hours", "0", stdout=out)
    assert "已删除 0 个" in out.getvalue()


def test_every_file_field_is_looked_at(item):
    fields = {(m._meta.label, f) for m, f in uploads.file_fields()}
    assert {
        ("cases.CaseMaterial", "file"),
        ("cases.Case", "authorisation"),
        ("disclosure.Attachment", "file"),
        ("interaction.InterviewImage", "image"),
    } <= fields
    case, _ = submit(item, "auth")
    Case.objects.filter(pk=case.pk).update(authorisation="cases/authorisations/a.pdf")
    name = default_storage.save("cases/authorisations/a.pdf", ContentFile(b"%PDF-1.4"))
    age(name, 48)
    assert name not in list(uploads.orphans())
