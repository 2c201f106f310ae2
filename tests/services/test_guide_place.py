"""A guide does not contradict itself: an item not stationed in the 政务服务中心 is not handled
at a window there (issue 19 §4: “是否进驻政务服务中心：否” beside “办理地点：政务服务中心住建窗口”)."""

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from zhengwu.core.errors import Invalid
from zhengwu.services import services, transfer
from zhengwu.services.models import Item

pytestmark = pytest.mark.django_db

REFUSED = "未进驻政务服务中心的事项，办理地点不能是政务服务中心的窗口"


def _guide_says(html: str, term: str) -> str:
    return re.search(rf"<dt>{term}</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)


def test_no_demo_guide_contradicts_itself():
    items = Item.objects.filter(state=Item.ACTIVE)
    outside = items.filter(in_centre=False)
    assert outside.count() >= 20  # about 7% of the demo's items
    assert not outside.filter(location__contains="政务服务中心").exists()
    assert items.filter(in_centre=True, location__contains="政务服务中心").exists()
    # as the public reads it: 否, and the body's own office
    item = outside.filter(jurisdiction__level="county").select_related("agency").first()
    html = Client().get(f"/zwfw/guide/{item.pk}/").content.decode()
    assert _guide_says(html, "是否进驻政务服务中心") == "否"
    assert item.agency.name in html and f"{item.agency.name}（{item.agency.address}）" in html


def test_the_rule_refuses_an_item_outside_the_centre_at_a_centre_window(make_item):
    with pytest.raises(Invalid) as e:
        make_item(in_centre=False, location="吉首市政务服务中心住建窗口")
    assert REFUSED in e.value.message and e.value.field == "location"
    make_item(in_centre=False, location="吉首市市场监督管理局（吉首行政中心12号楼）")
    make_item(in_centre=True, location="吉首市政务服务中心市场监管窗口")
    with pytest.raises(Invalid):
        services.validate_item(
            {f: getattr(make_item("食品生产许可"), f) for f in services.EDITABLE}
            | {"in_centre": False, "location": "吉首政务服务大厅3号窗口"}
        )


def test_the_editor_refuses_it_and_keeps_what_was_entered(as_user, make_item):
    item = make_item(location="吉首市政务服务中心市场监管窗口")
    form = {
        "name": item.name,
        "statutory_limit": "20",
        "statutory_unit": "workdays",
        "promised_limit": "10",
        "promised_unit": "workdays",
        "case_kind": "promised",
        "visits": "1",
        "visit_reason": "核验原件",
        "effective_on": "2031-04-01",
        "by_window": "on",
        "location": "吉首市政务服务中心市场监管窗口",
    }  # “进驻政务服务中心” unticked
    r = as_user("officer").post(f"/workbench/services/{item.pk}/edit/", form)
    assert r.status_code == 422
    text = r.content.decode()
    assert text.count(REFUSED) == 1 and 'value="吉首市政务服务中心市场监管窗口"' in text
    assert not Item.objects.filter(previous=item).exists()


def test_the_importer_refuses_it_by_sheet_and_line(make_item, village, admin_user):
    make_item("食品经营许可（导入测试）", jurisdiction=village, location="某某便民服务中心")
    wb = load_workbook(io.BytesIO(transfer.export(village)))
    ws = wb["事项"]
    head = [c.value for c in ws[1]]
    ws.cell(2, head.index("进驻政务服务中心") + 1).value = "否"
    ws.cell(2, head.index("办理地点") + 1).value = "吉首市政务服务中心住建窗口"
    out = io.BytesIO()
    wb.save(out)
    report = transfer.load(out.getvalue(), by=admin_user)
    assert report.revised == 0
    assert [(sheet, line) for sheet, line, _ in report.errors] == [("事项", 2)]
    assert REFUSED in report.errors[0][2]
