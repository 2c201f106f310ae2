import datetime as dt
import io

import pytest
from django.utils import timezone

from zhengwu.disclosure.archive.models import OfficialDocument
from zhengwu.org.models import Agency, Role, RoleAssignment, User


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def gov(db):
    """吉首市人民政府 (the demo's 信息公开工作人员 works here)."""
    return Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)


@pytest.fixture
def fh_gov(db):
    return Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)


@pytest.fixture
def officer(db):
    return User.objects.get(username="disclosure")


@pytest.fixture
def admin(db):
    """政务公开办 over the whole 州."""
    return User.objects.get(username="admin")


@pytest.fixture
def fh_officer(fh_gov):
    """信息公开工作人员 of 凤凰县人民政府: another county."""
    user = User.objects.create(
        username="fh-archive",
        kind=User.STAFF,
        real_name="凤凰县公开员",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.DISCLOSURE_OFFICER, agency=fh_gov)
    return user


def elements(**extra) -> dict:
    """A 通知 as the register form posts it."""
    return {
        "issuing_body": "吉首市人民政府办公室",
        "doc_number": "吉政办发〔2025〕12号",
        "title": "吉首市人民政府办公室关于做好2025年防汛工作的通知",
        "main_recipients": "各乡镇人民政府，市直各单位",
        "doc_type": "通知",
        "written_on": "2025-03-05",
        "copied_to": "市委办",
        "printed_by": "吉首市人民政府办公室",
        "printed_on": "2025-03-06",
        "attribute": "on_request",
    } | extra


def secret(**extra) -> dict:
    base = {
        "secrecy": "confidential",
        "copy_number": "000012",
        "attribute": "withheld",
        "withheld_ground": "s14_secret",
    }
    return elements(**(base | extra))


def docx_bytes(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def review_records(gov):
    """review_records(**fields) → a 公文 of 吉首市人民政府 (不予公开, §16 过程性信息, by default)."""
    made = []

    def _make(agency=None, **fields):
        agency = agency or gov
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
