import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.disclosure.archive.models import OfficialDocument
from zhengwu.org.models import Agency, Role, RoleAssignment, User


@pytest.fixture
def review_gov(db):
    """吉首市人民政府 (the demo's disclosure officer `disclosure` works here)."""
    return Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)


@pytest.fixture
def review_officer(db):
    return User.objects.get(username="disclosure")


@pytest.fixture
def review_outsider(db):
    """信息公开工作人员 of 凤凰县人民政府: another body's officer."""
    fh = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    user = User.objects.create(
        username="fh-xxgk-review",
        kind=User.STAFF,
        real_name="凤凰公开员",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.DISCLOSURE_OFFICER, agency=fh)
    return user


@pytest.fixture
def review_records(review_gov):
    """review_records(**fields) → a 公文 of 吉首市人民政府 (不予公开, §16 过程性信息, by default)."""
    made = []

    def _make(agency=None, **fields):
        agency = agency or review_gov
        n = len(made) + 1
        data = {
            "agency": agency,
            "scope_path": agency.scope_path,
            "issuing_body": agency.name,
            "doc_number": f"吉政发〔2024〕{n}号",
            "title": f"关于测试事项的通知（{n}）",
            "doc_type": "通知",
            "written_on": dt.date(2024, 5, 6),
            "attribute": OfficialDocument.WITHHELD,
            "withheld_ground": "s16_process",
        } | fields
        rec = OfficialDocument.objects.create(**data)
        made.append(rec)
        return rec

    return _make
