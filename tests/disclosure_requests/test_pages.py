"""Public pages, the applicant's own pages, the workbench, scoping and bad input (HTML)."""

import datetime as dt

import pytest

from zhengwu.core.pdf import cjk_font
from zhengwu.disclosure.requests import render, rules, services
from zhengwu.disclosure.requests.models import Request
from zhengwu.org.models import User

from .conftest import applicant

D = dt.date


def form(target, **extra):
    return {"agency": target.usci, "client_key": ""} | applicant() | extra


def test_apply_form_preselects_the_agency(client, gov):
    r = client.get(f"/xxgk/apply/?agency={gov.usci}")
    assert r.status_code == 200
    html = r.content.decode()
    assert f'value="{gov.usci}" selected' in html
    assert "csrfmiddlewaretoken" in html
    assert '<label for="applicant_id_number">' in html
    assert client.get(f"/site/433101/xxgk/apply/?agency={gov.usci}").status_code == 200


def test_apply_bad_id_number_keeps_input_and_says_why(client, gov):
    r = client.post(
        "/xxgk/apply/", form(gov, applicant_id_number="433101198001010000", subject="我要的文件")
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "居民身份证号校验码不正确" in html
    assert 'value="我要的文件"' in html
    assert not Request.objects.filter(subject="我要的文件").exists()


def test_apply_without_agency_is_422(client, gov):
    r = client.post("/xxgk/apply/", form(gov, agency=""))
    assert r.status_code == 422
    assert "请选择受理申请的机关" in r.content.decode()


def test_apply_then_track_with_masked_data(client, gov):
    r = client.post("/xxgk/apply/", form(gov, subject="乾州片区征收补偿方案"))
    assert r.status_code == 201
    req = Request.objects.get(subject="乾州片区征收补偿方案")
    assert req.channel == rules.ONLINE and req.received_on == services.today()
    code = r.context["query_code"]
    assert code in r.content.decode()
    bad = client.post("/xxgk/apply/track/", {"number": req.number, "query_code": "WRONG123"})
    assert bad.status_code == 404
    assert "申请编号或查询码不正确" in bad.content.decode()
    good = client.post("/xxgk/apply/track/", {"number": req.number, "query_code": code})
    html = good.content.decode()
    assert good.status_code == 200
    assert "李*" in html and "李四" not in html
    assert req.applicant_id_number not in html and "********" in html
    assert "13907439999" not in html and "139****9999" in html
    # 20 working days from today
    assert str(services.answer_clock(req).due_date) in html


def test_track_letter_after_answer(client, gov, officer):
    r = client.post("/xxgk/apply/", form(gov))
    req, code = Request.objects.latest("id"), r.context["query_code"]
    services.answer(req, outcome="withheld_secret", reason="属于国家秘密", by=officer)
    pdf = client.post(
        "/xxgk/apply/track/letter/", {"number": req.number, "query_code": code, "fmt": "pdf"}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.post(
        "/xxgk/apply/track/letter/", {"number": req.number, "query_code": code, "fmt": "docx"}
    )
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    wrong = client.post(
        "/xxgk/apply/track/letter/", {"number": req.number, "query_code": "X", "fmt": "pdf"}
    )
    assert wrong.status_code == 404


def test_letter_cites_the_articles(gov, officer, make):

    req = make(gov, officer, on=D(2025, 3, 3))
    services.answer(
        req, outcome="withheld_secret", reason="经保密审查", on=D(2025, 3, 20), by=officer
    )
    parts = render.letter_paragraphs(req)
    text = "".join(parts["body"])
    assert "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项" in text
    assert "2025年03月03日" in text and req.number in text
    assert parts["date"] == "2025年03月20日"
    import io

    from docx import Document

    doc = Document(io.BytesIO(render.letter_docx(req)))
    assert any("第三十六条第（三）项" in p.text for p in doc.paragraphs)


def test_citizen_sees_own_requests_only(as_user, gov):
    citizen = as_user("433101198803140228")
    r = citizen.post(
        "/xxgk/apply/", form(gov, applicant_name="张秀英", applicant_id_number="433101198803140228")
    )
    assert r.status_code == 201
    req = Request.objects.latest("id")
    assert req.account.username == "433101198803140228"
    assert req.number in citizen.get("/my/requests/").content.decode()
    assert citizen.get(f"/my/requests/{req.number}/").status_code == 200
    assert req.number in citizen.get("/my/").content.decode()
    other = as_user("433123199511020171")
    assert other.get(f"/my/requests/{req.number}/").status_code == 404
    assert req.number not in other.get("/my/requests/").content.decode()
    # A logged-in citizen cannot apply in someone else's name.
    r = other.post("/xxgk/apply/", form(gov))
    assert r.status_code == 422 and "本人" in r.content.decode()


def test_the_applicants_own_page_and_api_mask_id_and_phone(as_user, gov):
    """Issue 18 §2: /my/requests/<number>/ showed the full ID number and phone, and the API
    answered the owner 404."""
    citizen = as_user("433101198803140228")
    r = citizen.post(
        "/xxgk/apply/", form(gov, applicant_name="张秀英", applicant_id_number="433101198803140228")
    )
    assert r.status_code == 201
    req = Request.objects.latest("id")
    page = citizen.get(f"/my/requests/{req.number}/").content.decode()
    assert "433101198803140228" not in page and "433101********0228" in page
    assert "13907439999" not in page and "139****9999" in page
    assert "张秀英" in page and req.subject in page  # their own name and request, in full
    api = citizen.get(f"/api/v1/disclosure/requests/{req.number}")
    assert api.status_code == 200
    data = api.json()
    assert (data["number"], data["applicant_name"]) == (req.number, "张秀英")
    assert (data["applicant_id"], data["applicant_phone"]) == ("433101********0228", "139****9999")
    assert "433101198803140228" not in api.content.decode()
    other = as_user("433123199511020171").get(f"/api/v1/disclosure/requests/{req.number}")
    assert other.status_code == 404
    # the handler still reads it in full
    staff = as_user("disclosure").get(f"/api/v1/disclosure/requests/{req.number}").json()
    assert staff["applicant_id"] == "433101198803140228"


def test_workbench_list_and_scoping(as_user, gov, agency, officer, admin, make):
    mine = make(gov, officer, on=D(2026, 11, 2), n=41)
    theirs = make(agency, admin, on=D(2026, 11, 2), n=42)
    page = as_user("disclosure").get("/workbench/requests/").content.decode()
    assert mine.number in page and theirs.number not in page
    assert as_user("disclosure").get(f"/workbench/requests/{theirs.number}/").status_code == 404
    assert as_user("fh-supervisor").get(f"/workbench/requests/{mine.number}/").status_code == 404
    assert mine.number not in as_user("fh-supervisor").get("/workbench/requests/").content.decode()
    assert as_user("officer").get(f"/workbench/requests/{theirs.number}/").status_code == 404
    assert as_user("433101198803140228").get("/workbench/requests/").status_code == 403
    anonymous = __import__("django.test", fromlist=["Client"]).Client()
    assert anonymous.get("/workbench/requests/").status_code == 302
    # The 州 supervisor sees the request, with the applicant masked; the officer sees it whole.
    sup = as_user("supervisor").get(f"/workbench/requests/{mine.number}/").content.decode()
    assert "李*" in sup and mine.applicant_id_number not in sup
    full = as_user("disclosure").get(f"/workbench/requests/{mine.number}/").content.decode()
    assert mine.applicant_id_number in full
    # Supervisors read but do not act.
    r = as_user("supervisor").post(f"/workbench/requests/{mine.number}/review/")
    assert r.status_code == 403


def test_workbench_actions_and_bad_input(as_user, gov, officer, make):
    req = make(gov, officer, on=services.today(), n=43)
    c = as_user("disclosure")
    assert c.post(f"/workbench/requests/{req.number}/review/").status_code == 302
    r = c.post(f"/workbench/requests/{req.number}/answer/", {"outcome": "partial", "reason": ""})
    assert r.status_code == 422 and "该答复类型应当说明理由" in r.content.decode()
    # a consultation that is not a number is one that does not exist, not a server error
    r = c.post(
        f"/workbench/requests/{req.number}/reply/", {"consultation": "abc", "reply": "agree"}
    )
    assert r.status_code == 404 and "未找到该征求意见" in r.content.decode()
    r = c.post(
        f"/workbench/requests/{req.number}/answer/", {"outcome": "disclosed", "on": "2025-13-01"}
    )
    assert r.status_code == 422 and "日期格式不正确" in r.content.decode()
    r = c.post(
        f"/workbench/requests/{req.number}/answer/",
        {"outcome": "disclosed", "provided_otherwise": "现场查阅"},
    )
    assert r.status_code == 302
    req.refresh_from_db()
    assert req.outcome == "disclosed"
    assert c.get(f"/workbench/requests/{req.number}/letter.pdf").content.startswith(b"%PDF")


def test_workbench_register_from_fax(as_user, gov):
    c = as_user("disclosure")
    data = {
        "agency": gov.usci,
        "channel": rules.FAX,
        "arrived_on": "2026-11-02",
        "confirmed_on": "2026-11-03",
    }
    r = c.post("/workbench/requests/new/", data | applicant(n=44, subject="传真申请的文件"))
    assert r.status_code == 302
    req = Request.objects.get(subject="传真申请的文件")
    assert (req.received_on, req.receipt_basis) == (D(2026, 11, 3), "双方确认之日")
    r = c.post("/workbench/requests/new/", data | applicant(n=45) | {"confirmed_on": ""})
    assert r.status_code == 422 and "双方确认日期" in r.content.decode()


def test_workbench_panel_counts(as_user, gov, officer, make):
    make(gov, officer, on=services.today(), n=46)
    from zhengwu.disclosure.requests import panels

    panel = panels.staff_panel(User.objects.get(username="disclosure"))
    assert panel["todo"] >= 1 and panel["url"] == "/workbench/requests/"
    assert panels.staff_panel(User.objects.get(username="window")) is None
    assert "政府信息公开申请" in as_user("disclosure").get("/workbench/").content.decode()


@pytest.fixture
def published(fh_dept, admin, make):
    req = make(fh_dept, admin, on=D(2025, 3, 3), n=47)
    services.answer(
        req, outcome="disclosed", on=D(2025, 3, 20), provided_otherwise="现场查阅", by=admin
    )
    services.save_report(
        fh_dept,
        2025,
        overview="",
        problems="问题与改进",
        other_matters="",
        by=admin,
        penalty_decisions=0,
        enforcement_decisions=0,
    )
    services.publish_report(fh_dept, 2025, by=admin)
    return fh_dept


def test_annual_report_page_and_files(client, published, fh_gov):
    usci = published.usci
    r = client.get(f"/xxgk/{usci}/annual-report/")
    html = r.content.decode()
    assert r.status_code == 200
    for title in [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]:
        assert title in html
    assert html.index("一、总体情况") < html.index("六、其他需要报告的事项")
    assert 'rowspan="22"' in html and "3.危及“三安全一稳定”" in html
    assert "2026年1月31日" in html
    assert client.get(f"/site/433123/xxgk/{usci}/annual-report/2025/").status_code == 200
    pdf = client.get(f"/xxgk/{usci}/annual-report/2025/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (b"FontFile2" in pdf.content) == (cjk_font() == "ZhengwuCJK")  # embedded when installed
    xlsx = client.get(f"/xxgk/{usci}/annual-report/2025/xlsx/")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"/xxgk/{usci}/annual-report/2025/doc/").status_code == 404
    # Unpublished: nothing public; its editors see the draft.
    assert client.get(f"/xxgk/{fh_gov.usci}/annual-report/2025/").status_code == 404
    assert client.get(f"/xxgk/{fh_gov.usci}/annual-report/2025/pdf/").status_code == 404


def test_report_editing_in_the_workbench(as_user, fh_dept):
    admin = as_user("admin")
    url = f"/workbench/requests/reports/{fh_dept.usci}/2025/"
    assert admin.get(url).status_code == 200
    form = {"overview": "总体情况", "problems": "问题", "other_matters": "其他"}
    r = admin.post(url, form | {"penalty_decisions": "2", "enforcement_decisions": "0"})
    assert r.status_code == 302
    assert as_user("disclosure").get(url).status_code == 403
    assert as_user("fh-supervisor").get(url).status_code == 403
    r = admin.post(url, {"publish": "1"})
    assert r.status_code == 302
    page = as_user("admin").get("/workbench/requests/reports/?year=2025").content.decode()
    assert fh_dept.name in page
    # a year that is not a number falls back to last year's reports
    assert as_user("admin").get("/workbench/requests/reports/?year=abc").status_code == 200


def test_the_workbench_history_names_people_not_login_names(gov, officer, as_user):
    """办理记录 (issue 19 §2): was "disclosure" and the applicant's ID number (their login
    name); now the officer as 姓名（岗位，机关）, the applicant masked, actions in Chinese and
    times in 北京时间 to the second."""
    citizen = User.objects.get(username="433101198803140228")
    data = applicant(applicant_id_number=citizen.id_number, applicant_name=citizen.real_name)
    req, _ = services.submit_online(gov, data, by=citizen)
    services.review(req, by=officer)
    page = as_user("disclosure").get(f"/workbench/requests/{req.number}/")
    assert page.status_code == 200
    text = page.content.decode()
    history = text[text.index("<h2>办理记录</h2>") :]
    history = history[: history.index("</ul>")]
    masked = f"{citizen.real_name[0]}{'*' * (len(citizen.real_name) - 1)}（申请人）"
    assert f"{masked} 网上提交申请" in history
    assert f"{officer.real_name}（信息公开工作人员，{gov.name}） 开始审核" in history
    assert "disclosure" not in history and citizen.id_number not in history
    reviewed = services.audit.trail("disclosure_requests.request", req.pk).last()
    assert (
        f"{reviewed.at.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%d %H:%M:%S}" in history
    )
