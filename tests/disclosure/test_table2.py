"""Table 二 of the annual report (国办公开办函〔2021〕30号), computed from documents."""

import datetime as dt

import pytest

from zhengwu.disclosure import services
from zhengwu.disclosure.models import Document
from zhengwu.disclosure.queries import annual_table2

pytestmark = pytest.mark.django_db

ROWS = [
    "第二十条第（一）项/规章",
    "第二十条第（一）项/行政规范性文件",
    "第二十条第（五）项/行政许可",
    "第二十条第（六）项/行政处罚",
    "第二十条第（六）项/行政强制",
    "第二十条第（八）项/行政事业性收费",
]


def publish(make_doc, officer, created, genre="行政规范性文件"):
    doc = services.submit(make_doc(created_on=created, genre=genre, column="g20-01"), by=officer)
    return services.publish(doc, by=officer, on=created + dt.timedelta(days=3))


def test_rows_and_columns_are_the_official_labels(jishou_gov):
    table = annual_table2([jishou_gov.pk], 2025)
    assert list(table) == ROWS
    assert list(table["第二十条第（一）项/规章"]) == [
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert list(table["第二十条第（五）项/行政许可"]) == ["本年处理决定数量"]
    assert list(table["第二十条第（八）项/行政事业性收费"]) == ["本年收费金额（单位：万元）"]


def test_made_repealed_and_in_force_counts(make_doc, officer, fenghuang_gov, fh_officer):
    agency = fenghuang_gov
    before = annual_table2([agency.pk], 2025)["第二十条第（一）项/行政规范性文件"]

    def make(**kw):
        return make_doc(agency=agency, by=fh_officer, **kw)

    a = publish(make, fh_officer, dt.date(2024, 3, 1))  # made 2024, repealed 2025
    b = publish(make, fh_officer, dt.date(2025, 2, 3))  # made 2025, in force
    publish(make, fh_officer, dt.date(2025, 6, 2))  # made 2025, in force
    c = publish(
        make, fh_officer, dt.date(2025, 7, 1)
    )  # made 2025, repealed 2026 → in force at 2025's end
    publish(make, fh_officer, dt.date(2025, 8, 1), genre="规章")
    services.change_validity(
        a, Document.REPEALED, "被替代", by=fh_officer, replaced_by=b, on=dt.date(2025, 5, 1)
    )
    services.change_validity(
        c, Document.EXPIRED, "有效期届满", by=fh_officer, on=dt.date(2026, 7, 1)
    )
    withdrawn = publish(make, fh_officer, dt.date(2025, 9, 1))
    services.withdraw(withdrawn, "误发", by=fh_officer)
    draft = make(created_on=dt.date(2025, 9, 1), genre="行政规范性文件")
    assert draft.status == "draft"

    table = annual_table2([agency.pk], 2025)
    row = table["第二十条第（一）项/行政规范性文件"]
    assert row["本年制发件数"] - before["本年制发件数"] == 3
    assert row["本年废止件数"] - before["本年废止件数"] == 1
    assert row["现行有效件数"] - before["现行有效件数"] == 3  # b, the June one and c
    assert table["第二十条第（一）项/规章"]["本年制发件数"] >= 1
    assert (
        annual_table2([agency.pk], 2026)["第二十条第（一）项/行政规范性文件"]["本年废止件数"] >= 1
    )
    assert table["第二十条第（五）项/行政许可"] == {"本年处理决定数量": 0}


def test_government_total_is_the_sum_of_its_agencies(prefecture_gov):
    ids = [prefecture_gov.pk, *prefecture_gov.children.values_list("pk", flat=True)]
    whole = annual_table2(ids, 2025)
    parts = [annual_table2([i], 2025) for i in ids]
    for path in ROWS[:2]:
        for column in ("本年制发件数", "本年废止件数", "现行有效件数"):
            assert whole[path][column] == sum(p[path][column] for p in parts)
    assert (
        whole["第二十条第（一）项/行政规范性文件"]["本年废止件数"] >= 1
    )  # the demo repeals in 2025
