"""宣传培训: sessions with counts per body, the XLSX import with per-row errors, and best-practice
cases through review to the portal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from zhengwu.core.errors import NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import Agency
from zhengwu.programmes import imports
from zhengwu.programmes.models import BestCase, TrainingSession
from zhengwu.programmes.services import training

from .conftest import logged_in, pdf, png

pytestmark = pytest.mark.django_db


def gz_gov():
    return Agency.objects.get(jurisdiction__code="433126", kind=Agency.GOVERNMENT)


def ys_gov():
    return Agency.objects.get(jurisdiction__code="433127", kind=Agency.GOVERNMENT)


def test_a_session_and_the_counts_per_body(guzhang_admin):
    s = training.record_session(
        {
            "held_on": "2026-05-12",
            "subject": "古丈县政务公开业务培训",
            "organiser": gz_gov().usci,
            "trainers": "县政务公开办 田芳",
            "attendee_count": "42",
        },
        [gz_gov().usci],
        files=[pdf("课件.pdf")],
        by=guzhang_admin,
    )
    assert (s.attendee_count, s.scope_path) == (42, gz_gov().scope_path)
    assert [f.name for f in s.files.all()] == ["课件.pdf"]
    event = AuditEvent.objects.get(action="programmes.training.record", object_id=str(s.pk))
    assert event.after["organiser"] == gz_gov().name and event.after["files"] == ["课件.pdf"]
    page = logged_in(guzhang_admin).get("/workbench/programmes/training/?year=2026").content
    text = page.decode()
    assert "古丈县政务公开业务培训" in text and "42" in text
    with pytest.raises(NotAllowed):
        training.record_session(
            {
                "held_on": "2026-05-12",
                "subject": "越权",
                "organiser": ys_gov().usci,
                "trainers": "甲",
                "attendee_count": "1",
            },
            by=guzhang_admin,
        )


def sheet(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(imports.HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_import_reports_each_bad_row_and_loads_nothing(guzhang_admin):
    name = gz_gov().name
    data = sheet(
        [
            ["2026-03-05", "政务公开条例解读", name, "田芳", 30, name],
            ["2026/13/40", "坏日期", name, "田芳", 10, ""],
            ["2026-04-01", "人数不对", name, "田芳", "三十", ""],
            ["2026-04-02", "单位不对", "不存在的局", "田芳", 5, ""],
        ]
    )
    before = TrainingSession.objects.count()
    with pytest.raises(imports.SheetErrors) as e:
        imports.import_training(data, suffix="xlsx", by=guzhang_admin)
    assert [x.split("：")[0] for x in e.value.errors] == ["第3行", "第4行", "第5行"]
    assert "参训人数应为0至100000的整数" in e.value.errors[1]
    assert "不存在的局" in e.value.errors[2]
    assert TrainingSession.objects.count() == before
    done = imports.import_training(data, suffix="xlsx", by=guzhang_admin, partial=True)
    assert [s.subject for s in done] == ["政务公开条例解读"]
    assert [b.name for b in done[0].attendee_bodies.all()] == [name]
    r = logged_in(guzhang_admin).post(
        "/workbench/programmes/training/import/",
        {"sheet": SimpleUploadedFile("培训.xlsx", data)},
    )
    assert r.status_code == 422 and "第3行" in r.content.decode()


def test_a_case_written_by_a_county_published_by_the_zhou(guzhang, guzhang_admin, office):
    case = training.create_case(
        guzhang,
        {"title": "古丈县村级公开栏规范化", "body": "全县村级公开栏统一样式。"},
        png(),
        by=guzhang_admin,
    )
    training.submit_case(case, by=guzhang_admin)
    with pytest.raises(NotAllowed, match="发布典型经验案例"):
        training.publish_case(case, by=guzhang_admin)
    training.return_case(case, "请补充成效数据", by=office)
    assert (case.state, case.reason) == (BestCase.DRAFT, "请补充成效数据")
    training.edit_case(
        case,
        {"title": case.title, "body": "全县村级公开栏统一样式，覆盖全部村。"},
        by=guzhang_admin,
    )
    training.submit_case(case, by=guzhang_admin)
    training.publish_case(case, by=office)
    assert case.state == BestCase.PUBLISHED and case.published_at is not None
    listing = Client().get("/xxgk/dxal/").content.decode()
    assert "古丈县村级公开栏规范化" in listing
    detail = Client().get(f"/xxgk/dxal/{case.pk}/").content.decode()
    assert "覆盖全部村" in detail
    assert Client().get(f"/xxgk/dxal/{case.pk}/picture/").status_code == 200
    training.withdraw_case(case, "内容需更新", by=office)
    assert Client().get(f"/xxgk/dxal/{case.pk}/").status_code == 404
