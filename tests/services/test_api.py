"""/api/v1/services/: public lists and guides, measures, staff actions, scoping, bad input."""

import pytest
from django.test import Client

from zhengwu.org.models import Agency
from zhengwu.services.models import Item

pytestmark = pytest.mark.django_db
API = "/api/v1/services"


def test_items_filters():
    c = Client()
    r = c.get(f"{API}/items", {"jurisdiction": "433101", "limit": 500}).json()
    assert r["count"] > 0 and all(i["jurisdiction"].startswith("433101") for i in r["results"])
    r = c.get(f"{API}/items", {"jurisdiction": "433100", "type": "01", "online": "false"}).json()
    assert r["count"] > 0
    assert all(i["item_type"] == "行政许可" and not i["online"] for i in r["results"])
    r = c.get(f"{API}/items", {"theme": "婚姻登记", "in_centre": "true", "limit": 500}).json()
    assert all("婚姻登记" in i["themes"] and i["in_centre"] for i in r["results"])
    usci = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管").usci
    r = c.get(f"{API}/items", {"agency": usci, "limit": 500}).json()
    assert r["count"] > 0 and {i["agency_usci"] for i in r["results"]} == {usci}


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"jurisdiction": "999999"}, 404, "unknown_jurisdiction"),
        ({"agency": "NOPE"}, 404, "unknown_agency"),
        ({"theme": "不存在"}, 422, "bad_theme"),
        ({"audience": "alien"}, 422, "bad_audience"),
        ({"limit": 0}, 422, "bad_limit"),
        ({"offset": -1}, 422, "bad_offset"),
        ({"online": "maybe"}, 422, "invalid_input"),
    ],
)
def test_items_bad_input(params, status, code):
    r = Client().get(f"{API}/items", params)
    assert r.status_code == status
    assert r.json()["code"] == code and r.json()["message"]


def test_item_detail_and_guide(make_item):
    item = make_item(
        fees=[{"name": "工本费", "standard": "10元", "basis": "依据X", "amount_yuan": "10"}]
    )
    d = Client().get(f"{API}/items/{item.pk}").json()
    assert d["name"] == item.name and d["state"] == "active"
    assert [m["name"] for m in d["materials"][0]["items"]] == ["申请书", "营业执照"]
    assert d["fees"] == [
        {
            "name": "工本费",
            "standard": "10元",
            "amount_yuan": "10.00",
            "basis": "依据X",
            "reducible": False,
        }
    ]
    assert [s["code"] for s in d["steps"]] == ["accept", "review", "decide"]
    g = Client().get(f"{API}/items/{item.pk}/guide").json()
    assert (
        g["statutory_limit"] == 20 and g["statutory_unit"] == "工作日" and g["promised_limit"] == 10
    )
    assert Client().get(f"{API}/items/99999999").status_code == 404


def test_measures_endpoint(make_item, village):
    make_item("甲", jurisdiction=village, online=True)
    make_item("乙", jurisdiction=village, online=False)
    r = Client().get(f"{API}/measures", {"jurisdiction": village.code, "per_agency": "true"}).json()
    assert r["measures"]["online"] | {} == {
        "label": "可网上办理事项比例",
        "numerator": 1,
        "denominator": 2,
        "rate": 0.5,
        "goal": 0.95,
    }
    assert len(r["agencies"]) == 1
    assert Client().get(f"{API}/measures", {"jurisdiction": "000000"}).status_code == 404
    assert Client().get(f"{API}/measures").status_code == 422
    empty = Client().get(f"{API}/measures", {"jurisdiction": ""})
    assert empty.status_code == 422 and empty.json()["code"] == "jurisdiction_required"
    whole = Client().get(f"{API}/measures", {"jurisdiction": "433100"}).json()["measures"]
    assert whole["online"]["denominator"] > 500


def test_staff_create_and_revise_via_api(as_user, agency):
    c = as_user("officer")
    body = {
        "agency_usci": agency.usci,
        "item_type": "01",
        "basic_code": "XK9999999000",
        "name": "食品经营许可（接口测试）",
        "visits": 1,
        "visit_reason": "核验原件",
        "result_name": "食品经营许可证",
        "materials": [{"name": "申请书"}],
        "fees": [{"name": "工本费", "standard": "10元"}],
        "steps": [{"order": 1, "code": "accept", "name": "受理", "role": "window_clerk"}],
    }
    r = c.post(f"{API}/items", body, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "fee_basis_required"
    body["fees"][0]["basis"] = "《行政许可法》第五十九条"
    r = c.post(f"{API}/items", body, content_type="application/json")
    assert r.status_code == 201, r.json()
    item_id = r.json()["id"]
    r = c.post(
        f"{API}/items/{item_id}/revise",
        {"visits": 0, "visit_reason": "", "online": False, "by_post": False},
        content_type="application/json",
    )
    assert r.status_code == 422 and "快递" in r.json()["message"]
    r = c.post(
        f"{API}/items/{item_id}/revise",
        {
            "promised_limit": 3,
            "steps": [
                {"order": 1, "code": "accept", "name": "受理", "role": "window_clerk"},
                {"order": 2, "code": "decide", "name": "决定", "role": "dept_head"},
            ],
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["version"] == 2
    new = Item.objects.get(pk=r.json()["id"])
    assert {s.flow_version for s in new.steps.all()} == {2}
    assert c.post(f"{API}/items", body, content_type="application/json").status_code == 409


def test_staff_api_scoping(as_user, make_item):
    item = make_item()
    fh, sup, citizen = (
        as_user("fh-supervisor"),
        as_user("supervisor"),
        as_user("433101198803140228"),
    )
    assert (
        fh.post(
            f"{API}/items/{item.pk}/cancel", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        sup.post(
            f"{API}/items/{item.pk}/cancel", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        citizen.post(
            f"{API}/items/{item.pk}/cancel", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        Client()
        .post(f"{API}/items/{item.pk}/cancel", {"reason": "x"}, content_type="application/json")
        .status_code
        == 401
    )
    assert fh.get(f"{API}/staff/items", {"limit": 500}).json()["count"] > 0
    assert all(
        i["jurisdiction"].startswith("433123")
        for i in fh.get(f"{API}/staff/items", {"limit": 500}).json()["results"]
    )
    assert citizen.get(f"{API}/staff/items").status_code == 403
    item.refresh_from_db()
    assert item.state == Item.ACTIVE


def test_claim_cancel_merge_cut_via_api(as_user, make_item):
    admin = as_user("admin")
    top = Item.objects.filter(
        jurisdiction__code="433100", state="active", agency__short_name="民政"
    ).first()
    county = Agency.objects.get(jurisdiction__code="433123", short_name="民政")
    r = admin.post(
        f"{API}/items/{top.pk}/claim", {"agency_usci": county.usci}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["agency_usci"] == county.usci
    assert r.json()["jurisdiction"] == "433123" and r.json()["basic_code"] == top.basic_code
    again = admin.post(
        f"{API}/items/{top.pk}/claim", {"agency_usci": county.usci}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "already_claimed"
    a, b = (
        make_item("甲"),
        make_item("乙", fees=[{"name": "登记费", "standard": "80元", "basis": "依据"}]),
    )
    fee = b.fees.get()
    assert (
        admin.post(
            f"{API}/items/{b.pk}/fees/{fee.pk}/cut",
            {"reason": "免收"},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert (
        admin.post(
            f"{API}/items/{a.pk}/merge", {"into": a.pk}, content_type="application/json"
        ).json()["code"]
        == "merge_into_self"
    )
    assert (
        admin.post(
            f"{API}/items/{a.pk}/merge", {"into": b.pk}, content_type="application/json"
        ).json()["state"]
        == "merged"
    )
    r = admin.post(
        f"{API}/items/{b.pk}/cancel",
        {"reason": "取消", "on": "2031-13-01"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert (
        admin.post(
            f"{API}/items/{b.pk}/cancel", {"reason": "取消"}, content_type="application/json"
        ).json()["state"]
        == "cancelled"
    )
    r = admin.get(f"{API}/cleanup", {"year": 2025, "jurisdiction": "433101"}).json()
    assert r["totals"]["merged"] == 1 and r["totals"]["cancelled"] == 2  # the demo's 2025 clean-up


def test_main_item_sub_item_handling_item(as_user, agency):
    c = as_user("officer")
    base = {"agency_usci": agency.usci, "item_type": "01", "visits": 1, "visit_reason": "核验"}
    main = c.post(
        f"{API}/items",
        base | {"basic_code": "XK7000000000", "name": "食品经营许可", "grain": "main"},
        content_type="application/json",
    ).json()
    sub = c.post(
        f"{API}/items",
        base
        | {
            "basic_code": "XK7000001000",
            "name": "食品经营许可（新办）",
            "grain": "sub",
            "parent_id": main["id"],
        },
        content_type="application/json",
    ).json()
    assert (sub["grain"], sub["parent_id"]) == ("sub", main["id"])
    leaf = c.post(
        f"{API}/items",
        base
        | {
            "basic_code": "XK7000001001",
            "name": "食品经营许可（新办·仅预包装）",
            "parent_id": sub["id"],
        },
        content_type="application/json",
    ).json()
    r = c.post(
        f"{API}/items",
        base | {"basic_code": "XK7000001002", "name": "x", "parent_id": leaf["id"]},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "bad_parent"
    assert (
        c.post(
            f"{API}/items",
            base | {"basic_code": "XK7000001003", "name": "x", "parent_id": 99999999},
            content_type="application/json",
        ).status_code
        == 404
    )
