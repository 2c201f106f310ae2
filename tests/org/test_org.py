"""Organisations: the divisions and agency imports (CLI), the agency API and API tokens."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from zhengwu.org import tokens
from zhengwu.org.demo import usci_for
from zhengwu.org.models import Agency, Jurisdiction, User

pytestmark = pytest.mark.django_db


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
    except CommandError as e:
        return out.getvalue(), err.getvalue(), e
    return out.getvalue(), err.getvalue(), None


# --- import_divisions -------------------------------------------------------------------------


def test_divisions_are_all_there_with_levels():
    counts = {
        level: Jurisdiction.objects.filter(level=level).count() for level, _ in Jurisdiction.LEVELS
    }
    assert counts == {"prefecture": 1, "county": 8, "township": 116, "village": 1797}
    assert Jurisdiction.objects.count() == 1922


def test_import_divisions_is_idempotent():
    out, err, error = run("import_divisions", settings.ZHENGWU_DIVISIONS_FILE)
    assert error is None and err == ""
    assert "新增 0，更新 0，未变 1922，错误 0" in out
    assert Jurisdiction.objects.count() == 1922


def test_tree_paths_and_parents():
    street = Jurisdiction.objects.get(code="433101002")
    village = street.children.order_by("code").first()
    assert street.level == "township" and street.parent.code == "433101"
    assert street.path == "433100/433101/433101002/"
    assert village.level == "village" and village.path == street.path + village.code + "/"
    assert [j.code for j in village.ancestors()] == ["433100", "433101", "433101002"]
    assert village.short_name.endswith(("村", "社区"))


def test_subtree_is_one_query(django_assert_num_queries, jishou):
    with django_assert_num_queries(1):
        rows = list(jishou.subtree())
    assert len(rows) == 1 + sum(1 for j in rows if j.level == "township") + sum(
        1 for j in rows if j.level == "village"
    )
    assert all(j.path.startswith("433100/433101/") for j in rows)
    assert {j.code for j in rows if j.level == "township"} == set(
        Jurisdiction.objects.filter(parent=jishou).values_list("code", flat=True)
    )


def test_import_divisions_reports_bad_rows_by_line_and_loads_the_rest(tmp_path):
    csv = tmp_path / "div.csv"
    csv.write_text(
        "code,name,level,parent_code\n"
        "433101901,新设街道,township,433101\n"  # line 2: fine
        "43310190,短代码,township,433101\n"  # line 3: code length
        "433101902,无名,hamlet,433101\n"  # line 4: level
        "433101903,孤儿镇,township,439999\n"  # line 5: unknown parent
        "433101904,,township,433101\n"  # line 6: empty name
        "433101901001,新设社区居民委员会,village,433101901\n",  # line 7: fine, parent from line 2
        encoding="utf-8",
    )
    out, err, error = run("import_divisions", str(csv))
    assert error is not None and "4 行未导入" in str(error)
    assert "第3行" in err and "9位数字" in err
    assert "第4行" in err and "层级" in err
    assert "第5行" in err and "439999" in err
    assert "第6行" in err and "名称不能为空" in err
    assert Jurisdiction.objects.get(code="433101901001").short_name == "新设社区"
    assert Jurisdiction.objects.get(code="433101901001").path.startswith("433100/433101/")


def test_import_divisions_missing_file_is_an_error(tmp_path):
    _, _, error = run("import_divisions", str(tmp_path / "none.csv"))
    assert error is not None and "文件不存在" in str(error)


# --- import_agencies --------------------------------------------------------------------------


def test_import_agencies_creates_updates_and_reports_bad_rows(tmp_path, agency):
    new = usci_for("433101", 99001)
    child = usci_for("433101", 99002)
    bad_check = new[:17] + ("0" if new[17] != "0" else "1")
    gov = Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)
    csv = tmp_path / "agencies.csv"
    csv.write_text(
        "usci,name,short_name,jurisdiction_code,kind,parent_usci\n"
        f"{new},吉首市数据局,数据局,433101,部门,{gov.usci}\n"  # 2: new
        f"{agency.usci},吉首市市场监督管理局（更名）,市场监管,433101,department,\n"  # 3: update
        f"{bad_check},坏校验码局,坏,433101,部门,\n"  # 4
        f"{usci_for('433101', 99003)},无区划局,无,999999,部门,\n"  # 5
        f"{usci_for('433101', 99004)},无类型局,无,433101,协会,\n"  # 6
        f"{child},吉首市数据中心,数据中心,433101,事业单位,{usci_for('433101', 99005)}\n",  # 7
        encoding="utf-8",
    )
    out, err, error = run("import_agencies", str(csv))
    assert error is not None and "4 行未导入" in str(error)
    assert "第4行" in err and "校验码" in err
    assert "第5行" in err and "999999" in err
    assert "第6行" in err and "类型" in err
    assert "第7行" in err and "上级单位" in err
    assert "新增 2，更新 1" in out
    created = Agency.objects.get(usci=new)
    assert created.parent == gov and created.scope_path == "433100/433101/"
    assert created.kind == Agency.DEPARTMENT
    assert Agency.objects.get(usci=child).kind == Agency.INSTITUTION  # loaded, parent refused
    agency.refresh_from_db()
    assert agency.name == "吉首市市场监督管理局（更名）"
    # A second run changes nothing more.
    out, _, _ = run("import_agencies", str(csv))
    assert "新增 0，更新 0，未变 3" in out


# --- the agency API ---------------------------------------------------------------------------


def test_agencies_filtered_by_jurisdiction(client, jishou):
    body = client.get("/api/v1/org/agencies", {"jurisdiction": "433101"}).json()
    assert body and {a["jurisdiction_code"] for a in body} == {"433101"}
    assert len(body) == Agency.objects.filter(jurisdiction=jishou, is_active=True).count()
    assert {"usci", "name", "kind", "address", "office_hours", "phone", "fax", "email"} <= set(
        body[0]
    )


def test_agencies_of_a_subtree(client):
    body = client.get(
        "/api/v1/org/agencies", {"jurisdiction": "433100", "subtree": "true", "limit": 1000}
    ).json()
    codes = {a["jurisdiction_code"] for a in body}
    assert "433100" in codes and "433101" in codes and "433123" in codes


def test_unknown_jurisdiction_is_a_json_404(client):
    response = client.get("/api/v1/org/agencies", {"jurisdiction": "999999"})
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_jurisdiction"
    assert "不存在" in response.json()["message"]


def test_agency_detail_and_unknown_agency(client, agency):
    assert client.get(f"/api/v1/org/agencies/{agency.usci}").json()["name"] == agency.name
    response = client.get("/api/v1/org/agencies/91433101MA0000000X")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_jurisdictions_and_centres(client):
    counties = client.get("/api/v1/org/jurisdictions", {"parent": "433100"}).json()
    assert len(counties) == 8 and all(c["level"] == "county" for c in counties)
    centres = client.get("/api/v1/org/centres", {"jurisdiction": "433101"}).json()
    assert centres and all("standards_met" in c for c in centres)


# --- API tokens -------------------------------------------------------------------------------


def test_bearer_token_authenticates_and_a_revoked_one_does_not(client):
    supervisor = User.objects.get(username="supervisor")
    token, key = tokens.issue(supervisor, name="监察系统对接", verified=True)
    assert key.startswith("zw_") and token.key_hash != key  # only the hash is stored
    ok = client.get("/api/v1/org/staff", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ok.status_code == 200 and ok.json()
    assert client.get("/api/v1/org/staff").status_code == 401
    wrong = client.get("/api/v1/org/staff", HTTP_AUTHORIZATION="Bearer zw_not-a-token")
    assert wrong.status_code == 401 and "令牌" in wrong.json()["message"]
    tokens.revoke(token.pk, by=supervisor)
    revoked = client.get("/api/v1/org/staff", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert revoked.status_code == 401


def test_token_of_a_deactivated_user_does_not_work(client):
    user = User.objects.get(username="admin")
    _, key = tokens.issue(user, name="对接", verified=True)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/org/staff", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
