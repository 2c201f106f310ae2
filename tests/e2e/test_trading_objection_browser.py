"""异议 and 投诉 of a works tender from an empty platform, in the browser: the office adds
吉首市住房和城乡建设局 (the 招标人) and 吉首市发展和改革局 (the 行政监督部门), each with an
officer; the tender is brought to its candidates' 公示 through the services (in a process of its
own on the server's database, as an import would); an enterprise registers, files an 异议 on
the candidates' notice, the officer answers it, the enterprise complains, and the supervising
officer accepts and decides. The messages say what comes next and by when."""

import re

from zhengwu.org.demo import usci_for

from .conftest import (
    OFFICE_ADMIN,
    first_log_in,
    log_in,
    new_page,
    office_adds_agency,
    office_adds_staff,
    run_on_server,
)

BODY = "吉首市住房和城乡建设局"
SUPERVISOR = "吉首市发展和改革局"
PREPARE = """
from tests.trading.objection_data import live_candidates
from zhengwu.org.models import Agency, User
body = Agency.objects.get(name="吉首市住房和城乡建设局")
supervisor = Agency.objects.get(name="吉首市发展和改革局")
p, notice = live_candidates(User.objects.get(username="zj-officer"), body, supervisor)
print(notice.pk)
"""


def _submit(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_an_objection_answered_and_a_complaint_decided(browser, empty_server_url, empty_server_var):
    url = empty_server_url
    office = log_in(browser, url, OFFICE_ADMIN)
    office_adds_agency(office, BODY, usci_for("433101", 9811), "433101")
    office_adds_agency(office, SUPERVISOR, usci_for("433101", 9812), "433101")
    office_adds_staff(office, "zj-officer", "住建局经办人", "部门经办人", BODY)
    office_adds_staff(office, "fg-officer", "发改局经办人", "部门经办人", SUPERVISOR)
    notice_id = int(run_on_server(empty_server_var, PREPARE).strip().splitlines()[-1])

    # an enterprise registers and files an 异议 on the candidates' notice
    ent = new_page(browser, url)
    ent.goto(f"/ggzy/gg/{notice_id}/yy/")
    assert "/accounts/login/" in ent.url  # login first, then back here
    ent.goto("/accounts/register/")
    ent.get_by_label("注册类型").select_option("enterprise")
    ent.get_by_label("姓名/单位名称").fill("湖南湘西路桥建设有限公司")
    ent.get_by_label("统一社会信用代码").fill(usci_for("433101", 8802, registry="91"))
    ent.get_by_label("手机号").fill("13974305678")
    ent.get_by_label("密码", exact=True).fill("Luqiao#Jianshe2026")
    _submit(ent, "注册")
    assert "注册成功" in ent.content(), ent.content()[:2000]
    ent.goto(f"/ggzy/gg/{notice_id}/yy/")
    text = ent.inner_text("main")
    assert "提出期限" in text and "第五十四条" in text
    ent.get_by_label("异议事项（必填）").fill("第一中标候选人项目经理有在建项目")
    ent.get_by_label("异议内容和理由（必填）").fill("其项目经理同时担任另一在建工程项目经理。")
    ent.get_by_label("联系人").fill("彭立新")
    _submit(ent, "提交异议")
    text = ent.inner_text("main")
    assert "异议已提交，项目已依法暂停" in text and "139****5678" in text
    due = re.search(r"应于(\d{4}年\d{1,2}月\d{1,2}日)前答复", text).group(1)
    mine_url = ent.url

    # the 招标人's officer answers in the workbench
    officer = first_log_in(browser, url, "zj-officer", "Zhujian-Jingban-2026")
    officer.goto("/workbench/")
    assert "交易异议（质疑）" in officer.content()
    officer.goto("/workbench/trading/objections/")
    assert due in officer.content()
    officer.get_by_role("link", name=re.compile("第一中标候选人项目经理有在建项目")).click()
    officer.wait_for_load_state()
    assert "13974305678" in officer.content()  # in full for the answering officer
    officer.get_by_label("答复内容（必填）").fill("经核查，该项目经理的在建项目已于上月竣工验收。")
    _submit(officer, "答复")
    assert "已答复，项目暂停已解除" in officer.inner_text("main")

    # the enterprise reads the answer and complains to the 发改局
    ent.goto(mine_url)
    assert "已于上月竣工验收" in ent.inner_text("main")
    ent.get_by_label("投诉事项和主张（必填）").fill("请求责令招标人重新核查第一中标候选人资格")
    ent.get_by_label("事实和理由（必填）").fill("竣工验收材料未公开，答复依据不足。")
    _submit(ent, "提交投诉")
    text = ent.inner_text("main")
    assert f"投诉已提交{SUPERVISOR}" in text and "前决定是否受理" in text

    # the supervising officer accepts, then decides
    sup = first_log_in(browser, url, "fg-officer", "Fagai-Jingban-2026")
    sup.goto("/workbench/")
    assert "交易投诉" in sup.content()
    sup.goto("/workbench/trading/complaints/")
    sup.get_by_role("link", name="吉首市乾州片区排水管网改造工程").click()
    sup.wait_for_load_state()
    _submit(sup, "受理")
    text = sup.inner_text("main")
    assert re.search(r"已受理，应于\d{4}年\d{1,2}月\d{1,2}日前作出处理决定", text), text
    sup.get_by_label("处理决定（必填）").fill("经调查，投诉缺乏事实根据，驳回投诉。")
    sup.get_by_label("处理依据（必填）").fill("《中华人民共和国招标投标法实施条例》第六十一条")
    _submit(sup, "作出处理决定")
    assert "已作出处理决定" in sup.inner_text("main")
    ent.goto("/ggzy/wode/")
    ent.get_by_role("link", name="吉首市乾州片区排水管网改造工程").click()
    ent.wait_for_load_state()
    assert "驳回投诉" in ent.inner_text("main")
