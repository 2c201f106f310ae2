"""The schedule check (POST /api/v1/trading/schedule-check) with the law's own numbers
(domain-rules-trading-sites-archive §0–1): each rule's number, unit and article, the nearest
lawful date, 民法典 §§201–203 for 日, the calendar with 调休 for 工作日."""

import pytest

URL = "/api/v1/trading/schedule-check"


def check(client, kind, method, **dates):
    response = client.post(
        URL, {"kind": kind, "method": method, "dates": dates}, content_type="application/json"
    )
    assert response.status_code == 200, response.content.decode()
    return response.json()


def only(body, rule):
    found = [v for v in body["violations"] if v["rule"] == rule]
    assert len(found) == 1, body
    return found[0]


@pytest.mark.django_db
def test_tender_needs_20_days_from_documents_to_deadline(client):
    # 招标投标法 §24 + 民法典 §201: issued 2025-03-03 → the earliest deadline is 2025-03-23
    ok = check(client, "engineering", "open_tender",
               documents_issued="2025-03-03", bid_deadline="2025-03-24")  # fmt: skip
    assert ok == {"ok": True, "violations": []}
    bad = check(client, "engineering", "open_tender",
                documents_issued="2025-03-03", bid_deadline="2025-03-22")  # fmt: skip
    assert bad["ok"] is False
    v = only(bad, "T3")
    assert v["field"] == "bid_deadline"
    assert v["earliest"] == "2025-03-23" and v["latest"] is None
    assert "招标投标法》第二十四条" in v["article"]
    assert v["level"] == "refuse"


@pytest.mark.django_db
def test_amendment_15_days_before_the_deadline(client):
    body = check(client, "engineering", "open_tender", documents_issued="2025-03-03",
                 amendment_issued="2025-03-10", bid_deadline="2025-03-24")  # fmt: skip
    v = only(body, "T4")
    assert (v["field"], v["earliest"]) == ("bid_deadline", "2025-03-25")
    assert "第二十三条" in v["article"] and "实施条例》第二十一条" in v["article"]


@pytest.mark.django_db
def test_candidates_within_3_days_of_the_report_and_shown_3_days(client):
    body = check(client, "engineering", "open_tender", report_received="2026-12-07",
                 candidates_published="2026-12-11", publicity_ends="2026-12-13")  # fmt: skip
    late = only(body, "T11")
    assert (late["field"], late["latest"]) == ("candidates_published", "2026-12-10")
    short = only(body, "T11A")
    assert (short["field"], short["earliest"]) == ("publicity_ends", "2026-12-14")
    assert "第五十四条" in short["article"]


@pytest.mark.django_db
def test_contract_within_30_days_moves_off_the_national_day(client):
    # 30 日 from 2026-09-01 is 10-01, in the 国庆 holiday: the period ends on 10-08 (民法典 §203)
    assert check(client, "engineering", "open_tender",
                 award_notice="2026-09-01", contract_signed="2026-10-08")["ok"]  # fmt: skip
    body = check(client, "engineering", "open_tender",
                 award_notice="2026-09-01", contract_signed="2026-10-09")  # fmt: skip
    v = only(body, "T15")
    assert (v["field"], v["earliest"], v["latest"]) == (
        "contract_signed", "2026-09-01", "2026-10-08")  # fmt: skip


@pytest.mark.django_db
def test_procurement_contract_published_within_2_working_days(client):
    # signed Wed 2026-09-30; 10-01…10-07 off, 10-08 and 10-09 are the 2 工作日 (10-10 is a
    # make-up working Saturday, the third): the latest is 10-09
    assert check(client, "procurement", "open_tender",
                 contract_signed="2026-09-30", contract_published="2026-10-09")["ok"]  # fmt: skip
    body = check(client, "procurement", "open_tender",
                 contract_signed="2026-09-30", contract_published="2026-10-10")  # fmt: skip
    v = only(body, "P17")
    assert (v["field"], v["latest"]) == ("contract_published", "2026-10-09")
    assert "政府采购法实施条例》第五十条" in v["article"]


@pytest.mark.django_db
def test_procurement_methods_count_their_own_periods(client):
    # 公开招标 20 日 (政府采购法 §35); 竞争性磋商 10 日 (财库〔2014〕214号 §10);
    # 询价 3 个工作日 (74号令): issued Fri 12-04 → Mon 12-07, Tue 12-08, Wed 12-09
    assert only(check(client, "procurement", "open_tender", documents_issued="2026-12-04",
                      bid_deadline="2026-12-20"), "P2")["earliest"] == "2026-12-24"  # fmt: skip
    assert only(check(client, "procurement", "competitive_consultation",
                      documents_issued="2026-12-04", bid_deadline="2026-12-11"),
                "P9")["earliest"] == "2026-12-14"  # fmt: skip
    assert only(check(client, "procurement", "inquiry", documents_issued="2026-12-04",
                      bid_deadline="2026-12-08"), "P8")["earliest"] == "2026-12-09"  # fmt: skip
    assert check(client, "procurement", "inquiry", documents_issued="2026-12-04",
                 bid_deadline="2026-12-09")["ok"]  # fmt: skip


@pytest.mark.django_db
def test_result_within_2_working_days_of_confirmation(client):
    body = check(client, "procurement", "open_tender",
                 result_confirmed="2026-12-04", result_published="2026-12-09")  # fmt: skip
    assert only(body, "P13")["latest"] == "2026-12-08"


@pytest.mark.django_db
def test_land_listing_10_working_days_after_20_days_notice(client):
    body = check(client, "land", "listing", announced="2026-11-20",
                 listing_starts="2026-12-07", listing_ends="2026-12-18")  # fmt: skip
    assert only(body, "L1")["earliest"] == "2026-12-10"
    assert only(body, "L2")["earliest"] == "2026-12-21"


@pytest.mark.django_db
def test_property_disclosure_20_working_days(client):
    body = check(client, "property", "transfer",
                 disclosure_starts="2026-12-01", disclosure_ends="2026-12-28")  # fmt: skip
    v = only(body, "R1")
    assert (v["field"], v["earliest"]) == ("disclosure_ends", "2026-12-29")
    assert "第32号" in v["article"] and "第十三条" in v["article"]


@pytest.mark.django_db
def test_a_deadline_on_a_sunday_only_warns(client):
    body = check(client, "engineering", "open_tender",
                 documents_issued="2026-11-20", bid_deadline="2026-12-13")  # fmt: skip
    assert body["ok"] is True
    v = only(body, "T9")
    assert (v["level"], v["field"], v["earliest"]) == ("warn", "bid_deadline", "2026-12-14")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload, field, words",
    [
        ({"kind": "engineering", "method": "open_tender", "dates": {"bid_date": "2026-12-01"}},
         "bid_date", "不是工程建设项目招标投标的日期名称"),
        ({"kind": "engineering", "method": "open_tender", "dates": {"bid_deadline": "12/1/2026"}},
         "bid_deadline", "不是有效日期"),
        ({"kind": "mining", "method": "open_tender", "dates": {}}, "kind", "交易类型应为"),
        ({"kind": "land", "method": "open_tender", "dates": {}}, "method", "挂牌出让"),
    ],
)  # fmt: skip
def test_unknown_names_and_bad_dates_are_422_in_chinese(client, payload, field, words):
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == field and words in body["message"]


@pytest.mark.django_db
def test_the_rules_are_public_rows_with_their_units(client):
    rows = {r["code"]: r for r in client.get("/api/v1/trading/rules").json()}
    assert (rows["T3"]["number"], rows["T3"]["unit"], rows["T3"]["amount"]) == (20, "days", "20日")
    assert (rows["P17"]["number"], rows["P17"]["unit"]) == (2, "workdays")
    assert rows["L2"]["verified"] is False
