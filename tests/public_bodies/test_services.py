"""Sectors, registering a body, its catalogue and the figure `public_bodies.columns_current`,
through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.core import measures
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.disclosure import services as disclosure
from zhengwu.disclosure.models import Column, Document
from zhengwu.disclosure.public_bodies import queries, services
from zhengwu.disclosure.public_bodies.models import Sector, SectorColumn
from zhengwu.org.models import Agency, Jurisdiction, Role

from .conftest import JISHOU, LUXI, department, school_data, staff

EDUCATION = ["学校概况", "招生信息", "收费项目及标准", "学生资助", "财务信息", "安全管理"]


def test_the_usual_sectors_are_seeded_with_their_columns(db):
    names = list(Sector.objects.values_list("name", flat=True))
    assert names == ["教育", "医疗卫生", "供水", "供电", "供气", "公共交通", "环境保护"]
    columns = SectorColumn.objects.filter(sector__code="jy", active=True).order_by("order")
    assert [c.name for c in columns] == EDUCATION
    assert "供水、供气、供热" in Sector.objects.get(code="gs").basis


def test_a_registered_body_is_an_enterprise_with_its_sectors_catalogue(admin, school):
    agency = school.agency
    assert agency.kind == Agency.ENTERPRISE
    assert agency.jurisdiction.code == JISHOU
    assert school.supervisor == department(JISHOU, "教育局")
    kids = Column.objects.filter(agency=agency, parent__code="ggqsy").order_by("order")
    assert [c.name for c in kids] == EDUCATION
    # The government catalogue (条例 §20) is not a public body's.
    assert not Column.objects.filter(agency=agency, code__startswith="g20").exists()
    assert Column.objects.filter(agency=agency).count() == 7
    actions = set(AuditEvent.objects.filter(actor=admin).values_list("action", flat=True))
    assert {"public_bodies.body.register", "org.agency_created"} <= actions


@pytest.mark.parametrize(
    "over, code",
    [
        ({"usci": "12433101MB1234567X"}, "usci_check"),
        ({"name": ""}, "name_required"),
        ({"sector": "殡葬"}, "sector_invalid"),
        ({"jurisdiction": "433101002001"}, "jurisdiction_level"),
    ],
)
def test_bad_fields_are_refused_in_words(admin, over, code):
    with pytest.raises(Invalid) as e:
        services.register_body(school_data(**over), by=admin)
    assert e.value.code == code


def test_the_supervisor_must_be_a_department_of_the_same_or_a_higher_level(admin):
    luxi_education = department(LUXI, "教育局")
    with pytest.raises(Invalid) as e:
        services.register_body(school_data(supervisor=luxi_education.usci), by=admin)
    assert e.value.code == "supervisor_invalid"
    assert "泸溪县教育局" in e.value.message
    # The 州's department may supervise a 吉首 body.
    prefecture = department("433100", "教育和体育局")
    body = services.register_body(school_data(2, supervisor=prefecture.usci), by=admin)
    assert body.supervisor == prefecture


def test_a_county_office_may_not_register_in_another_county(luxi_admin):
    with pytest.raises(NotAllowed):
        services.register_body(school_data(), by=luxi_admin)
    assert not Agency.objects.filter(name="吉首市测试学校1").exists()


def test_the_department_head_registers_its_own_bodies_only(db):
    head = staff("jy-head", Role.DEPT_HEAD, agency=department(JISHOU, "教育局"))
    body = services.register_body(school_data(), by=head)
    assert queries.visible_to(head).filter(pk=body.pk).exists()
    with pytest.raises(NotAllowed):
        services.register_body(
            school_data(3, sector="yl", supervisor=department(JISHOU, "卫生健康局").usci), by=head
        )


def test_a_code_already_registered_is_a_conflict(admin, school):
    with pytest.raises(Conflict):
        services.register_body(school_data(name="另一个名称"), by=admin)


def _publish(body, officer, column_code, title, on=None):
    doc = disclosure.create_draft(
        body.agency,
        {
            "title": title,
            "created_on": (on or timezone.localdate()).isoformat(),
            "column": column_code,
        },
        by=officer,
    )
    disclosure.submit(doc, by=officer)
    return disclosure.publish(doc, by=officer, on=on)


def test_the_bodys_officer_publishes_into_a_column_and_the_supervisor_sees_it(admin, school):
    officer = services.create_officer(
        school,
        {"username": "school-officer", "real_name": "王老师", "password": "Xiangxi#2026ab"},
        by=admin,
    )
    assert officer.roles.get().role == Role.DISCLOSURE_OFFICER
    _publish(school, officer, "jy-02", "2026年秋季招生简章")
    states = {s.name: s for s in queries.column_states(school)}
    assert states["招生信息"].count == 1
    assert states["招生信息"].latest == timezone.localdate()
    assert not states["招生信息"].stale
    assert states["学校概况"].state == "暂无内容"
    assert sum(1 for s in states.values() if s.stale) == 5
    head = staff("jy-head2", Role.DEPT_HEAD, agency=department(JISHOU, "教育局"))
    assert queries.visible_to(head).filter(pk=school.pk).exists()
    other = staff("wj-head", Role.DEPT_HEAD, agency=department(JISHOU, "卫生健康局"))
    assert not queries.visible_to(other).filter(pk=school.pk).exists()
    assert queries.visible_to(officer).get() == school


def test_columns_current_counts_the_columns_updated_within_the_year(admin, school):
    officer = services.create_officer(
        school,
        {"username": "school-officer2", "real_name": "李老师", "password": "Xiangxi#2026ab"},
        by=admin,
    )
    today = timezone.localdate()
    _publish(school, officer, "jy-01", "学校简介", on=today)
    old = Document.objects.get(title="学校简介")
    _publish(school, officer, "jy-03", "收费标准", on=today)
    Document.objects.filter(title="收费标准").update(published_on=today - dt.timedelta(days=400))
    jishou = Jurisdiction.objects.get(code=JISHOU)
    figure = measures.measure("public_bodies.columns_current", jishou, agency=school.agency)
    assert (figure["numerator"], figure["denominator"]) == (1, 6)
    by_supervisor = measures.measure(
        "public_bodies.columns_current", jishou, agency=department(JISHOU, "教育局")
    )
    assert (by_supervisor["numerator"], by_supervisor["denominator"]) == (1, 6)
    assert measures.label("public_bodies.columns_current").startswith(
        "公共企事业单位公开栏目更新率"
    )
    assert old.status == Document.PUBLISHED


def test_changing_a_sectors_columns_updates_its_bodies(admin, school):
    sector = Sector.objects.get(code="jy")
    services.save_sector(
        {
            "name": "教育",
            "basis": sector.basis,
            "columns": ["学校概况", "招生录取信息", "财务信息", "食品安全"],
        },
        by=admin,
        sector=sector,
    )
    names = [s.name for s in queries.column_states(school)]
    assert names == ["学校概况", "招生录取信息", "财务信息", "食品安全"]
    assert SectorColumn.objects.get(code="jy-01").active
    assert not SectorColumn.objects.get(code="jy-02").active
    event = AuditEvent.objects.filter(action="public_bodies.sector.save").latest("id")
    assert "食品安全" in event.after["columns"]
    assert "安全管理" in event.before["columns"]


def test_only_the_prefecture_office_sets_the_sectors(luxi_admin):
    with pytest.raises(NotAllowed):
        services.save_sector({"name": "殡葬", "columns": "服务项目"}, by=luxi_admin)
    with pytest.raises(Invalid) as e:
        services.save_sector({"name": "殡葬", "columns": "\n \n"}, by=None)
    assert e.value.code == "columns_required"


def test_the_demo_registers_bodies_with_published_items(db):
    from zhengwu.disclosure.public_bodies.models import PublicBody

    water = PublicBody.objects.get(agency__name="吉首市自来水公司")
    assert water.sector.name == "供水"
    assert water.supervisor.name == "吉首市住房和城乡建设局"
    states = queries.column_states(water)
    assert [s.count for s in states] == [1, 1, 1, 1, 1, 0]
    assert [s.stale for s in states] == [False, False, False, True, False, True]


def test_supervision_shows_the_share_of_columns_kept_current(db):
    from zhengwu.supervision import stats

    jishou = Jurisdiction.objects.get(code=JISHOU)
    found = {t["key"]: t for t in stats.targets(jishou)}["public_bodies_current"]
    figure = measures.measure("public_bodies.columns_current", jishou)
    assert (found["numerator"], found["denominator"]) == (
        figure["numerator"],
        figure["denominator"],
    )
    # The demo's 吉首 bodies: 自来水公司 4 of 6 current, 公共交通公司 4 of its 5.
    assert (found["numerator"], found["denominator"]) == (8, 11)
    assert found["source"] == "R7.1" and found["met"] is False
