"""What staff and applicants read on the case pages: file types in words, 即办 for a limit of 0,
the promised date on the citizen's 我的 page, and the agent's form after an error (the filings
still listed, the error said once, beside its field)."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.cases import services
from zhengwu.cases.models import Case
from zhengwu.disclosure.requests import rules
from zhengwu.disclosure.requests import services as requests
from zhengwu.org.models import Agency

from .conftest import (
    PNG,
    file_at_window,
    file_online,
    make_item,
    pdf,
    person,
    required_files,
    text_of,
)

pytestmark = pytest.mark.django_db


def test_material_types_are_said_in_words(item, staff, as_user):
    optional = item.materials.get(required=False)
    files = required_files(item) | {
        optional.pk: SimpleUploadedFile("平面图.png", PNG, content_type="image/png")
    }
    case, _ = services.submit(
        item,
        by=staff["window"],
        channel=Case.WINDOW,
        applicant=person(),
        materials=files,
        idempotency_key="types",
    )
    html = as_user("window").get(f"/workbench/cases/{case.pk}/").content.decode()
    table = html[html.index("<caption>申请材料</caption>") :].split("</table>")[0]
    assert "application/pdf" not in table and "image/png" not in table
    assert table.count(">PDF</td>") == 2 and table.count(">图片</td>") == 1


def test_a_limit_of_0_reads_immediate_wherever_a_time_limit_is_shown(
    agency, staff, citizen, as_user
):
    item = make_item(agency, name="个体工商户名称自主申报", statutory=0, promised=0)
    item.steps.filter(code="accept").update(limit=0)
    case = file_at_window(item, staff["window"], dt.date.today(), key="immediate")
    detail = text_of(as_user("window").get(f"/workbench/cases/{case.pk}/").content.decode())
    assert "法定时限 / 承诺时限 即办 / 即办" in detail
    assert "受理 窗口工作人员 即办" in detail  # the step table: 环节, 角色, 时限
    assert " 0 " not in detail.split("办理环节")[1].split("审查")[0]
    apply = text_of(as_user(citizen.username).get(f"/zwfw/apply/{item.pk}/").content.decode())
    assert "法定办结时限：即办 · 承诺办结时限：即办" in apply
    staff_item = text_of(as_user("officer").get(f"/workbench/services/{item.pk}/").content.decode())
    assert (
        "法定时限：即办，承诺时限：即办" in staff_item
        and "受理（窗口工作人员，即办）" in staff_item
    )
    listing = as_user(citizen.username).get("/site/433101/zwfw/", {"q": item.name})
    row = text_of(listing.content.decode().split(f">{item.name}</a>", 1)[1].split("</tr>")[0])
    assert "即办" in row and " 0个" not in row


def my_rows(client) -> dict[str, str]:
    """The citizen's 我的办件 as they read it: the 承诺办结 cell of each case number."""
    html = client.get("/my/").content.decode()
    rows = re.findall(
        r'<a href="/zwfw/my/\d+/">(\d+)</a>.*?<td data-label="承诺办结">(.*?)</td>', html
    )
    return dict(rows)


def chinese(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_my_page_shows_the_promised_date_of_every_case(item, staff, citizen, as_user):
    waiting = file_online(item, citizen, "waiting")
    handling = file_online(item, citizen, "handling")
    done = file_online(item, citizen, "done")
    for case in (handling, done):
        services.accept(case, by=staff["window"])
    services.advance(done, opinion="同意", by=staff["officer"])
    services.advance(done, opinion="同意", by=staff["officer"])
    services.decide(done, approve=True, reason="", by=staff["head"])
    services.advance(done, opinion="已制证", by=staff["officer"])
    promised = Case.objects.get(pk=done.pk).due_date  # the promised date, before it is finished
    services.deliver(done, method="window", by=staff["window"])
    handling.refresh_from_db()
    done.refresh_from_db()
    assert done.status == Case.COMPLETED and done.due_date is None  # the 待办 copy is cleared
    rows = my_rows(as_user(citizen.username))
    assert rows[waiting.number] == "受理后确定"
    assert rows[handling.number] == chinese(handling.due_date)
    assert rows[done.number] == chinese(promised)
    # the case's own page says it too
    page = as_user(citizen.username).get(f"/zwfw/my/{done.pk}/").content.decode()
    assert "承诺办结日期" in page


def test_my_page_shows_the_due_date_of_a_disclosure_request(citizen, as_user):
    gov = Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)
    req, _ = requests.submit_online(
        gov,
        {
            "applicant_kind": rules.NATURAL,
            "applicant_name": citizen.real_name,
            "applicant_id_number": citizen.id_number,
            "applicant_phone": "13907430001",
            "subject": "2025年度部门预算公开文件",
        },
        by=citizen,
    )
    due = requests.answer_clock(req).due_date
    html = as_user(citizen.username).get("/my/").content.decode()
    row = html.split(f">{req.number}</a>")[1].split("</tr>")[0]
    assert f'<td data-label="答复期限">{chinese(due)}</td>' in row


KEYS = iter(range(1000))


def agent_form(item, village, **changes) -> dict:
    files = {f"material_{pk}": f for pk, f in required_files(item).items()}
    return (
        {
            "item": item.pk,
            "origin": village.code,
            "authorisation": pdf("授权委托书.pdf"),
            "summary": "在新桥社区开一家米粉店",
            "idempotency_key": f"agent-{next(KEYS)}",
        }
        | person()
        | files
        | changes
    )


def test_the_agents_form_keeps_the_filings_and_says_the_error_once(item, village_agent, as_user):
    agent, village = village_agent
    filings = [
        services.submit(
            item,
            by=agent,
            channel=Case.AGENT,
            applicant=person(),
            materials=required_files(item),
            idempotency_key=f"filed-{n}",
            origin=village,
            authorisation=pdf(),
        )[0]
        for n in range(2)
    ]
    client = as_user(agent.username)
    form = agent_form(item, village)
    del form["authorisation"]
    r = client.post("/workbench/cases/agent/", form)
    html = r.content.decode()
    assert r.status_code == 422
    assert all(c.number in html for c in filings) and "暂无办件" not in html
    assert html.count("请上传申请人签字的代办授权委托书") == 1
    assert 'id="authorisation" name="authorisation"' in html
    assert re.search(r'<input[^>]*id="authorisation"[^>]*aria-invalid="true"', html)
    assert 'value="在新桥社区开一家米粉店"' in html or "在新桥社区开一家米粉店</textarea>" in html
    # a wrong phone number: said once, beside the phone field, which is marked
    r = client.post("/workbench/cases/agent/", agent_form(item, village, applicant_phone="12"))
    html = r.content.decode()
    assert r.status_code == 422 and html.count("请填写正确的联系电话") == 1
    assert re.search(r'id="applicant_phone"[^>]*aria-invalid="true"', html)
    assert all(c.number in html for c in filings)
    # an error of no one field (a material missing): said once, above the form
    form = agent_form(item, village)
    del form[next(k for k in form if k.startswith("material_"))]
    html = client.post("/workbench/cases/agent/", form).content.decode()
    assert html.count("以下必要材料尚未上传") == 1 and 'aria-invalid="true"' not in html


def test_the_window_form_keeps_its_queue_after_an_error(item, staff, as_user):
    queued = file_at_window(item, staff["window"], dt.date.today(), key="queued")
    form = {
        "item": item.pk,
        "channel": "window",
        "idempotency_key": "bad",
        **person(),
        "applicant_name": "",
    }
    r = as_user("window").post("/workbench/cases/window/", form)
    html = r.content.decode()
    assert r.status_code == 422 and queued.number in html
    assert html.count("请填写申请人姓名或名称") == 1
