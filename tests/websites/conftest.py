"""The sites' fixtures: the demo's township clerk (峒河街道), the 吉首 disclosure officer, staff
made for a test, and an article in each state."""

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Jurisdiction, Role, RoleAssignment, User
from zhengwu.websites import services
from zhengwu.websites.models import Site

DONGHE = "433101002"  # 吉首市峒河街道: the demo's township clerk works here
QIANZHOU = "433101004"  # 吉首市乾州街道: another township of 吉首


def u(username: str) -> User:
    return User.objects.get(username=username)


def staff(username: str, role: str, **where) -> User:
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        kind=User.STAFF,
        real_name=username,
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=role, **where)
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["zw_otp_ok"] = True
    session.save()
    return client


def gov_site(code: str) -> Site:
    return Site.objects.get(jurisdiction__code=code, agency__isnull=True)


@pytest.fixture
def donghe(db) -> Site:
    return gov_site(DONGHE)


@pytest.fixture
def qianzhou(db) -> Site:
    return gov_site(QIANZHOU)


@pytest.fixture
def clerk(db) -> User:
    return u("township")


@pytest.fixture
def reviewer(db) -> User:
    """A second 信息公开工作人员 over the township, who reviews and publishes."""
    return staff(
        "donghe-reviewer",
        Role.DISCLOSURE_OFFICER,
        jurisdiction=Jurisdiction.objects.get(code=DONGHE),
    )


NEWS = {"title": "峒河街道开展冬季消防安全检查", "body": "近日，峒河街道组织开展冬季消防安全检查。"}


@pytest.fixture
def draft(donghe, clerk):
    return services.create_article(donghe, "dtyw", NEWS, by=clerk)


@pytest.fixture
def published(draft, clerk, reviewer):
    services.submit_article(draft, by=clerk)
    services.publish_article(draft, by=reviewer)
    draft.refresh_from_db()
    return draft
