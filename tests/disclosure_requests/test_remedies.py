"""行政复议 / 行政诉讼 against an answer: filed, then its outcome recorded on the request's
workbench page or through the API, and counted in table 四 of the annual report (国办公开办函
〔2021〕30号: 结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计 per group)."""

import datetime as dt
import json

from zhengwu.core.models import AuditEvent
from zhengwu.disclosure.requests import services
from zhengwu.disclosure.requests.models import Remedy

API = "/api/v1/disclosure/requests"
D = dt.date
REVIEW = "行政复议"
SUIT = "行政诉讼/未经复议直接起诉"


def answered(fh_dept, admin, make, n):
    """凤凰县市场监管 (no demo requests): a request answered 不予公开 (过程性信息) in 2025."""
    req = make(fh_dept, admin, on=D(2025, 2, 3), n=n)
    services.answer(req, outcome="withheld_process", reason="过程稿", on=D(2025, 2, 20), by=admin)
    return req


def table4(client, agency) -> dict:
    r = client.get(f"{API}/annual-report?agency={agency.usci}&year=2025")
    assert r.status_code == 200
    return r.json()["table4"]


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_outcome_recorded_on_the_page_moves_table_four(as_user, fh_dept, admin, make):
    req = answered(fh_dept, admin, make, 81)
    page_url = f"/workbench/requests/{req.number}/"
    office = as_user("admin")  # 政务公开办 of the 州
    r = office.post(
        f"{page_url}remedy/", {"kind": "reconsideration", "filed_on": "2025-03-10", "note": "1号"}
    )
    assert r.status_code == 302
    assert table4(office, fh_dept)[REVIEW] == {
        "结果维持": 0,
        "结果纠正": 0,
        "其他结果": 0,
        "尚未审结": 1,
        "总计": 1,
    }
    remedy = req.remedies.get()
    page = office.get(page_url).content.decode()
    assert "登记审结结果" in page and "撤销、变更答复" in page
    assert '<option value="pending"' not in page.split("登记审结结果")[1].split("</form>")[0]

    decide = f"{page_url}remedy-decide/"
    r = office.post(decide, {"remedy": remedy.pk, "result": "corrected", "decided_on": ""})
    assert r.status_code == 422
    text = r.content.decode()
    assert "请填写日期" in text and '<option value="corrected" selected>' in text
    r = office.post(
        decide, {"remedy": remedy.pk, "result": "corrected", "decided_on": "2025-03-01"}
    )
    assert r.status_code == 422 and "审结日期不能早于申请或起诉日期" in r.content.decode()
    assert 'value="2025-03-01"' in r.content.decode()
    r = office.post(decide, {"remedy": "x1", "result": "corrected", "decided_on": "2025-05-20"})
    assert r.status_code == 404

    r = office.post(
        decide,
        {"remedy": remedy.pk, "result": "corrected", "decided_on": "2025-05-20"},
        follow=True,
    )
    assert "已登记审结结果，计入该年度报告表四。" in r.content.decode()
    remedy.refresh_from_db()
    assert (remedy.result, remedy.decided_on) == (Remedy.CORRECTED, D(2025, 5, 20))
    assert table4(office, fh_dept)[REVIEW] == {
        "结果维持": 0,
        "结果纠正": 1,
        "其他结果": 0,
        "尚未审结": 0,
        "总计": 1,
    }
    event = AuditEvent.objects.filter(action="disclosure_request.remedy_decided").latest("id")
    assert event.before["result"] == "pending" and event.after["result"] == "corrected"

    again = office.post(
        decide, {"remedy": remedy.pk, "result": "upheld", "decided_on": "2025-06-01"}
    )
    assert again.status_code == 409 and "已登记审结结果" in again.content.decode()
    assert "登记审结结果</legend>" not in office.get(page_url).content.decode()


def test_outcome_through_the_api_and_its_scope(as_user, fh_dept, admin, make):
    req = answered(fh_dept, admin, make, 82)
    office = as_user("admin")
    r = post(
        office, f"{API}/{req.number}/remedy", {"kind": "direct_suit", "filed_on": "2025-04-01"}
    )
    assert r.status_code == 200
    [filed] = r.json()["remedies"]
    assert (filed["kind_label"], filed["result_label"]) == (
        "行政诉讼（未经复议直接起诉）",
        "尚未审结",
    )
    url = f"{API}/{req.number}/remedy-decide"

    # 吉首市's disclosure officer does not see a 凤凰县 request at all
    other = post(as_user("disclosure"), url, {"remedy_id": filed["id"], "result": "upheld"})
    assert other.status_code == 404
    r = post(office, url, {"remedy_id": filed["id"], "decided_on": "2025-09-01"})
    assert r.status_code == 422 and r.json()["message"] == "请选择审结结果：维持、纠正或其他结果"
    r = post(office, url, {"remedy_id": filed["id"], "result": "upheld"})
    assert r.status_code == 422 and r.json()["field"] == "decided_on"
    r = post(office, url, {"remedy_id": 0, "result": "upheld", "decided_on": "2025-09-01"})
    assert r.status_code == 404 and r.json()["message"] == "未找到该行政复议或诉讼记录"

    r = post(
        office, url, {"remedy_id": filed["id"], "result": "upheld", "decided_on": "2025-09-01"}
    )
    assert r.status_code == 200
    [decided] = r.json()["remedies"]
    assert (decided["result_label"], decided["decided_on"]) == ("结果维持", "2025-09-01")
    t4 = table4(office, fh_dept)
    assert t4[SUIT] == {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 1}
    assert t4[REVIEW]["总计"] == 0
    r = post(office, url, {"remedy_id": filed["id"], "result": "other", "decided_on": "2025-09-02"})
    assert r.status_code == 409
