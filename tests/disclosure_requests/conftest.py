import datetime as dt

import pytest

from zhengwu.disclosure.requests import rules, services
from zhengwu.disclosure.requests.models import AnnualReport
from zhengwu.org.demo import id_number, usci_for
from zhengwu.org.models import Agency, Role, RoleAssignment, User


@pytest.fixture
def gov(db):
    """吉首市人民政府 (the demo's disclosure officer works here)."""
    return Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)


@pytest.fixture
def officer(db):
    """信息公开工作人员 of 吉首市人民政府."""
    return User.objects.get(username="disclosure")


@pytest.fixture
def admin(db):
    """政务公开办 over the whole 州."""
    return User.objects.get(username="admin")


@pytest.fixture
def gov_head(gov):
    user = User.objects.create(username="xxgk-head-test", kind=User.STAFF, real_name="办公室主任")
    RoleAssignment.objects.create(user=user, role=Role.DEPT_HEAD, agency=gov)
    return user


def applicant(kind=rules.NATURAL, n=1, **extra):
    if kind == rules.NATURAL:
        ident, name = (
            id_number("433101", dt.date(1980, 1, 1) + dt.timedelta(days=n), n % 999 + 1),
            "李四",
        )
    else:
        ident, name = usci_for("433101", 600000 + n, registry="91"), f"测试单位{n}"
    return {
        "applicant_kind": kind,
        "applicant_name": name,
        "applicant_id_number": ident,
        "applicant_phone": "13907439999",
        "applicant_address": "湖南省吉首市乾州街道1号",
        "subject": "2024年度部门预算公开文件",
    } | extra


@pytest.fixture
def make(db):
    """make(agency, by, on=date, kind=..., n=...) → a request registered from a letter handed in."""

    def _make(agency, by, *, on=dt.date(2025, 3, 3), kind=rules.NATURAL, n=1, channel=rules.LETTER):
        dates = {"submitted_on": on}
        if channel == rules.REGISTERED_POST:
            dates = {"signed_for_on": on}
        req, code = services.register(agency, applicant(kind, n), channel=channel, by=by, **dates)
        req.query_code = code
        return req

    return _make


def _unwritten(agency: Agency) -> Agency:
    """The agency with no annual report yet: the demo publishes every body's 2024 and 2025
    reports (demo_reports), and these tests write and publish their own."""
    for report in AnnualReport.objects.filter(agency=agency):
        services.clock.clocks_of(report).delete()
        report.delete()
    return agency


@pytest.fixture
def fh_gov(db):
    """凤凰县人民政府: no demo requests and no report, so counts start from zero."""
    return _unwritten(Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT))


@pytest.fixture
def fh_dept(db):
    """凤凰县市场监督管理局: no demo requests and no report."""
    return _unwritten(Agency.objects.get(jurisdiction__code="433123", short_name="市场监管"))
