"""The scope matrix: for every role, nobody sees or changes a staff record outside their scope,
in HTML and API alike; the workbench shows one's own roles; /my/ one's own data, masked.

Every role is probed over 凤凰县 (433123): only 政务公开办管理员 and 电子监察人员 may open the
staff directory, and then see only staff holding a role in 凤凰; no one reaches a 吉首 record."""

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.errors import NotAllowed
from zhengwu.org import services
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

ADMIN_ROLES = {Role.OPENNESS_ADMIN, Role.SUPERVISOR}
AGENCY_ROLES = {Role.WINDOW_CLERK, Role.DEPT_OFFICER, Role.DEPT_HEAD, Role.DISCLOSURE_OFFICER}
FENGHUANG = "433100/433123/"
JISHOU = "433100/433101/"


def probe(role: str) -> User:
    """A staff member holding `role` over 凤凰县 (its government for agency-bound roles)."""
    fenghuang = Jurisdiction.objects.get(code="433123")
    user = User.objects.create(
        username=f"probe-{role}",
        kind=User.STAFF,
        real_name="测试",
        password_changed_at=timezone.now(),
    )
    if role in AGENCY_ROLES:
        over = {"agency": Agency.objects.get(jurisdiction=fenghuang, kind=Agency.GOVERNMENT)}
    else:
        over = {"jurisdiction": fenghuang}
    RoleAssignment.objects.create(user=user, role=role, **over)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def in_scope_usernames(path: str) -> set[str]:
    return set(
        User.objects.filter(
            kind=User.STAFF, roles__jurisdiction__path__startswith=path
        ).values_list("username", flat=True)
    ) | set(
        User.objects.filter(
            kind=User.STAFF, roles__agency__scope_path__startswith=path
        ).values_list("username", flat=True)
    )


def all_staff(client) -> list[dict]:
    rows, offset = [], 0
    while True:
        page = client.get("/api/v1/org/staff", {"limit": 1000, "offset": offset}).json()
        rows += page
        if len(page) < 1000:
            return rows
        offset += 1000


def all_pages(client) -> str:
    texts, n = [], 1
    while True:
        response = client.get("/workbench/org/staff/", {"page": n})
        texts.append(response.content.decode())
        if "下一页" not in texts[-1]:
            return "".join(texts)
        n += 1


@pytest.fixture
def jishou_officer():
    return User.objects.get(username="officer")


@pytest.mark.parametrize("role", Role.values)
def test_staff_directory_api_stays_in_scope(role, jishou_officer):
    user = probe(role)
    client = client_for(user)
    listing = client.get("/api/v1/org/staff", {"limit": 1000})
    rows = all_staff(client) if listing.status_code == 200 else []
    detail = client.get(f"/api/v1/org/staff/{jishou_officer.pk}")
    if role in ADMIN_ROLES:
        assert listing.status_code == 200
        names = {row["username"] for row in rows}
        assert names == in_scope_usernames(FENGHUANG)
        assert "fh-supervisor" in names and user.username in names
        assert not names & {"officer", "window", "head", "supervisor", "admin"}
        for row in rows:
            assert all(
                (r["jurisdiction_code"] or "").startswith("433123")
                or (r["agency_usci"] or "")[2:8] == "433123"  # the credit code's region
                for r in row["roles"]
            )
        assert detail.status_code == 404 and detail.json()["code"] == "not_found"
    else:
        assert listing.status_code == 403 and "人员名录" in listing.json()["message"]
        assert detail.status_code == 403


@pytest.mark.parametrize("role", Role.values)
def test_staff_directory_page_stays_in_scope(role, jishou_officer):
    user = probe(role)
    client = client_for(user)
    page = client.get("/workbench/org/staff/")
    detail = client.get(f"/workbench/org/staff/{jishou_officer.pk}/")
    if role in ADMIN_ROLES:
        assert page.status_code == 200
        text = all_pages(client)
        assert "凤凰县监察人员" in text
        assert "市场监管局经办" not in text and "窗口人员" not in text
        assert detail.status_code == 404 and "页面不存在" in detail.content.decode()
        fh = User.objects.get(username="fh-supervisor")
        own = client.get(f"/workbench/org/staff/{fh.pk}/")
        assert own.status_code == 200 and "139****0009" in own.content.decode()
    else:
        assert page.status_code == 403 and "无权访问" in page.content.decode()
        assert detail.status_code == 403


@pytest.mark.parametrize("role", Role.values)
def test_nobody_grants_roles_outside_their_scope(role):
    user = probe(role)
    jishou_agency = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")
    target = User.objects.get(username="window")
    with pytest.raises(NotAllowed):
        services.grant_role(target, Role.DEPT_OFFICER, jishou_agency, by=user)
    fenghuang = Jurisdiction.objects.get(code="433123")
    if role == Role.OPENNESS_ADMIN:
        granted = services.grant_role(target, Role.VILLAGE_AGENT, fenghuang, by=user)
        assert granted.jurisdiction == fenghuang
    else:
        with pytest.raises(NotAllowed):
            services.grant_role(target, Role.VILLAGE_AGENT, fenghuang, by=user)
    assert not RoleAssignment.objects.filter(user=target, agency=jishou_agency).exists()


@pytest.mark.parametrize("role", Role.values)
def test_django_admin_is_closed_to_every_role(role):
    client = client_for(probe(role))
    response = client.get("/admin/org/user/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_prefecture_supervisor_sees_every_staff_member(as_user):
    listing = all_staff(as_user("supervisor"))
    names = {row["username"] for row in listing}
    assert {"window", "officer", "head", "fh-supervisor", "admin", "watcher"} <= names
    assert names == in_scope_usernames("433100/")
    assert all("*" in row["phone"] or row["phone"] == "" for row in listing)
    text = all_pages(as_user("supervisor"))
    assert "139****0001" in text and "13974300001" not in text


def test_fenghuang_supervisor_does_not_see_jishou(as_user):
    listing = all_staff(as_user("fh-supervisor"))
    names = {row["username"] for row in listing}
    assert names == in_scope_usernames(FENGHUANG)
    assert not any(n.startswith("agent433101") for n in names)
    assert any(n.startswith("agent433123") for n in names)


def test_staff_list_query_count_does_not_grow(as_user, django_assert_max_num_queries):
    client = as_user("supervisor")
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/org/staff", {"limit": 500}).status_code == 200


def test_anonymous_and_public_accounts_are_refused(client, as_user):
    assert client.get("/api/v1/org/staff").status_code == 401
    assert client.get("/workbench/org/staff/").status_code == 302
    citizen = as_user("433101198803140228")
    assert citizen.get("/api/v1/org/staff").status_code == 403
    assert citizen.get("/workbench/org/staff/").status_code == 403
    enterprise = as_user("914331010007700136")
    assert enterprise.get("/api/v1/org/staff").status_code == 403


def test_public_account_cannot_grant_roles():
    citizen = User.objects.get(username="433101198803140228")
    with pytest.raises(NotAllowed):
        services.grant_role(
            citizen, Role.SUPERVISOR, Jurisdiction.objects.get(code="433100"), by=citizen
        )
    with pytest.raises(NotAllowed):
        services.create_staff(
            username="intruder", real_name="某", password="Xx#123456789a", roles=[], by=citizen
        )


DEMO_ROLES = [
    ("window", "窗口工作人员", "吉首市"),
    ("officer", "部门经办人", "吉首市市场监督管理局"),
    ("head", "部门负责人", "吉首市市场监督管理局"),
    ("disclosure", "信息公开工作人员", "吉首市人民政府"),
    ("handler", "留言办理人员", "湘西土家族苗族自治州人民政府"),
    ("supervisor", "电子监察人员", "湘西土家族苗族自治州"),
    ("admin", "政务公开办管理员", "湘西土家族苗族自治州"),
    ("watcher", "政务公开监督员", "湘西土家族苗族自治州"),
    ("fh-supervisor", "电子监察人员", "凤凰县"),
]


@pytest.mark.parametrize("username,label,over", DEMO_ROLES, ids=[r[0] for r in DEMO_ROLES])
def test_workbench_shows_only_ones_own_roles(as_user, username, label, over):
    text = as_user(username).get("/workbench/").content.decode()
    assert f"{label} · {over}" in text
    for other, other_label, other_over in DEMO_ROLES:
        if (other_label, other_over) != (label, over):
            assert f"{other_label} · {other_over}" not in text, other
    assert ("人员名录" in text) == (label in ("电子监察人员", "政务公开办管理员"))


def test_citizen_page_shows_only_own_data_masked(as_user):
    text = as_user("433101198803140228").get("/my/").content.decode()
    assert "张秀英" in text
    assert "433101********0228" in text and "433101198803140228" not in text
    assert "139****0001" in text and "13907430001" not in text
    # Nothing of the other citizen (向阳, 433123199511020171, 13907430002). Her name alone is
    # no test: 向阳社区 is a real village the demo's cases may name.
    for theirs in ("433123199511020171", "433123********0171", "13907430002", "139****0002"):
        assert theirs not in text
    other = as_user("433123199511020171").get("/my/").content.decode()
    assert "433123********0171" in other and "张秀英" not in other and "0228" not in other


def test_citizen_has_no_workbench_and_staff_no_citizen_page(as_user):
    assert as_user("433101198803140228").get("/workbench/")["Location"] == "/my/"
    assert as_user("window").get("/my/")["Location"] == "/workbench/"
