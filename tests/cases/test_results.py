"""Result documents an office would file: the 营业执照 of a 个体工商户设立登记 with the fields
the licence carries (filled when deciding, read back from its PDF and DOCX), the 不予 decision,
numbers 〔年份〕N号 per agency, year and kind, and the public verification page its QR opens."""

import datetime as dt
import io

import docx
import pytest
from pypdf import PdfReader

from zhengwu.cases import services
from zhengwu.cases.models import Case, CaseDocument
from zhengwu.core import numbering, pdf
from zhengwu.core.models import Counter
from zhengwu.services import result_templates

from .conftest import file_at_window, make_item, text_of

D = dt.date
FIELDS = {
    "统一社会信用代码": "92433101MA4T8XK21L",
    "名称": "吉首市秀兰米粉店",
    "经营者": "龙秀兰",
    "组成形式": "个人经营",
    "经营场所": "湖南省湘西土家族苗族自治州吉首市人民北路18号",
    "经营范围": "餐饮服务（米粉、面食制售）",
    "注册日期": "2027年3月5日",
}


@pytest.fixture
def licence_item(agency):
    """个体工商户设立登记 of 吉首市市场监管局, its result the national 营业执照 template."""
    item = make_item(
        agency, name="个体工商户设立登记", statutory=3, promised=3, result_name="营业执照"
    )
    assert result_templates.seed([item]) == 1
    return item


def at_decision(item, staff, key, on=None):
    on = on or D(2027, 3, 1)
    case = file_at_window(item, staff["window"], on, key=key)
    services.accept(case, by=staff["window"], on=on)
    for _ in range(2):
        services.advance(case, opinion="材料真实", by=staff["officer"], on=on)
    case.refresh_from_db()
    return case


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def download(client, case, what, pk, fmt=""):
    suffix = "?format=docx" if fmt == "docx" else ""
    r = client.get(f"/workbench/cases/{case.pk}/files/{what}/{pk}/{suffix}")
    assert r.status_code == 200, r
    return b"".join(r.streaming_content)


@pytest.mark.django_db
def test_the_licence_carries_its_fields_in_pdf_and_docx(licence_item, staff, as_user):
    case = at_decision(licence_item, staff, "lic-1")
    head = as_user("head")
    page = head.get(f"/workbench/cases/{case.pk}/")
    # the decide form asks for the licence's fields, those the case tells already filled in
    assert "准予时出具的文书内容" in page.text and "经营范围*" in page.text

    labels = list(FIELDS)
    form = {"version": case.version, "approve": "1", "reason": ""}
    form |= {f"field-{i}": FIELDS[label] for i, label in enumerate(labels)}
    missing = form | {f"field-{labels.index('经营范围')}": ""}
    r = head.post(f"/workbench/cases/{case.pk}/decide/", missing)
    assert r.status_code == 422 and "请填写“经营范围”" in text_of(r.text)
    assert FIELDS["经营场所"] in r.text  # the form as entered
    case.refresh_from_db()
    assert case.status == Case.HANDLING and not hasattr(case, "result")

    r = head.post(f"/workbench/cases/{case.pk}/decide/", form)
    assert r.status_code == 302, r.text
    case.refresh_from_db()
    result = case.result
    assert result.title == "营业执照"
    assert result.text["fields"] == [[label, FIELDS[label]] for label in labels]

    for data in (
        download(head, case, "result", result.pk),
        download(as_user("window"), case, "result", result.pk, "docx"),
    ):
        text = pdf_text(data) if data.startswith(b"%PDF") else docx_text(data)
        for label, value in FIELDS.items():
            flat = text.replace("\n", "")  # long values wrap in the PDF
            assert label in flat and value in flat
        assert "营业执照" in text and result.number in text
        assert "吉首市市场监督管理局" in text and "国家企业信用信息公示系统" in text

    # a later change of the template does not change the issued licence
    result_templates.save(
        licence_item,
        title="营业执照（副本）",
        fields=[("名称", True)],
        fixed_text="",
        by=staff["head"],
    )
    again = docx_text(download(head, case, "result", result.pk, "docx"))
    assert "经营范围" in again and "副本" not in again


@pytest.mark.django_db
def test_the_pdf_embeds_its_font_and_the_docx_its_qr_code(licence_item, staff, as_user):
    case = at_decision(licence_item, staff, "lic-2")
    services.decide(
        case, approve=True, reason="", by=staff["head"], on=D(2027, 3, 2), fields=FIELDS
    )
    case.refresh_from_db()
    data = download(as_user("head"), case, "result", case.result.pk)
    if (
        pdf.cjk_font() == pdf.EMBEDDED
    ):  # the project installs the font: always, but for a broken install
        assert b"FontFile2" in data and b"STSong-Light" not in data
    document = docx.Document(
        io.BytesIO(download(as_user("head"), case, "result", case.result.pk, "docx"))
    )
    assert len(document.inline_shapes) == 1  # the QR code
    # notices too: PDF and DOCX, each with its own verification code
    notice = case.documents.get(kind=CaseDocument.ACCEPTANCE)
    assert notice.verification_code and notice.verification_code in notice.text["footer"]
    assert "受理通知书" in pdf_text(download(as_user("head"), case, "document", notice.pk))
    assert "受理通知书" in docx_text(download(as_user("head"), case, "document", notice.pk, "docx"))


@pytest.mark.django_db
def test_a_refusal_is_the_decision_letter_with_its_reason(licence_item, staff, as_user):
    case = at_decision(licence_item, staff, "lic-3")
    services.decide(
        case,
        approve=False,
        reason="经营场所属于住宅，未取得利害关系人同意",
        by=staff["head"],
        on=D(2027, 3, 2),
    )
    case.refresh_from_db()
    result = case.result
    assert result.title == "不予行政许可决定书" and result.text["fields"] == []
    assert result.number == "吉首市市场监管不许〔2027〕1号"
    for data in (
        download(as_user("head"), case, "result", result.pk),
        download(as_user("head"), case, "result", result.pk, "docx"),
    ):
        text = pdf_text(data) if data.startswith(b"%PDF") else docx_text(data)
        assert "不予行政许可决定书" in text and "吉首市市场监管不许〔2027〕1号" in text
        assert "未取得利害关系人同意" in text and "行政复议" in text and "经营范围" not in text


@pytest.mark.django_db
def test_numbers_count_per_agency_year_and_kind(licence_item, other_agency, staff):
    numbers = []
    for n in range(2):
        case = at_decision(licence_item, staff, f"num-{n}")
        services.decide(
            case, approve=True, reason="", by=staff["head"], on=D(2027, 3, 2), fields=FIELDS
        )
        numbers.append(Case.objects.get(pk=case.pk).result.number)
    # no doubled digits: the agency's own count in the year
    assert numbers == ["吉首市市场监管许〔2027〕1号", "吉首市市场监管许〔2027〕2号"]
    case = at_decision(licence_item, staff, "num-next-year", on=D(2028, 1, 4))
    services.decide(
        case, approve=True, reason="", by=staff["head"], on=D(2028, 1, 4), fields=FIELDS
    )
    assert Case.objects.get(pk=case.pk).result.number == "吉首市市场监管许〔2028〕1号"
    # another agency's series is its own; the format is data
    key = f"result:{other_agency.pk}:许"
    assert (
        numbering.next_number(key, 2027, prefix="泸溪县市场监管许") == "泸溪县市场监管许〔2027〕1号"
    )
    assert (
        numbering.next_number(key, 2027, "{prefix}〔{year}〕{n:03d}号", prefix="X")
        == "X〔2027〕002号"
    )
    assert Counter.objects.get(key=f"result:{licence_item.agency_id}:许", year=2027).last == 2


@pytest.mark.django_db
def test_the_qr_code_opens_the_verification_page(licence_item, staff, client, settings):
    settings.ZHENGWU_PUBLIC_URL = "https://zwfw.xxz.gov.cn"
    case = at_decision(licence_item, staff, "ver-1")
    services.decide(
        case, approve=True, reason="", by=staff["head"], on=D(2027, 3, 2), fields=FIELDS
    )
    result = Case.objects.get(pk=case.pk).result
    url = pdf.verify_url(result.verification_code)
    assert url.startswith("https://zwfw.xxz.gov.cn/zwfw/verify/")
    page = client.get(url.removeprefix("https://zwfw.xxz.gov.cn"))
    text = text_of(page.text)
    assert page.status_code == 200 and "文书真实有效" in text
    assert "营业执照" in text and result.number in text and "吉首市市场监督管理局" in text
    assert "2027年3月2日" in text and "状态 有效" in text
    assert "龙秀兰" not in text and "龙*" in text  # a natural person, masked
    # the acceptance notice verifies too
    notice = case.documents.get(kind=CaseDocument.ACCEPTANCE)
    page = client.get(f"/zwfw/verify/{notice.verification_code}/")
    assert page.status_code == 200 and "受理通知书" in page.text

    result.revoked = True
    result.save(update_fields=["revoked"])
    text = text_of(client.get(f"/zwfw/verify/{result.verification_code}/").text)
    assert "该文书已撤销" in text and "状态 已撤销" in text

    missing = client.get("/zwfw/verify/ZZZZ9999ZZZZ/")
    assert missing.status_code == 404 and "未找到该验证码对应的文书" in missing.text


@pytest.mark.django_db
def test_the_api_decides_with_the_fields_and_offers_pdf_and_docx(licence_item, staff, as_user):
    case = at_decision(licence_item, staff, "api-1")
    head = as_user("head")
    url = f"/api/v1/cases/{case.pk}/decide"
    body = {"approve": True, "version": case.version, "fields": FIELDS | {"经营者": ""}}
    r = head.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="api-lic-1")
    assert r.status_code == 422 and "请填写“经营者”" in r.json()["message"]
    body["fields"] = FIELDS
    r = head.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="api-lic-2")
    assert r.status_code == 200, r.content
    listed = {d["title"]: d for d in r.json()["documents"]}
    assert set(listed) == {"受理通知书", "营业执照"}
    licence = head.get(listed["营业执照"]["docx"])
    assert licence.status_code == 200
    assert FIELDS["经营范围"] in docx_text(b"".join(licence.streaming_content))
    assert head.get(listed["受理通知书"]["pdf"]).status_code == 200
    assert head.get(listed["营业执照"]["pdf"] + "?format=odt").status_code == 422


@pytest.mark.django_db
def test_the_demo_seeds_the_national_licences():
    from zhengwu.services.models import Item, ResultTemplate

    item = Item.objects.filter(name="个体工商户设立登记", jurisdiction__code="433101").first()
    template = result_templates.template_for(item)
    assert template.title == "营业执照"
    assert [f["label"] for f in template.fields] == list(FIELDS)
    food = Item.objects.filter(name="食品经营许可（新办）").first()
    assert "日常监督管理机构" in [f["label"] for f in result_templates.template_for(food).fields]
    assert not ResultTemplate.objects.filter(title="林木采伐许可证").exists()
