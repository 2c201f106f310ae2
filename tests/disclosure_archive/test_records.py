"""The element rules of the 条例 §9, GB/T 9704 and 保密法 2024 §20, through the services."""

import datetime as dt

import pytest

from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.disclosure.archive import secrecy
from zhengwu.disclosure.archive.models import OfficialDocument
from zhengwu.disclosure.archive.services import records
from zhengwu.disclosure.models import Document

from .conftest import PDF, PNG, docx_bytes, elements, secret

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"title": ""}, "title", "请填写标题"),
        ({"doc_type": "会议纪要"}, "doc_type", "第八条规定的文种"),
        ({"doc_type": "指示"}, "doc_type", "决议、决定、命令（令）"),
        ({"written_on": ""}, "written_on", "请填写成文日期"),
        ({"written_on": "2025-02-30"}, "written_on", "成文日期“2025-02-30”不是有效日期"),
        ({"doc_number": "吉政办发〔2025〕012号"}, "doc_number", "序号不编虚位"),
        ({"doc_number": "吉政办发〔2025〕第12号"}, "doc_number", "不加“第”字"),
        ({"doc_number": "吉政办发2025年12号"}, "doc_number", "六角括号"),
        ({"doc_type": "请示"}, "signer", "请示是上行文，应填写签发人"),
        ({"doc_type": "报告"}, "signer", "报告是上行文，应填写签发人"),
        ({"urgency": "急"}, "urgency", "紧急程度"),
        ({"printed_on": "2025-03-01"}, "printed_on", "印发日期不能早于成文日期"),
        ({"copy_number": "12"}, "copy_number", "份号“12”应为6位阿拉伯数字"),
        ({"attribute": ""}, "attribute", "请选择公开属性"),
        ({"attribute": "withheld"}, "withheld_ground", "不予公开的公文应选择不予公开依据"),
        ({"withheld_ground": "s16_process"}, "withheld_ground", "只有不予公开的公文"),
        ({"secrecy_years": "10"}, "secrecy", "非涉密公文不填保密期限"),
        (
            {"attribute": "withheld", "withheld_ground": "s14_secret"},
            "secrecy",
            "以国家秘密为由不予公开的，应标注密级",
        ),
    ],
)
def test_each_element_rule_is_refused_in_words(gov, officer, change, field, words):
    with pytest.raises(Invalid) as refused:
        records.register(gov, elements(**change), by=officer)
    assert words in refused.value.message and refused.value.field == field
    assert not OfficialDocument.objects.filter(agency=gov, title__contains="防汛").exists()


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"copy_number": ""}, "copy_number", "机密公文应标注份号"),
        ({"attribute": "on_request", "withheld_ground": ""}, "attribute", "涉密公文的公开属性"),
        ({"withheld_ground": "s16_process"}, "attribute", "依据为条例第十四条"),
        ({"secrecy_years": "21"}, "secrecy_years", "机密事项的保密期限不超过20年"),
        (
            {"secrecy_years": "5", "secrecy_until": "2027-01-01"},
            "secrecy_years",
            "只填其中一项",
        ),
        ({"secrecy_until": "2045-03-06"}, "secrecy_until", "不能晚于成文日期起20年"),
    ],
)
def test_secret_rules(gov, officer, change, field, words):
    with pytest.raises(Invalid) as refused:
        records.register(gov, secret(**change), by=officer)
    assert words in refused.value.message and refused.value.field == field


def test_the_statutory_terms_of_the_law(gov, officer):
    """保密法 2024 §20: 绝密30, 机密20, 秘密10 when no term is marked; a marked term counts."""
    data = secret(secrecy="secret", written_on="2015-03-01")
    plain = records.register(gov, data, by=officer)
    assert secrecy.release_date(plain) == dt.date(2025, 3, 1)
    assert secrecy.released_by_law(plain, dt.date(2025, 3, 1))
    assert not secrecy.released_by_law(plain, dt.date(2025, 2, 28))
    assert secrecy.mark(plain) == "秘密★10年"
    assert "按法定最长保密期限秘密10年计算（保密法第二十条），至2025年3月1日" in (
        records.secrecy_note(plain)
    )
    for level, years, n in (("confidential", 20, "000002"), ("top_secret", 30, "000003")):
        r = records.register(
            gov, secret(secrecy=level, written_on="2015-03-01", copy_number=n), by=officer
        )
        assert secrecy.release_date(r) == dt.date(2015 + years, 3, 1)
    five = records.register(
        gov, secret(written_on="2015-03-01", secrecy_years="5", copy_number="000004"), by=officer
    )
    assert secrecy.release_date(five) == dt.date(2020, 3, 1)
    assert secrecy.mark(five) == "机密★5年" and records.secrecy_note(five) == ""


def test_proactive_goes_to_the_pipeline_clock_from_registration(gov, officer):
    record = records.register(gov, elements(attribute="主动公开"), by=officer)
    assert record.attribute == OfficialDocument.PROACTIVE
    doc = Document.objects.get(pk=record.document_id)
    assert doc.status == Document.DRAFT and doc.doc_number == "吉政办发〔2025〕12号"
    assert doc.created_on == dt.date(2025, 3, 5)


def test_half_width_brackets_are_written_as_the_standard_writes_them(gov, officer):
    record = records.register(gov, elements(doc_number="吉政办发[2025]12号"), by=officer)
    assert record.doc_number == "吉政办发〔2025〕12号"
    assert record.issuing_body == "吉首市人民政府办公室"


def test_edit_with_version_and_a_stale_one_is_409(gov, officer):
    record = records.register(gov, elements(), by=officer)
    records.edit(record, {"remarks": "此件发至乡镇"}, by=officer, version=1)
    assert record.remarks == "此件发至乡镇" and record.version == 2
    with pytest.raises(Conflict):
        records.edit(record, {"remarks": "再改"}, by=officer, version=1)
    with pytest.raises(Invalid, match="上行文"):
        records.edit(record, {"doc_type": "请示"}, by=officer, version=2)


def test_a_secret_record_refuses_files_and_a_filed_one_cannot_become_secret(gov, officer):
    hidden = records.register(gov, secret(), by=officer)
    with pytest.raises(Conflict, match="机密公文不能上传文件：涉密信息不得在非涉密信息系统中"):
        records.add_file(hidden, "正文.pdf", PDF, by=officer)
    assert not hidden.files.exists()
    filed = records.register(gov, elements(doc_number="吉政办发〔2025〕13号"), by=officer)
    records.add_file(filed, "正文.docx", docx_bytes("防汛物资储备"), by=officer)
    change = secret(doc_number="吉政办发〔2025〕13号")
    with pytest.raises(Conflict, match="已有文件，不能标为涉密"):
        records.edit(filed, change, by=officer, version=filed.version)


def test_files_are_pdf_ofd_or_docx_only(gov, officer):
    record = records.register(gov, elements(), by=officer)
    with pytest.raises(Invalid, match="只接受PDF、OFD、DOCX"):
        records.add_file(record, "图.png", PNG, by=officer)
    item = records.add_file(record, "正文.docx", docx_bytes("防汛物资储备"), by=officer)
    assert "防汛物资储备" in item.text


def test_only_the_bodys_officers_register(gov, fh_officer):
    with pytest.raises(NotAllowed):
        records.register(gov, elements(), by=fh_officer)
