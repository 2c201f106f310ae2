"""Issue 19 §3 / 21 §2–3: a 予以公开 or 部分公开 answer carries the released information (uploaded
files, links to published documents), listed in the letter, delivered by the chosen method and
downloadable by the applicant only; it cannot be issued with nothing attached."""

import io
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from zhengwu.core.models import AuditEvent
from zhengwu.disclosure.models import Document
from zhengwu.disclosure.requests import released, services
from zhengwu.disclosure.requests.models import ReleasedItem, Request

from .conftest import applicant

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure/requests"
CITIZEN = "433101198803140228"  # 张秀英, a demo citizen of 吉首


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_bytes(pages: int = 2) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for n in range(pages):
        c.drawString(72, 720, f"Jishou 2025 budget, page {n + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


PDF = pdf_bytes()  # two pages; made once (a PDF carries the time it was made)


def upload(name="2025年部门预算.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return "".join(text.split())


def docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def published_doc(gov):
    doc = Document.objects.filter(agency=gov, status=Document.PUBLISHED).first()
    assert doc is not None, "the demo publishes documents of 吉首市人民政府"
    return doc


@pytest.fixture
def own_request(as_user, gov):
    """A request 张秀英 submitted online from her account, under review."""
    citizen = as_user(CITIZEN)
    r = citizen.post(
        "/xxgk/apply/",
        {"agency": gov.usci}
        | applicant(applicant_name="张秀英", applicant_id_number=CITIZEN, subject="2025年部门预算"),
    )
    assert r.status_code == 201
    return Request.objects.get(account__username=CITIZEN, subject="2025年部门预算")


def test_the_applicant_downloads_the_file_and_the_letter_lists_both(
    as_user, own_request, published_doc
):
    req, officer = own_request, as_user("disclosure")
    wb = f"/workbench/requests/{req.number}"
    r = officer.post(f"{wb}/released-file/", {"file": upload(), "title": ""})
    assert r.status_code == 302
    # The picker finds the body's published documents by title.
    picker = officer.get(f"{wb}/", {"doc_q": published_doc.title[:6]}).content.decode()
    assert published_doc.title in picker and f'value="{published_doc.pk}"' in picker
    r = officer.post(f"{wb}/released-document/", {"document": published_doc.pk})
    assert r.status_code == 302
    assert req.released_items.count() == 2
    item = req.released_items.get(document__isnull=True)
    assert (item.title, item.pages, item.content_type) == (
        "2025年部门预算",
        2,
        "application/pdf",
    )
    assert "预算" not in item.file.name  # stored under a name the server makes
    citizen, stranger = as_user(CITIZEN), as_user("433123199511020171")
    mine = f"/my/requests/{req.number}/released/{item.pk}/"
    assert citizen.get(mine).status_code == 404  # not before the answer is issued
    r = officer.post(f"{wb}/answer/", {"outcome": "disclosed"})
    assert r.status_code == 302
    page = citizen.get(f"/my/requests/{req.number}/").content.decode()
    assert "2025年部门预算（PDF文件，2页）" in page and mine in page
    assert f"/xxgk/doc/{published_doc.pk}/" in page and published_doc.title in page
    got = citizen.get(mine)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert "attachment" in got["Content-Disposition"] and got["X-Content-Type-Options"] == "nosniff"
    assert stranger.get(mine).status_code == 404
    assert Client().get(mine).status_code == 302  # to the log-in page
    assert as_user("supervisor").get(f"{wb}/released/{item.pk}/").status_code == 403
    for text in (
        pdf_text(citizen.get(f"/my/requests/{req.number}/letter.pdf").content),
        docx_text(citizen.get(f"/my/requests/{req.number}/letter.docx").content),
    ):
        text = flat(text)  # the PDF breaks lines where it likes
        assert "随本告知书一并提供以下信息" in text
        assert flat("1. 2025年部门预算（PDF文件，2页）") in text
        assert (
            flat(f"2. 《{published_doc.title}》（已主动公开，索引号：{published_doc.index_no}")
            in text
        )
        assert "登录本平台在“我的申请”中下载" in text  # delivery 网上获取
    actions = set(AuditEvent.objects.filter(object_id=str(req.pk)).values_list("action", flat=True))
    assert "disclosure_request.released_attached" in actions


def test_the_letter_gives_the_address_of_a_linked_document(
    settings, gov, officer, make, published_doc
):
    settings.ZHENGWU_PUBLIC_URL = "https://www.xxz.gov.cn/"
    req = make(gov, officer, n=71)
    released.link_document(req, document_id=published_doc.pk, by=officer)
    services.answer(req, outcome="already_public", by=officer)
    text = "\n".join(services_letter(req))
    assert "您可以通过以下途径获取该政府信息" in text
    assert f"网址：https://www.xxz.gov.cn/xxgk/doc/{published_doc.pk}/" in text


def services_letter(req):
    from zhengwu.disclosure.requests import render

    return render.letter_paragraphs(req)["body"]


def test_disclosed_with_nothing_attached_is_refused_with_the_input_kept(
    as_user, gov, officer, make
):
    req = make(gov, officer, n=72)
    c = as_user("disclosure")
    data = {"outcome": "partial", "reason": "第3页涉及个人隐私，已作遮盖处理", "on": ""}
    r = c.post(f"/workbench/requests/{req.number}/answer/", data)
    assert r.status_code == 422
    html = r.content.decode()
    assert "应当提供所申请的信息" in html and "现场查阅" in html
    assert "第3页涉及个人隐私，已作遮盖处理</textarea>" in html
    assert '<option value="partial" selected>' in html
    req.refresh_from_db()
    assert req.is_open and not req.outcome
    # Provided another way: the letter says how.
    data |= {"provided_otherwise": "现场查阅：2026年5月11日上午9时，吉首市政务服务中心三楼"}
    assert c.post(f"/workbench/requests/{req.number}/answer/", data).status_code == 302
    req.refresh_from_db()
    assert req.outcome == "partial"
    assert "提供方式：现场查阅：2026年5月11日上午9时" in "".join(services_letter(req))


def test_an_answer_that_provides_nothing_carries_nothing(gov, officer, make):
    req = make(gov, officer, n=73)
    released.attach_file(req, name="a.pdf", data=pdf_bytes(1), by=officer)
    with pytest.raises(services.Invalid) as e:
        services.answer(req, outcome="withheld_secret", reason="国家秘密", by=officer)
    assert e.value.code == "released_not_expected"


def test_files_are_checked_by_their_bytes(as_user, gov, officer, make, settings):
    req = make(gov, officer, n=74)
    c = as_user("disclosure")
    wb = f"/workbench/requests/{req.number}"
    fake = SimpleUploadedFile(
        "预算.pdf", b"MZ\x90\x00" + b"\0" * 64, content_type="application/pdf"
    )
    r = c.post(f"{wb}/released-file/", {"file": fake})
    assert r.status_code == 422 and "文件类型不允许" in r.content.decode()
    r = c.post(f"{wb}/released-file/", {"title": "没有文件"})
    assert r.status_code == 422 and "请选择要上传的文件" in r.content.decode()
    settings.ZHENGWU_MAX_UPLOAD_BYTES = 1000
    r = c.post(f"{wb}/released-file/", {"file": upload()})
    assert r.status_code == 422 and "文件过大" in r.content.decode()
    assert not req.released_items.exists()
    settings.ZHENGWU_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    ofd = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(ofd, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
        z.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    item = released.attach_file(req, name="批复.ofd", data=ofd.getvalue(), by=officer)
    assert item.content_type == "application/ofd"


def test_removed_before_the_answer_and_fixed_after(
    gov, officer, make, django_capture_on_commit_callbacks
):
    req = make(gov, officer, n=75)
    with django_capture_on_commit_callbacks(execute=True):
        item = released.attach_file(req, name="a.pdf", data=pdf_bytes(1), by=officer)
    storage, name = item.file.storage, item.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        released.remove(req, item.pk, by=officer)
    assert not storage.exists(name) and not req.released_items.exists()
    assert AuditEvent.objects.filter(
        action="disclosure_request.released_removed", object_id=str(req.pk)
    ).exists()
    kept = released.attach_file(req, name="b.pdf", data=pdf_bytes(1), by=officer)
    services.answer(req, outcome="disclosed", by=officer)
    with pytest.raises(services.Invalid) as e:
        released.remove(req, kept.pk, by=officer)
    assert e.value.code == "already_answered"
    with pytest.raises(services.Invalid):
        released.attach_file(req, name="c.pdf", data=pdf_bytes(1), by=officer)


def test_api_attach_list_remove_and_download(as_user, own_request, published_doc):
    req, staff = own_request, as_user("disclosure")
    url = f"{API}/{req.number}/released"
    r = staff.post(url, {"file": upload("批复.pdf"), "title": "关于预算的批复"})
    assert r.status_code == 201
    filed = r.json()
    assert (filed["kind"], filed["title"], filed["pages"]) == ("file", "关于预算的批复", 2)
    assert filed["url"] == f"{API}/{req.number}/released/{filed['id']}"
    r = staff.post(url, {"document_id": published_doc.pk})
    assert r.status_code == 201 and r.json()["url"] == f"/xxgk/doc/{published_doc.pk}/"
    r = staff.post(url, {"file": upload("x.pdf", b"not a pdf at all")})
    assert r.status_code == 422
    assert r.json()["code"] == "file_type" and r.json()["field"] == "file"
    assert "文件类型不允许" in r.json()["message"]
    r = staff.post(url, {"document_id": 99999999})
    assert r.status_code == 404 and r.json()["message"] == "该文件不存在或未公开"
    extra = staff.post(url, {"file": upload("多余.pdf")}).json()
    listed = staff.get(f"{API}/{req.number}").json()["released"]
    assert [x["title"] for x in listed] == ["关于预算的批复", published_doc.title, "多余"]
    r = staff.delete(f"{url}/{extra['id']}")
    assert r.status_code == 200 and len(r.json()["released"]) == 2
    assert staff.get(filed["url"]).status_code == 200  # the handler checks the file
    assert as_user("supervisor").post(url, {"document_id": published_doc.pk}).status_code == 403
    owner = as_user(CITIZEN)
    assert "released" not in owner.get(f"{API}/{req.number}").json()  # not before the answer
    assert owner.get(filed["url"]).status_code == 404
    r = staff.post(
        f"{API}/{req.number}/answer",
        json.dumps({"outcome": "disclosed"}),
        content_type="application/json",
    )
    assert r.status_code == 200
    mine = owner.get(f"{API}/{req.number}").json()["released"]
    assert [x["url"] for x in mine] == [filed["url"], f"/xxgk/doc/{published_doc.pk}/"]
    got = owner.get(filed["url"])
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert as_user("433123199511020171").get(filed["url"]).status_code == 404
    r = staff.post(url, {"document_id": published_doc.pk})
    assert r.status_code == 422 and r.json()["code"] == "already_answered"


@override_settings(ZHENGWU_TRACK_RATE_IP="3/3600", ZHENGWU_TRACK_RATE_NUMBER="100/3600")
def test_the_tracking_page_downloads_with_number_and_code(gov, officer):
    req, code = services.submit_online(gov, applicant(delivery="post"), by=None)
    item = released.attach_file(req, name="批复.pdf", data=PDF, by=officer)
    services.answer(req, outcome="disclosed", by=officer)
    client = Client(REMOTE_ADDR="10.7.0.1")
    page = client.post("/xxgk/apply/track/", {"number": req.number, "query_code": code})
    html = page.content.decode()
    assert "批复（PDF文件，2页）" in html and "/xxgk/apply/track/released/" in html
    form = {"number": req.number, "query_code": code, "item": item.pk}
    got = client.post("/xxgk/apply/track/released/", form)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    for n in range(3):
        wrong = client.post("/xxgk/apply/track/released/", form | {"query_code": f"WRONG00{n}"})
        assert wrong.status_code == 404
    refused = client.post("/xxgk/apply/track/released/", form)
    assert refused.status_code == 429 and refused["Retry-After"]
    # Post: the letter says the files are printed and posted to the address given.
    text = "".join(services_letter(req))
    assert "上述文件已打印，随本告知书邮寄至您的通信地址（湖南省吉首市乾州街道1号）" in text


def test_delivery_by_email_sends_the_letter_and_the_files(
    gov, officer, django_capture_on_commit_callbacks
):
    data = applicant(delivery="email", applicant_email="lisi@example.cn")
    req, _ = services.submit_online(gov, data, by=None)
    released.attach_file(req, name="批复.pdf", data=PDF, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(req, outcome="disclosed", by=officer)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["lisi@example.cn"] and req.number in sent.subject
    names = [a[0] for a in sent.attachments]
    assert names == [f"{req.number}-答复书.pdf", "批复.pdf"]
    assert "已随本告知书发送至您的电子邮箱（lisi@example.cn）" in "".join(services_letter(req))


def test_released_items_are_stored_privately(gov, officer, make):
    req = make(gov, officer, n=76)
    item = released.attach_file(req, name="a.pdf", data=pdf_bytes(1), by=officer)
    assert ReleasedItem.objects.get(pk=item.pk).file.name.startswith(
        f"disclosure_requests/released/{req.pk}/"
    )
    from django.conf import settings

    assert Client().get(f"{settings.MEDIA_URL}{item.file.name}").status_code == 404
