"""From the empty platform, the 政务公开办 sets up 吉首市's service network in its own pages
(issue 23 §1): the city's 政务服务中心, 峒河街道's 便民服务中心, a village room with its responsible
person and two new 代办员, an agency stationed at a window with a 首席代表 (an account made on the
staff page) deciding an item; the targets page then counts the centre, the room and 权进中心."""

import pytest

from zhengwu.org.demo import usci_for

from .conftest import OFFICE_ADMIN, log_in

pytestmark = pytest.mark.browser

PASSWORD = "Chushi-Mima-2026"
AGENCY = "吉首市市场监督管理局"
AGENCY_USCI = usci_for("433101", 97231)


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def new_centre(page, code: str, name: str, kind: str, **fields) -> None:
    page.goto("/workbench/org/centres/")
    page.get_by_label("所在区划的区划代码").fill(code)
    page.get_by_label("名称（必填）").fill(name)
    page.get_by_label("类型").select_option(label=kind)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    submit(page, "新建")
    assert page.locator("h1").inner_text() == name, page.content()[:2000]


def new_agent(page, username: str, name: str) -> None:
    page.get_by_label("用户名（登录用，必填）").fill(username)
    page.get_by_label("姓名（必填）").fill(name)
    page.get_by_label("手机号").fill("13907431111")
    page.get_by_label("初始密码", exact=False).fill(PASSWORD)
    submit(page, "新增代办员")


def test_the_office_sets_up_jishous_network_from_nothing(browser, empty_server_url):
    page = log_in(browser, empty_server_url, OFFICE_ADMIN)
    # 1. the city's 政务服务中心 and the township's 便民服务中心; a wrong kind is refused in words
    page.goto("/workbench/org/centres/")
    page.get_by_label("所在区划的区划代码").fill("433101002")
    page.get_by_label("名称（必填）").fill("峒河街道政务服务中心")
    page.get_by_label("类型").select_option(label="政务服务中心")
    submit(page, "新建")
    assert "只设在州或县市" in page.locator("p.error").inner_text()
    assert page.get_by_label("名称（必填）").input_value() == "峒河街道政务服务中心"
    new_centre(page, "433101", "吉首市政务服务中心", "政务服务中心", **{"面积（平方米）": "6000"})
    new_centre(page, "433101002", "峒河街道便民服务中心", "乡镇（街道）便民服务中心")
    # 2. a village of 峒河街道, its room with the responsible person, and two 代办员
    villages = page.request.get("/api/v1/org/jurisdictions?parent=433101002").json()
    village = villages[0]
    new_centre(
        page,
        village["code"],
        f"{village['short_name']}便民服务室",
        "村（社区）便民服务室",
        **{"负责人": "向书记", "负责人电话": "13907432222"},
    )
    assert "现有代办员0名" in page.content()
    new_agent(page, "e2e-agent-1", "田代办")
    new_agent(page, "e2e-agent-2", "龙代办")
    assert "现有2名" in page.locator(".msg").first.inner_text()
    assert "田代办" in page.content() and "龙代办" in page.content()
    # 3. an agency of 吉首市, stationed at the centre's window
    page.goto("/workbench/org/agencies/")
    page.get_by_label("名称（必填）").fill(AGENCY)
    page.get_by_label("统一社会信用代码（18位，必填）").fill(AGENCY_USCI)
    page.get_by_label("所属区划的区划代码（必填）").fill("433101")
    submit(page, "新增")
    assert f"已新增{AGENCY}" in page.content()
    page.goto("/workbench/org/centres/?q=吉首市政务服务中心")
    page.get_by_role("link", name="吉首市政务服务中心").first.click()
    page.get_by_label("窗口号（必填）").fill("01")
    page.get_by_label("窗口名称（必填）").fill("市场准入窗口")
    page.get_by_label("进驻单位（可多选）").select_option(label=AGENCY)
    submit(page, "新建窗口")
    assert "已新建01号窗口" in page.content()
    window_url = page.url
    # 4. the 首席代表's account, on the staff page, as 部门负责人 of the agency
    page.goto("/workbench/org/staff/new/")
    page.get_by_label("用户名（登录用，必填）").fill("e2e-chief")
    page.get_by_label("姓名（必填）").fill("彭首席")
    page.get_by_label("初始密码", exact=False).fill(PASSWORD)
    page.get_by_label("角色", exact=True).select_option(label="部门负责人")
    page.get_by_label("所在单位", exact=False).select_option(label=AGENCY)
    submit(page, "新建账户")
    assert "角色为部门负责人" in page.content()
    assert "初始密码，本人首次登录时须修改" in page.content()
    # 5. an in-centre item of the agency (through the catalogue's API, as the office's session)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    item = page.request.post(
        "/api/v1/services/items",
        headers={"X-CSRFToken": token, "Referer": empty_server_url + "/"},
        data={
            "agency_usci": AGENCY_USCI,
            "item_type": "01",
            "basic_code": "XK9972310000",
            "name": "食品经营许可（吉首市）",
            "visits": 1,
            "visit_reason": "核验原件",
            "materials": [{"name": "申请书"}],
            "steps": [{"order": 1, "code": "accept", "name": "受理", "role": "window_clerk"}],
        },
    )
    assert item.status == 201, item.text()
    # 6. the window's 首席代表, with the item delegated
    page.goto(window_url)
    page.get_by_role("link", name="首席代表与授权审批事项（三集中、三到位）").click()
    page.get_by_label("派驻单位").select_option(label=AGENCY)
    page.get_by_label("首席代表（进驻单位的工作人员）").select_option(label="彭首席")
    page.get_by_label("食品经营许可（吉首市）", exact=False).check()
    submit(page, "任命")
    assert "已任命彭首席为吉首市市场监督管理局首席代表，授权审批事项1项" in page.content()
    # 7. the targets page counts the centre, the village room and 权进中心
    page.goto("/site/433101/jd/targets/")
    body = page.locator("main").inner_text()
    assert "事项审批权进中心比例（三集中三到位）" in body
    rows = page.request.get("/api/v1/supervision/targets?jurisdiction=433101").json()["targets"]
    by_key = {t["key"]: t for t in rows}
    assert by_key["decided_in_centre"]["numerator"] >= 1
    assert by_key["village_rooms"]["extra"]["with_room"] >= 1
    assert "吉首市政务服务中心" in [c["centre"] for c in by_key["centre_area"]["extra"]["centres"]]
    assert by_key["township_centres"]["numerator"] >= 1
