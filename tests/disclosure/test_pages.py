"""Public pages at the 州 and on a county sub-site: column layout, catalogue with filters and
exports, detail, guide with history, rules, bulletin board, feeds, gazette."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from openpyxl import load_workbook

from zhengwu.core.pdf import cjk_font
from zhengwu.disclosure import services
from zhengwu.disclosure.models import Document, GazetteIssue

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def text(response):
    return response.content.decode()


def test_prefecture_index_lists_departments_and_the_column_entries(prefecture_gov):
    page = Client().get("/xxgk/")
    assert page.status_code == 200
    body = text(page)
    for entry in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ):
        assert entry in body
    assert "湘西土家族苗族自治州财政局" in body
    assert f"/xxgk/apply/?agency={prefecture_gov.usci}" in body
    assert f"/xxgk/{prefecture_gov.usci}/annual-report/" in body
    assert "/site/433101/xxgk/" in body


def test_county_subsite_agency_page_uses_the_site_prefix(jishou_gov, fenghuang_gov):
    page = Client().get(f"/site/433101/xxgk/{jishou_gov.usci}/")
    assert page.status_code == 200
    body = text(page)
    assert f"/site/433101/xxgk/{jishou_gov.usci}/guide/" in body
    assert f"/site/433101/xxgk/apply/?agency={jishou_gov.usci}" in body
    assert f"/site/433101/xxgk/{jishou_gov.usci}/annual-report/" in body
    assert "法定主动公开内容" in body and "条例第二十条" in body and "重点领域信息公开" in body
    # An agency of another county is not on 吉首's site.
    assert Client().get(f"/site/433101/xxgk/{fenghuang_gov.usci}/").status_code == 404
    assert Client().get("/site/999999/xxgk/").status_code == 404


def test_government_column_shows_its_departments_documents(make_doc, officer, jishou_gov, agency):
    # 吉首市市场监督管理局 publishes; the 吉首 government's column shows it too.
    from zhengwu.org.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=officer, role=Role.DISCLOSURE_OFFICER, agency=agency)
    officer._role_cache = None
    doc = make_doc(
        agency=agency,
        title="吉首市2025年第三期食品安全监督抽检信息公告",
        column="g20-13",
        genre="通知公告",
    )
    services.submit(doc, by=officer)
    services.publish(doc, by=officer)
    for url in (
        f"/xxgk/{agency.usci}/catalogue/",
        f"/xxgk/{jishou_gov.usci}/catalogue/",
        "/site/433101/xxgk/",
        "/xxgk/",
    ):
        assert doc.title in text(Client().get(url)), url


def test_catalogue_filters_and_pagination(prefecture_gov):
    base = f"/xxgk/{prefecture_gov.usci}/catalogue/"
    everything = Client().get(base)
    assert everything.status_code == 200
    total = Document.objects.filter(
        agency__in=[prefecture_gov, *prefecture_gov.children.all()], status="published"
    ).count()
    assert f"共 {total} 条" in text(everything)
    assert "第 1 /" in text(everything)  # more than one page
    repealed = text(Client().get(base + "?validity=repealed"))
    assert "已废止" in repealed and "（2025年修订）" not in repealed
    rules = text(Client().get(base + "?column=g20-01&genre=规章"))
    assert "城市市容和环境卫生管理办法" in rules
    year = Client().get(base + "?year=2024&column=k-czyjs")
    assert "2024年财政预算执行情况" in text(year) and "2023年财政预算执行情况" not in text(year)
    bad = Client().get(base + "?year=二〇二五")
    assert bad.status_code == 422 and "年份" in text(bad)
    assert Client().get(base + "?format=pdf").status_code == 400


def test_xlsx_and_csv_exports_parse_back(prefecture_gov):
    base = f"/xxgk/{prefecture_gov.usci}/catalogue/?column=g20-01"
    expected = Document.objects.filter(
        agency=prefecture_gov, column__code="g20-01", status="published"
    ).count()
    xlsx = Client().get(base + "&format=xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("索引号", "名称", "内容概述", "生成日期")
    assert len(rows) - 2 == expected
    assert any("城市市容和环境卫生管理办法" in r[1] for r in rows[2:])
    response = Client().get(base + "&format=csv")
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(content)))
    assert len(records) == expected and records[0]["索引号"].startswith(prefecture_gov.usci)
    assert {r["有效性"] for r in records} >= {"现行有效", "已废止"}


def test_document_detail_shows_every_catalogue_field_and_the_replacement(prefecture_gov):
    old = (
        Document.objects.filter(agency=prefecture_gov, validity="repealed")
        .exclude(replaced_by=None)
        .first()
    )
    body = text(Client().get(f"/xxgk/doc/{old.pk}/"))
    for label in (
        "索引号",
        "发布机构",
        "生成日期",
        "文号",
        "发布日期",
        "主题分类",
        "体裁",
        "有效性",
        "关键词",
        "内容概述",
    ):
        assert label in body
    assert old.index_no in body and "已废止" in body and old.replaced_by.title in body
    # A 州 document belongs to the 州's site, not to a county's.
    assert Client().get(f"/site/433101/xxgk/doc/{old.pk}/").status_code == 404


def test_guide_and_its_revision_history(jishou_gov, officer, as_user):
    revision = services.revise_guide(jishou_gov, by=officer, overrides={"phone": "0743-8888888"})
    page = text(Client().get(f"/xxgk/{jishou_gov.usci}/guide/"))
    assert "0743-8888888" in page and "历次修订" in page
    for field in (
        "信息分类与编排体系",
        "获取方式",
        "办公地址",
        "办公时间",
        "联系电话",
        "传真",
        "互联网联系方式",
        "依申请公开",
    ):
        assert field in page
    older = jishou_gov.guide_revisions.exclude(pk=revision.pk).first()
    old_page = Client().get(f"/xxgk/{jishou_gov.usci}/guide/{older.pk}/")
    assert old_page.status_code == 200 and "0743-8888888" not in text(old_page)
    assert Client().get(f"/xxgk/{jishou_gov.usci}/guide/999999/").status_code == 404


def test_rules_page_is_editable_by_the_officer(jishou_gov, as_user):
    client = as_user("disclosure")
    bad = client.post(f"/workbench/disclosure/rules/{jishou_gov.usci}/", {"body": "  "})
    assert bad.status_code == 422 and "制度正文" in text(bad)
    ok = client.post(
        f"/workbench/disclosure/rules/{jishou_gov.usci}/",
        {"body": "第一条　吉首市政府信息公开保密审查办法"},
    )
    assert ok.status_code == 302
    assert "吉首市政府信息公开保密审查办法" in text(Client().get(f"/xxgk/{jishou_gov.usci}/rules/"))


def test_bulletin_board_is_printable(prefecture_gov):
    page = Client().get(f"/xxgk/{prefecture_gov.usci}/board/?column=g20-01")
    body = text(page)
    assert page.status_code == 200 and "政务公开栏" in body and "@media print" in body
    assert "（2025年修订）" in body  # in force
    assert Client().get(f"/xxgk/{prefecture_gov.usci}/board/?column=nope").status_code == 404


def test_atom_feeds_per_agency_and_column(prefecture_gov):
    response = Client().get(f"/xxgk/{prefecture_gov.usci}/feed/g20-01/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    expected = Document.objects.filter(
        agency=prefecture_gov, column__code="g20-01", status="published"
    ).count()
    assert len(entries) == expected > 0
    assert all("/xxgk/doc/" in e.find(f"{ATOM}link").get("href") for e in entries)
    whole = ET.fromstring(
        Client()
        .get(f"/site/433101/xxgk/{prefecture_gov.usci}/feed/".replace("/site/433101", ""))
        .content
    )
    assert len(whole.findall(f"{ATOM}entry")) > len(entries)
    assert Client().get(f"/xxgk/{prefecture_gov.usci}/feed/nope/").status_code == 404


def test_gazette_archive_issue_and_pdf(prefecture_gov):
    archive = text(Client().get("/xxgk/gazette/"))
    for year in (2023, 2024, 2025, 2026):
        assert f"{year}年第1期" in archive
    issue = GazetteIssue.objects.get(jurisdiction__code="433100", year=2025, number=1)
    page = text(Client().get("/xxgk/gazette/2025/1/"))
    assert all(d.title in page for d in issue.documents.all())
    pdf = Client().get("/xxgk/gazette/2025/1/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # the CJK font of core.pdf, embedded (the project installs it)
    assert (b"FontFile2" in pdf.content) == (cjk_font() == "ZhengwuCJK")
    assert Client().get("/xxgk/gazette/2025/9/").status_code == 404
    assert Client().get("/site/433101/xxgk/gazette/").status_code == 200


def test_home_pages_list_the_latest_documents(make_doc, officer):
    doc = services.submit(make_doc(title="吉首市今天发布的最新文件"), by=officer)
    services.publish(doc, by=officer)
    home = text(Client().get("/site/433101/"))
    assert "最新公开信息" in home and f'href="/site/433101/xxgk/doc/{doc.pk}/"' in home
    assert doc.title in text(Client().get("/"))
    assert doc.title not in text(Client().get("/site/433123/"))


def test_catalogue_page_query_count_is_bounded(prefecture_gov, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = Client().get(f"/xxgk/{prefecture_gov.usci}/catalogue/")
    assert response.status_code == 200


def test_a_document_is_not_shown_on_another_county_site(published_doc):
    assert Client().get(f"/site/433123/xxgk/doc/{published_doc.pk}/").status_code == 404
    assert Client().get(f"/site/433101/xxgk/doc/{published_doc.pk}/").status_code == 200


def test_column_counts_on_a_government_page_include_departments(jishou_gov):
    from zhengwu.disclosure.queries import agency_documents

    expected = agency_documents(jishou_gov).filter(column__code="k-czyjs").count()
    own = agency_documents(jishou_gov).filter(agency=jishou_gov, column__code="k-czyjs").count()
    assert expected > own  # the 财政局's 部门预算 are counted too
    body = text(Client().get(f"/xxgk/{jishou_gov.usci}/"))
    assert f'?column=k-czyjs">财政预决算</a> <span class="muted">{expected}</span>' in body
    listed = text(Client().get(f"/xxgk/{jishou_gov.usci}/catalogue/?column=k-czyjs"))
    assert f"共 {expected} 条" in listed


def test_township_and_village_sites_have_a_column_page():
    from zhengwu.org.models import Jurisdiction

    township = Jurisdiction.objects.filter(
        level="township", path__startswith="433100/433101/"
    ).first()
    village = Jurisdiction.objects.filter(level="village", path__startswith=township.path).first()
    assert Client().get(f"/site/{township.code}/xxgk/").status_code == 200
    assert Client().get(f"/site/{village.code}/xxgk/").status_code == 200
    assert Client().get(f"/site/{township.code}/xxgk/gazette/").status_code == 200
