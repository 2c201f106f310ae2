import datetime as dt

import pytest

from zhengwu.core import clock as clocks
from zhengwu.org.models import Agency, ServiceCentre


@pytest.fixture
def make_clock(db):
    """A running clock of the given agency; its subject is a service centre (any model will do:
    supervision reads clocks of every app the same way)."""

    def make(agency, started_on, limit=20, purpose="行政许可承诺时限", subject=None):
        subject = subject or ServiceCentre.objects.filter(jurisdiction=agency.jurisdiction).first()
        return clocks.start(
            subject,
            purpose=purpose,
            started_on=started_on,
            limit=limit,
            jurisdiction_code="",
            scope_path=agency.scope_path,
            agency_id=agency.pk,
        )

    return make


@pytest.fixture
def fh_agency(db):
    return Agency.objects.get(jurisdiction__code="433123", short_name="市场监管")


D = dt.date
