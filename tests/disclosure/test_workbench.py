"""Staff pages under /workbench/disclosure/: forms, actions, the §26 states, the guide form, the
agencies not revised this year, and the workbench panel."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.disclosure.models import Document, GuideRevision
from zhengwu.portal import workbench

pytestmark = pytest.mark.django_db


def test_draft_form_keeps_input_on_error_then_creates(as_user, jishou_gov):
    client = as_user("disclosure")
    url = f"/workbench/disclosure/new/?agency={jishou_gov.usci}"
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "title": "吉首市2026年城区道路提质改造计划",
            "created_on": "2026-02-31",
            "genre": "规划计划",
        },
    )
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "生成日期格式不正确" in body and 'value="吉首市2026年城区道路提质改造计划"' in body
    ok = client.post(
        url,
        {
            "title": "吉首市2026年城区道路提质改造计划",
            "created_on": "2026-02-10",
            "genre": "规划计划",
            "column": "k-zdjsxm",
            "topic": "城乡建设、环境保护",
            "proactive": "on",
        },
    )
    assert ok.status_code == 302
    doc = Document.objects.get(title="吉首市2026年城区道路提质改造计划")
    assert doc.column.code == "k-zdjsxm" and doc.proactive
    assert client.get("/workbench/disclosure/new/?agency=91000000000000000X").status_code == 404


def test_actions_by_form(as_user, make_doc):
    client = as_user("disclosure")
    doc = make_doc(title="吉首市表单操作测试文件")
    page = client.get(f"/workbench/disclosure/{doc.pk}/").content.decode()
    assert "提交保密审查" in page and "发布截止日 2025-10-30" in page
    assert client.post(f"/workbench/disclosure/{doc.pk}/submit/").status_code == 302
    refused = client.post(f"/workbench/disclosure/{doc.pk}/return/", {"reason": ""})
    assert refused.status_code == 422 and "请填写理由" in refused.content.decode()
    assert client.post(f"/workbench/disclosure/{doc.pk}/publish/").status_code == 302
    doc.refresh_from_db()
    assert (
        doc.status == "published" and doc.published_late
    )  # published today, long after 2025-10-30
    again = client.post(f"/workbench/disclosure/{doc.pk}/publish/")
    assert again.status_code == 409 and "不能审查发布" in again.content.decode()
    assert client.post(f"/workbench/disclosure/{doc.pk}/nonsense/").status_code == 404
    assert client.get(f"/workbench/disclosure/{doc.pk}/publish/").status_code == 405


def test_list_shows_clock_states(as_user, make_doc):
    today = timezone.localdate()
    make_doc(title="吉首市刚起草的文件", created_on=today)
    make_doc(title="吉首市已逾期的草稿", created_on=today - dt.timedelta(days=60))
    client = as_user("disclosure")
    body = client.get("/workbench/disclosure/?status=todo").content.decode()
    assert "吉首市刚起草的文件" in body and "待发布" in body
    warned = client.get("/workbench/disclosure/?status=warning").content.decode()
    assert (
        "吉首市已逾期的草稿" in warned and "逾期" in warned and "吉首市刚起草的文件" not in warned
    )
    assert client.get("/workbench/disclosure/?status=bogus").status_code == 404


def test_workbench_panel_counts(make_doc, officer):
    make_doc(created_on=timezone.localdate() - dt.timedelta(days=60))
    panel = next(p for p in workbench.panels(officer) if p["title"] == "主动公开")
    assert panel["todo"] >= 1 and panel["warning"] >= 1 and panel["url"] == "/workbench/disclosure/"
    from zhengwu.org.models import User

    citizen = User.objects.get(username="433101198803140228")
    assert all(p["title"] != "主动公开" for p in workbench.panels(citizen))


def test_guide_revision_form_keeps_every_revision(as_user, jishou_gov):
    client = as_user("disclosure")
    before = GuideRevision.objects.filter(agency=jishou_gov).count()
    form = client.get(f"/workbench/disclosure/guide/{jishou_gov.usci}/").content.decode()
    assert "信息分类与编排体系" in form and "传真" in form
    response = client.post(
        f"/workbench/disclosure/guide/{jishou_gov.usci}/",
        {"office_hours": "工作日 8:30—12:00，14:30—17:30"},
    )
    assert response.status_code == 302
    assert GuideRevision.objects.filter(agency=jishou_gov).count() == before + 1
    latest = GuideRevision.objects.filter(agency=jishou_gov).order_by("-id").first()
    assert (
        latest.office_hours == "工作日 8:30—12:00，14:30—17:30"
        and latest.revised_on == timezone.localdate()
    )
    too_long = client.post(f"/workbench/disclosure/guide/{jishou_gov.usci}/", {"phone": "0" * 80})
    assert too_long.status_code == 422
    assert (
        as_user("fh-supervisor").get(f"/workbench/disclosure/guide/{jishou_gov.usci}/").status_code
        == 404
    )


def test_agencies_not_revised_this_year_are_listed_within_scope(as_user):
    year = timezone.localdate().year
    admin = as_user("admin").get("/workbench/disclosure/stale/").content.decode()
    assert f"{year}年未更新" in admin and "未更新" in admin
    fh = as_user("fh-supervisor").get("/workbench/disclosure/stale/").content.decode()
    assert "吉首市" not in fh and "凤凰县" in fh


def test_gazette_form(as_user, published_doc):
    client = as_user("disclosure")
    assert client.get("/workbench/disclosure/gazette/").status_code == 200
    bad = client.post(
        "/workbench/disclosure/gazette/",
        {"jurisdiction": "433101", "year": "2025", "number": "2", "index_nos": "不存在的索引号"},
    )
    assert bad.status_code == 422 and "不是已发布的文件" in bad.content.decode()
    assert "不存在的索引号" in bad.content.decode()
    ok = client.post(
        "/workbench/disclosure/gazette/",
        {
            "jurisdiction": "433101",
            "year": "2025",
            "number": "2",
            "index_nos": published_doc.index_no,
        },
    )
    assert ok.status_code == 302 and ok["Location"] == "/site/433101/xxgk/gazette/2025/2/"
    assert published_doc.title in as_user("disclosure").get(ok["Location"]).content.decode()
    other = client.post(
        "/workbench/disclosure/gazette/",
        {
            "jurisdiction": "433100",
            "year": "2025",
            "number": "5",
            "index_nos": published_doc.index_no,
        },
    )
    assert other.status_code == 422  # not this officer's government
