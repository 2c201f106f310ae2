"""Fixtures of the 解读回应 tests: a 吉首市 policy document published on a known day, its officer,
an officer of another body, and makers for concerns and press conferences."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.disclosure import services as documents
from zhengwu.disclosure.interpretation.services import concerns, interpretations, press
from zhengwu.org.models import Agency, Role, RoleAssignment, User

# 2025-09-30 is the Tuesday before 国庆/中秋 (10-01 to 10-08 off, Saturday 10-11 a 调休 workday).
PUBLISHED_ON = dt.date(2025, 9, 30)


@pytest.fixture
def jishou_gov(db):
    return Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)


@pytest.fixture
def officer(db):
    """信息公开专员 of 吉首市人民政府 (the demo's `disclosure` account)."""
    return User.objects.get(username="disclosure")


@pytest.fixture
def outsider(db):
    """A disclosure officer of 凤凰县人民政府: out of 吉首市's scope."""
    gov = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    user = User.objects.create(
        username="fh-disclosure",
        kind=User.STAFF,
        real_name="凤凰县信息公开专员",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.DISCLOSURE_OFFICER, agency=gov)
    return user


@pytest.fixture
def policy_draft(officer, jishou_gov):
    def make(**fields):
        data = {
            "title": "吉首市城区停车管理办法",
            "created_on": dt.date(2025, 9, 26),
            "genre": "行政规范性文件",
            "topic": "城乡建设、环境保护",
            "doc_number": "吉政发〔2025〕9号",
            "body": "第一条　为规范城区停车秩序，制定本办法。",
        } | fields
        return documents.create_draft(jishou_gov, data, by=officer)

    return make


@pytest.fixture
def policy_doc(policy_draft, officer):
    """A 行政规范性文件 published on 2025-09-30."""
    doc = policy_draft()
    documents.submit(doc, by=officer)
    return documents.publish(doc, by=officer, on=PUBLISHED_ON)


@pytest.fixture
def interpretation(policy_doc, officer):
    """A draft interpretation of `policy_doc`."""
    return interpretations.create(
        policy_doc,
        {
            "title": "《吉首市城区停车管理办法》政策解读",
            "form": "qa",
            "body": "一、制定背景\n二、主要内容",
            "qa": "问：哪些路段收费？\n答：城区主干道两侧的临时泊位。",
        },
        by=officer,
    )


@pytest.fixture
def concern(officer, jishou_gov):
    def make(kind="other", occurred_at=None, **fields):
        data = {
            "title": "峒河沿岸夜间施工噪声",
            "concern": "网民反映夜间施工噪声扰民。",
            "kind": kind,
            "occurred_at": occurred_at or timezone.now() - dt.timedelta(hours=1),
        } | fields
        return concerns.create(jishou_gov, data, by=officer)

    return make


@pytest.fixture
def conference(officer, jishou_gov):
    def make(**fields):
        data = {
            "topic": "吉首市城区停车管理办法新闻发布会",
            "notice": "市人民政府新闻办公室将召开新闻发布会，介绍城区停车管理办法。",
            "starts_at": timezone.now() + dt.timedelta(days=1),
            "place": "市政府新闻发布厅",
        } | fields
        return press.create(jishou_gov, data, by=officer)

    return make
