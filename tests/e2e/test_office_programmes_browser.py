"""End to end in chromium, from the empty platform (divisions and one 州政务公开办 administrator):
the office registers a centre in 吉首市 if it has none, makes this year's standardization plan
for it and records an inspection with a file that meets two standards; 吉首市's office uploads
its yearly plan, the 州 returns it, the county resubmits, the 州 files it and it is on the
public register; a training session is recorded; the year's 考核 is computed and the 以奖代补
proposed, approved by a second officer and published; the targets page shows the county on plan.

The two other accounts are opened by the office on its 人员与角色 page; each sets its own
password at first login."""

import re

import pytest
from django.utils import timezone

from .conftest import OFFICE_ADMIN, first_log_in, log_in, new_page, office_adds_staff

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year
COUNTY_OFFICE, SECOND_OFFICE = "programmes-jishou", "programmes-zhou-2"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PLAN_TITLE = f"吉首市{YEAR}年政务公开工作要点"


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def press(page, button):
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()
    error = page.locator("main [role=alert]")
    assert error.count() == 0, error.first.inner_text()


def said(page) -> str:
    return page.inner_text("main")


def test_the_office_runs_its_yearly_programmes(browser, empty_server_url):
    url = empty_server_url
    office = log_in(browser, url, OFFICE_ADMIN)
    office_adds_staff(
        office, COUNTY_OFFICE, "吉首市政务公开办 向敏", "政务公开办管理员", jurisdiction="433101"
    )
    office_adds_staff(
        office, SECOND_OFFICE, "州政务公开办 彭丽", "政务公开办管理员", jurisdiction="433100"
    )

    # --- the centre and its standardization plan
    office.goto(f"/workbench/programmes/standardization/?year={YEAR}")
    jishou = office.locator("h2", has_text="吉首市")
    if jishou.count() == 0:  # no centre in 吉首市 yet: the office registers the county's
        office.goto("/workbench/org/centres/")
        office.get_by_label("所在区划的区划代码").fill("433101")
        office.get_by_label("名称（必填）").fill("吉首市政务服务中心")
        office.get_by_label("类型").select_option(label="政务服务中心")
        press(office, "新建")
        office.goto(f"/workbench/programmes/standardization/?year={YEAR}")
    office.locator("h2:has-text('吉首市') + ul a").first.click()
    office.wait_for_load_state()
    tasks = office.locator("textarea[name^=task_]")
    assert tasks.count() >= 2, "the walk needs a centre with two standards not yet met"
    standards = [tasks.nth(i).get_attribute("name").removeprefix("task_") for i in range(2)]
    for i, std in enumerate(standards):
        office.locator(f"textarea[name=task_{std}]").fill(
            ["按功能分区调整大厅布局", "完善首问负责、一次性告知等制度"][i]
        )
        office.locator(f"input[name=due_{std}]").fill(f"{YEAR}-12-31")
    press(office, "保存计划")
    assert f"{YEAR}年标准化建设计划已保存" in said(office)

    office.get_by_label("日期", exact=True).fill(timezone.localdate().isoformat())
    office.get_by_label("检查人员").fill("州政务服务中心 彭建华、州政务公开办 杨慧")
    for std in standards:
        office.locator(f"select[name=met_{std}]").select_option("1")
    office.get_by_label("佐证材料（PDF 或图片，可多选）").set_input_files(pdf("验收记录.pdf"))
    press(office, "登记结果")
    assert re.search(r"已登记验收结果，认定.+、.+标准化达标", said(office))
    assert "验收记录.pdf" in said(office)

    # --- 吉首市's plan: uploaded, returned, resubmitted, filed, public
    county = first_log_in(browser, url, COUNTY_OFFICE, "Xiang-Min-2026a")
    county.goto("/workbench/programmes/county-plans/")
    county.get_by_label("年度").fill(str(YEAR))
    county.get_by_label("标题").fill(PLAN_TITLE)
    county.get_by_label("内容摘要").fill("推进基层政务公开标准化规范化，办好政府网站。")
    county.get_by_label("方案文件（PDF）").set_input_files(pdf("工作要点.pdf"))
    press(county, "上传")
    assert "工作方案已上传为草稿" in said(county)
    press(county, "报送备案")
    assert "已报送备案" in said(county)

    office.goto("/workbench/programmes/county-plans/")
    office.get_by_role("link", name=PLAN_TITLE).click()
    office.wait_for_load_state()
    office.get_by_label("退回理由").fill("请补充政策解读工作的任务分工")
    press(office, "退回修改")
    assert "已退回吉首市修改" in said(office)

    county.reload()
    assert "请补充政策解读工作的任务分工" in said(county)
    county.get_by_label("内容摘要").fill(
        "推进基层政务公开标准化规范化；政策解读由各部门主要负责人牵头。"
    )
    press(county, "保存修改")
    press(county, "报送备案")
    assert "已报送备案" in said(county)

    office.reload()
    press(office, "同意备案")
    number = re.search(r"备案号(州政务公开备〔\d{4}〕\d+号)", said(office))
    assert number, said(office)

    public = new_page(browser, url)
    public.goto("/xxgk/bagl/")
    assert PLAN_TITLE in said(public) and number[1] in said(public)

    # --- a training session
    office.goto(f"/workbench/programmes/training/?year={YEAR}")
    office.get_by_label("培训日期").fill(timezone.localdate().isoformat())
    office.get_by_label("培训主题").fill("全州政务公开工作培训")
    office.get_by_label("主办单位").select_option("j:433100")
    office.get_by_label("授课人").fill("州政务公开办 杨慧")
    office.get_by_label("参训人数").fill("60")
    press(office, "登记")
    assert "已登记培训“全州政务公开工作培训”（60人参训）" in said(office)

    # --- the year's 考核, then 以奖代补
    office.goto("/workbench/assessment/")
    if office.get_by_role("link", name=re.compile(f"{YEAR}")).count() == 0:
        office.locator("input[name=year]").fill(str(YEAR))
        press(office, "新建")
    else:
        office.goto(f"/workbench/assessment/{YEAR}/")
    if "编制中" in said(office):
        # no survey of the public this year: its weight goes to the supervisors' 评议, then
        # the scheme is frozen and scored
        for name, change in (("公众评议", "删除该指标"), ("政务公开监督员评议", "保存修改")):
            office.get_by_role("row", name=re.compile(name)).get_by_role(
                "link", name="修改", exact=True
            ).click()
            office.wait_for_load_state()
            if change == "保存修改":
                office.get_by_label("权重（分）").fill("15")
            press(office, change)
        press(office, "开始评分")
        assert "评分中" in said(office)
    office.get_by_label("被评议单位").select_option(label="吉首市")
    office.get_by_label("评分（0—100）").fill("95")
    press(office, "提交评议")
    press(office, "按当前数据计算得分")
    assert "考核结果已计算" in said(office)

    office.goto(f"/workbench/programmes/awards/{YEAR}/")
    office.get_by_label("奖补资金总额（元）").fill("500000")
    press(office, "保存资金和系数")
    assert f"已设定{YEAR}年度奖补资金500000.00元" in said(office)
    press(office, "按考核结果拟定分配方案")
    assert "请另一位管理员审定" in said(office)
    assert "吉首市" in office.locator("table").last.inner_text()

    second = first_log_in(browser, url, SECOND_OFFICE, "Peng-Li-2026a")
    second.goto(f"/workbench/programmes/awards/{YEAR}/")
    press(second, "审定分配方案")
    assert "分配方案已审定" in said(second)
    press(second, "公布分配结果")
    assert "分配结果已在政府信息公开专栏公布" in said(second)
    public.goto(f"/xxgk/yjdb/{YEAR}/")
    assert "吉首市" in said(public) and "500000.00" in said(public)

    # --- the targets page reflects the plan
    public.goto("/jd/targets/")
    row = public.get_by_role("row", name=re.compile("标准化建设年度计划落实"))
    assert re.search(r"\d+ / 8", row.inner_text()), row.inner_text()
    assert "0 / 8" not in row.inner_text()
    for p in (office, county, second, public):
        p.context.close()
