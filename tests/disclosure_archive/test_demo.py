import datetime as dt

import pytest

from zhengwu.disclosure.archive import demo, secrecy
from zhengwu.disclosure.archive.models import OfficialDocument

pytestmark = pytest.mark.django_db


def test_the_demo_mixes_the_attributes_and_has_a_secret_whose_term_has_run_out():
    demo.build()  # a second run (the test database has the demo) changes nothing
    demo.build()
    rows = OfficialDocument.objects.filter(agency__jurisdiction__code__in=["433101", "433123"])
    assert rows.count() == 2 * (demo.PER_BODY + 3)
    assert set(rows.values_list("attribute", flat=True)) == {"proactive", "on_request", "withheld"}
    old = rows.get(doc_number="吉政密〔2014〕3号")
    assert secrecy.release_date(old) == dt.date(2024, 5, 8)
    assert secrecy.released_by_law(old, dt.date(2026, 1, 1))
