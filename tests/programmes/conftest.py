"""The programmes' fixtures: the demo's 州政务公开办 (`admin`), county offices made for a test
(古丈县 and 永顺县, which the demo's programmes leave alone), a second 州 officer, and files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Jurisdiction, Role, RoleAssignment, ServiceCentre, User

GUZHANG, YONGSHUN = "433126", "433127"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def staff(username: str, role: str = Role.OPENNESS_ADMIN, code: str = GUZHANG) -> User:
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        kind=User.STAFF,
        real_name=username,
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(
        user=user, role=role, jurisdiction=Jurisdiction.objects.get(code=code)
    )
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["zw_otp_ok"] = True
    session.save()
    return client


def pdf(name="方案.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name="现场.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db) -> User:
    return User.objects.get(username="admin")


@pytest.fixture
def office2(db) -> User:
    return staff("zhou-office-2", code="433100")


@pytest.fixture
def guzhang_admin(db) -> User:
    return staff("guzhang-office")


@pytest.fixture
def yongshun_admin(db) -> User:
    return staff("yongshun-office", code=YONGSHUN)


@pytest.fixture
def guzhang(db) -> Jurisdiction:
    return Jurisdiction.objects.get(code=GUZHANG)


@pytest.fixture
def gz_centre(db) -> ServiceCentre:
    """古丈县政务服务中心: all five standards met in the demo."""
    return ServiceCentre.objects.get(name="古丈县政务服务中心")


@pytest.fixture
def gz_township(db) -> ServiceCentre:
    """古阳镇便民服务中心: no standard met yet."""
    return ServiceCentre.objects.get(name="古阳镇便民服务中心")


@pytest.fixture
def ys_centre(db) -> ServiceCentre:
    return ServiceCentre.objects.get(name="永顺县政务服务中心")
