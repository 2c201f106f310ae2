"""Notices and results are issued as text and rendered to PDF on first download: the text is
the document (fixed at issue), the PDF its rendering, made once and then served from the file."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from zhengwu.cases import documents, services
from zhengwu.cases.models import CaseDocument

from .conftest import PDF, file_at_window

D = dt.date


@pytest.fixture
def renders(monkeypatch):
    """Every call to documents.render, with its arguments (the real rendering still runs)."""
    calls = []
    real = documents.render

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(documents, "render", spy)
    return calls


def download(client, case, what, pk):
    r = client.get(f"/workbench/cases/{case.pk}/files/{what}/{pk}/")
    assert r.status_code == 200
    return b"".join(r.streaming_content)


def decided(item, staff, key):
    case = file_at_window(item, staff["window"], D(2025, 9, 1), key=key)
    services.accept(case, by=staff["window"], on=D(2025, 9, 2))
    for day in (3, 4):
        services.advance(case, opinion="材料真实", by=staff["officer"], on=D(2025, 9, day))
    services.decide(case, approve=True, reason="", by=staff["head"], on=D(2025, 9, 5))
    case.refresh_from_db()
    return case


@pytest.mark.django_db
def test_acceptance_notice_is_rendered_once_from_its_text(item, staff, as_user, renders):
    case = file_at_window(item, staff["window"], D(2025, 9, 1), key="doc-1")
    services.accept(case, by=staff["window"], on=D(2025, 9, 2))
    assert renders == []  # the transition stores text only
    doc = case.documents.get(kind=CaseDocument.ACCEPTANCE)
    assert not doc.file
    assert doc.text["title"] == "受理通知书" and doc.text["number"] == f"办件编号：{case.number}"
    assert doc.text["issued_on"] == "2025-09-02"
    # the query code was told at submission and is kept only as a hash: notices do not carry it
    assert "查询码" in doc.text["footer"] and case.query_code not in doc.text["footer"]
    assert "“食品经营许可（新办）”申请" in doc.text["body"][0]

    client = as_user("window")
    first = download(client, case, "document", doc.pk)
    assert first.startswith(b"%PDF")
    assert renders == [doc.text | {"issued_on": D(2025, 9, 2)}]
    doc.refresh_from_db()
    assert doc.file.name.endswith(f"{case.number}-acceptance.pdf")

    assert download(client, case, "document", doc.pk) == first
    assert len(renders) == 1  # served from the stored file


@pytest.mark.django_db
def test_result_is_rendered_once_and_carries_its_number_and_code(item, staff, as_user, renders):
    case = decided(item, staff, "doc-2")
    result = case.result
    assert not result.file and result.text["number"] == result.number
    # no result template: the decision letter, naming what is issued
    assert result.text["title"] == "准予行政许可决定书"
    assert "审批结果：食品经营许可证。" in result.text["body"]
    assert f"验证码：{result.verification_code}" in result.text["footer"]

    client = as_user("head")
    first = download(client, case, "result", result.pk)
    assert first.startswith(b"%PDF") and len(renders) == 1
    assert renders[0]["number"] == result.number and renders[0]["issued_on"] == D(2025, 9, 5)
    result.refresh_from_db()
    assert result.file.name.endswith(f"{case.number}-result.pdf")
    assert download(client, case, "result", result.pk) == first and len(renders) == 1


@pytest.mark.django_db
def test_a_renamed_item_or_agency_does_not_change_an_issued_document(item, staff, as_user, renders):
    case = decided(item, staff, "doc-3")
    old_agency = case.agency.name
    item.name = "食品经营许可（变更后名称）"
    item.save(update_fields=["name"])
    case.agency.name = "改名后的机关"
    case.agency.save(update_fields=["name"])

    client = as_user("head")
    notice = case.documents.get(kind=CaseDocument.ACCEPTANCE)
    download(client, case, "document", notice.pk)
    download(client, case, "result", case.result.pk)
    assert len(renders) == 2
    for text in renders:
        assert text["agency"] == old_agency
        assert any("食品经营许可（新办）" in line for line in text["body"])
        assert not any("变更后名称" in line for line in text["body"])


@pytest.mark.django_db
def test_two_first_downloads_at_once_keep_one_file(item, staff, renders):
    case = file_at_window(item, staff["window"], D(2025, 9, 1), key="doc-4")
    services.accept(case, by=staff["window"], on=D(2025, 9, 2))
    first, second = (case.documents.get(kind=CaseDocument.ACCEPTANCE) for _ in range(2))
    winner = documents.pdf_file(first)
    # the second request read the row before the first recorded its file
    assert documents.pdf_file(second).name == winner.name
    assert len(renders) == 2  # both rendered; the second's copy is removed
    assert list(Path(winner.path).parent.iterdir()) == [Path(winner.path)]


@pytest.mark.django_db
def test_a_notice_issued_with_a_file_is_served_as_it_is(item, staff, as_user, renders):
    """Rows from before the text was stored have only their file."""
    case = file_at_window(item, staff["window"], D(2025, 9, 1), key="doc-5")
    doc = CaseDocument(case=case, kind=CaseDocument.ACCEPTANCE, issued_on=D(2025, 9, 2))
    doc.file.save(f"{case.number}-acceptance.pdf", ContentFile(PDF))
    assert download(as_user("window"), case, "document", doc.pk) == PDF and renders == []
    empty = CaseDocument.objects.create(
        case=case, kind=CaseDocument.REFUSAL, issued_on=D(2025, 9, 2)
    )
    r = as_user("window").get(f"/workbench/cases/{case.pk}/files/document/{empty.pk}/")
    assert r.status_code == 404
