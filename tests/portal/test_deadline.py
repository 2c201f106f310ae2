"""The deadline calculator, API and page: the law's vectors (domain-rules §8.3) through HTTP,
the explanation, the provisional flag, and every bad input as a 4xx in Chinese."""

import pytest

pytestmark = pytest.mark.django_db

# domain-rules §8.3 (national calendar; the day of receipt is not counted).
LAW_VECTORS = [
    ("2024-09-25", 20, "2024-10-28"),
    ("2025-01-20", 20, "2025-02-21"),
    ("2025-09-26", 20, "2025-10-30"),
    ("2025-09-26", 40, "2025-11-27"),  # 条例 §33: 20 + 20 extension
    ("2025-04-30", 7, "2025-05-14"),  # 条例 §30: 补正 notice within 7 working days
    ("2026-02-10", 20, "2026-03-16"),
    ("2026-09-18", 20, "2026-10-22"),
]


def api(client, **params):
    return client.get("/api/v1/calendar/deadline", params)


@pytest.mark.parametrize(("start", "n", "due"), LAW_VECTORS)
def test_api_gives_the_laws_due_dates(client, start, n, due):
    response = api(client, start=start, workdays=n)
    assert response.status_code == 200
    body = response.json()
    assert body["due_date"] == due
    assert body["provisional"] is False and body["note"] == ""


@pytest.mark.parametrize(("start", "n", "due"), LAW_VECTORS)
def test_page_gives_the_laws_due_dates(client, start, n, due):
    response = client.get("/tools/deadline/", {"start": start, "workdays": n})
    assert response.status_code == 200
    assert f'<span id="due-date">{due}</span>' in response.content.decode()


def test_api_explains_the_skipped_days(client):
    body = api(client, start="2025-09-26", workdays=20).json()
    skipped = {d["date"]: d["reason"] for d in body["skipped"]}
    assert skipped["2025-10-01"] == "国庆节" and skipped["2025-10-08"] == "国庆节"
    assert skipped["2025-09-27"] == "周六休息日"
    assert "2025-09-28" not in skipped  # a make-up Sunday counts
    assert {d["date"] for d in body["makeup_workdays"]} == {"2025-09-28", "2025-10-11"}
    assert "收到之日不计入" in body["convention"]


def test_page_explains_the_skipped_days(client):
    text = client.get("/tools/deadline/", {"start": "2025-09-26", "workdays": "20"}).content
    text = text.decode()
    assert "2025-10-01" in text and "国庆节" in text and "周六休息日" in text
    assert "调休上班" in text


def test_local_holiday_through_the_api(client):
    # 2024 州庆 (domain-rules §7.4): 9-18..9-20 off in Xiangxi, 9-22 a local make-up day.
    national = api(client, start="2024-09-13", workdays=4).json()
    xiangxi = api(client, start="2024-09-13", workdays=4, jurisdiction="433101").json()
    assert national["due_date"] == "2024-09-20"
    assert xiangxi["due_date"] == "2024-09-24"
    assert {"date": "2024-09-18", "reason": "州庆"} in xiangxi["skipped"]


@pytest.fixture
def unentered_2027_2028(db):
    from zhengwu.core import calendar
    from zhengwu.core.models import CalendarDay, CalendarYear

    CalendarYear.objects.filter(year__in=[2027, 2028]).delete()
    CalendarDay.objects.filter(date__year__in=[2027, 2028]).delete()
    calendar.invalidate()


def test_unpublished_year_is_provisional(client, unentered_2027_2028):
    body = api(client, start="2027-12-20", workdays=20).json()
    assert body["provisional"] is True
    assert "2028" in body["note"] and "全国年节及纪念日放假办法" in body["note"]
    # 元旦 2028 is a Saturday: its 补假 is not set, but it lies before the period's end.
    assert {"date": "2028-01-01", "reason": "元旦适逢周六"} in body["makeup_pending"]
    page = client.get("/tools/deadline/", {"start": "2027-12-20", "workdays": "20"})
    assert "暂算" in page.content.decode()


def test_the_laws_holidays_count_in_a_provisional_year(client, unentered_2027_2028):
    body = api(client, start="2026-12-07", workdays=20).json()
    assert body["due_date"] == "2027-01-05" and body["provisional"] is True
    assert {"date": "2027-01-01", "reason": "元旦"} in body["skipped"]
    assert body["makeup_pending"] == []
    page = client.get("/tools/deadline/", {"start": "2026-12-07", "workdays": "20"}).text
    assert '<span id="due-date">2027-01-05</span>' in page and 'id="makeup-pending"' not in page


def test_a_due_date_a_makeup_day_may_move_is_marked(client, unentered_2027_2028):
    body = api(client, start="2027-01-20", workdays=20).json()
    assert body["due_date"] == "2027-02-19"
    assert [d["date"] for d in body["makeup_pending"]] == ["2027-02-06", "2027-02-07"]
    assert "以国务院办公厅通知为准" in body["note"]
    page = client.get("/tools/deadline/", {"start": "2027-01-20", "workdays": "20"}).text
    assert 'id="makeup-pending"' in page and "待定补假" in page
    assert "春节（正月初一）适逢周六" in page


def test_zero_workdays_is_the_start_day(client):
    assert api(client, start="2025-10-04", workdays=0).json()["due_date"] == "2025-10-04"


BAD = [
    ("no start", {"workdays": "20"}, 422, "起算日期"),
    ("empty start", {"start": "", "workdays": "20"}, 422, "起算日期"),
    ("malformed date", {"start": "2025-13-45", "workdays": "20"}, 422, "格式不正确"),
    ("not a date", {"start": "昨天", "workdays": "20"}, 422, "格式不正确"),
    ("negative", {"start": "2025-09-26", "workdays": "-1"}, 422, "不能为负数"),
    ("not a number", {"start": "2025-09-26", "workdays": "二十"}, 422, "整数"),
    ("no number", {"start": "2025-09-26"}, 422, "整数"),
    ("too many", {"start": "2025-09-26", "workdays": "99999999"}, 422, "过大"),
    ("out of range", {"start": "1899-01-01", "workdays": "20"}, 422, "之间"),
    ("far future", {"start": "2099-12-30", "workdays": "20"}, 422, "超出"),
    (
        "unknown jurisdiction",
        {"start": "2025-09-26", "workdays": "20", "jurisdiction": "999999"},
        404,
        "不存在",
    ),
]


@pytest.mark.parametrize("case,params,status,words", BAD, ids=[b[0] for b in BAD])
def test_api_refuses_bad_input_in_chinese(client, case, params, status, words):
    response = api(client, **params)
    assert response.status_code == status
    body = response.json()
    assert words in body["message"] and body["code"]


# The page shows the empty form without a start and proposes 20 working days by default.
PAGE_BAD = [b for b in BAD if b[0] not in ("no start", "no number")]


@pytest.mark.parametrize("case,params,status,words", PAGE_BAD, ids=[b[0] for b in PAGE_BAD])
def test_page_refuses_bad_input_in_chinese(client, case, params, status, words):
    response = client.get("/tools/deadline/", params)
    assert response.status_code == status
    text = response.content.decode()
    assert words in text and 'role="alert"' in text


def test_page_without_a_start_is_the_empty_form(client):
    response = client.get("/tools/deadline/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<label for="start">' in text and 'id="due-date"' not in text
