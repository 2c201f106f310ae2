"""A request answered from the 公文库: the officer finds one of the body's records by title or
发文字号 and attaches it — its published document as a link, else its files copied (条例 §36(一)
(二)). Never a state secret or a 不予公开 record; never another body's."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile

from tests.disclosure_requests.conftest import applicant
from zhengwu.disclosure.archive.models import ArchiveFile, OfficialDocument
from zhengwu.disclosure.models import Document
from zhengwu.disclosure.requests import released_archive, services
from zhengwu.disclosure.requests.models import ReleasedItem

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure/requests"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(72, 720, "Jishou archive record")
    c.showPage()
    c.save()
    return out.getvalue()


PDF = pdf_bytes()


def with_file(rec, name="正文.pdf", data=PDF):
    f = ArchiveFile(
        record=rec,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    f.file.save("body.pdf", ContentFile(data), save=True)
    return rec


@pytest.fixture
def handling(gov, officer):
    req, _code = services.register(
        gov,
        applicant(n=7),
        channel="letter",
        by=officer,
        submitted_on=services.today(),
    )
    return services.review(req, by=officer)


def test_an_on_request_record_is_found_and_its_file_copied(
    client, handling, officer, review_records
):
    rec = with_file(
        review_records(
            title="吉首市城区停车场规划方案", doc_number="吉政函〔2025〕18号",
            attribute=OfficialDocument.ON_REQUEST, withheld_ground="",
        )
    )  # fmt: skip
    client.force_login(officer)
    page = client.get(f"/workbench/requests/{handling.number}/", {"archive_q": "吉政函〔2025〕18"})
    assert "吉首市城区停车场规划方案" in page.content.decode()
    done = client.post(
        f"/workbench/requests/{handling.number}/released-archive/", {"record": rec.pk}
    )
    assert done.status_code == 302
    item = ReleasedItem.objects.get(request=handling, record=rec)
    assert item.is_file and item.title == "吉首市城区停车场规划方案（吉政函〔2025〕18号）"
    assert item.sha256 == hashlib.sha256(PDF).hexdigest() and item.pages == 1
    again = client.post(
        f"/workbench/requests/{handling.number}/released-archive/", {"record": rec.pk}
    )
    assert again.status_code == 422 and "已添加" in again.content.decode()


def test_a_published_record_is_linked(handling, officer, review_records):
    doc = Document.objects.filter(status=Document.PUBLISHED, agency=handling.agency).first()
    assert doc is not None, "the demo publishes documents of 吉首市人民政府"
    rec = review_records(attribute=OfficialDocument.PROACTIVE, withheld_ground="", document=doc)
    (item,) = released_archive.attach_record(handling, record_id=rec.pk, by=officer)
    assert item.document == doc and item.record == rec and not item.file


def test_secret_and_withheld_records_are_refused(client, handling, officer, review_records):
    withheld = with_file(review_records(title="内部讨论稿"))
    secret = with_file(
        review_records(
            title="涉密文件", attribute=OfficialDocument.ON_REQUEST, withheld_ground="",
            secrecy=OfficialDocument.SECRET,
        )
    )  # fmt: skip
    client.force_login(officer)
    found = client.get(f"/workbench/requests/{handling.number}/", {"archive_q": "内部讨论稿"})
    assert "没有标题或发文字号含" in found.content.decode()  # not offered
    for rec, said in ((withheld, "不予公开，不能随答复提供"), (secret, "属于国家秘密")):
        r = client.post(
            f"/workbench/requests/{handling.number}/released-archive/", {"record": rec.pk}
        )
        assert r.status_code == 422 and said in r.content.decode()
    assert not handling.released_items.exists()


def test_api_attaches_and_refuses_another_bodys_record(client, handling, officer, review_records):
    from zhengwu.org.models import Agency

    fh = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    theirs = with_file(
        review_records(agency=fh, attribute=OfficialDocument.ON_REQUEST, withheld_ground="")
    )
    ours = with_file(review_records(attribute=OfficialDocument.ON_REQUEST, withheld_ground=""))
    client.force_login(officer)
    url = f"{API}/{handling.number}/released/archive"
    r = client.post(url, {"record": theirs.pk}, content_type="application/json")
    assert r.status_code == 404 and r.json()["message"] == "本机关公文库中没有该公文"
    r = client.post(url, {"record": ours.pk}, content_type="application/json")
    assert r.status_code == 201
    (out,) = r.json()["released"]
    assert out["kind"] == "file" and out["pages"] == 1
    detail = client.get(f"{API}/{handling.number}/released/{out['id']}")
    assert detail.status_code == 200
