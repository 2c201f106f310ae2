"""Every page of 政民互动 renders with the demo's data (public on the 州 and a county site,
staff in the workbench); the list pages keep their query counts bounded."""

import pytest
from django.test import Client

from zhengwu.interaction.models import (
    Complaint,
    Consultation,
    Interview,
    Message,
    OpinionReport,
    Survey,
)
from zhengwu.org.models import Agency

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/hdjl/",
    "/hdjl/write/",
    "/hdjl/track/",
    "/hdjl/messages/",
    "/hdjl/messages/?q=道路&kind=help&year=2026&page=2",
    "/hdjl/stats/",
    "/hdjl/stats/?month=2026-10",
    "/hdjl/stats/?month=garbage",
    "/hdjl/interviews/",
    "/hdjl/consultations/",
    "/hdjl/surveys/",
    "/hdjl/reports/",
    "/site/433123/hdjl/",
    "/site/433123/hdjl/messages/",
    "/site/433123/hdjl/interviews/",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_render(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert "互动交流" in response.content.decode()


def test_demo_detail_pages_render():
    client = Client()
    published = Message.objects.filter(publication=Message.PUBLISHED).first()
    hidden = Message.objects.filter(publication=Message.HIDDEN).first()
    assert client.get(f"/hdjl/messages/{published.number}/").status_code == 200
    assert client.get(f"/hdjl/messages/{hidden.number}/").status_code == 404
    for interview in Interview.objects.all():
        assert client.get(f"/hdjl/interviews/{interview.pk}/").status_code == 200
    c = Consultation.objects.get(state=Consultation.FEEDBACK)
    page = client.get(f"/hdjl/consultations/{c.pk}/").content.decode()
    assert "意见采纳情况" in page and "代开发票" not in page  # the hidden comment stays hidden
    # the demo has one consultation in each state; the draft is not public
    assert set(Consultation.objects.values_list("state", flat=True)) == {
        s for s, _ in Consultation.STATES
    }
    for other in Consultation.objects.exclude(pk=c.pk):
        expected = 404 if other.state == Consultation.DRAFT else 200
        assert client.get(f"/hdjl/consultations/{other.pk}/").status_code == expected
    # interaction's own demo survey (the other is the 考核's 公众评议 survey, assessment's demo)
    s = Survey.objects.exclude(title="湘西州政务公开和政务服务公众满意度调查").get()
    assert client.get(f"/hdjl/surveys/{s.pk}/").status_code == 200
    assert "共 60 份答卷" in client.get(f"/hdjl/surveys/{s.pk}/results/").content.decode()
    r = OpinionReport.objects.filter(agency__isnull=True).first()
    assert client.get(f"/hdjl/reports/{r.pk}/").status_code == 200


def test_workbench_pages_render_for_the_prefecture_admin(as_user):
    admin = as_user("admin")
    for url in [
        "/workbench/interaction/",
        "/workbench/interaction/?done=1",
        "/workbench/interaction/?status=warning",
        "/workbench/interaction/moderation/",
        "/workbench/interaction/interviews/",
        "/workbench/interaction/consultations/",
        "/workbench/interaction/consultations/new/",
        "/workbench/interaction/interviews/new/",
        "/workbench/interaction/surveys/",
        "/workbench/interaction/surveys/new/",
    ]:
        assert admin.get(url).status_code == 200, url
    message = Message.objects.filter(publication=Message.PENDING).first()
    page = admin.get(f"/workbench/interaction/messages/{message.pk}/").content.decode()
    assert "命中敏感词" in page
    for interview in Interview.objects.all():
        assert admin.get(f"/workbench/interaction/interviews/{interview.pk}/").status_code == 200
    for c in Consultation.objects.all():
        assert admin.get(f"/workbench/interaction/consultations/{c.pk}/").status_code == 200
    for s in Survey.objects.all():
        assert admin.get(f"/workbench/interaction/surveys/{s.pk}/").status_code == 200
    # the demo's handler drafts for the 州人民政府, where the demo's consultations are
    handler = as_user("handler")
    page = handler.get("/workbench/interaction/consultations/new/").content.decode()
    gov = Agency.objects.get(jurisdiction__code="433100", kind=Agency.GOVERNMENT)
    assert gov.name in page
    listed = handler.get("/workbench/interaction/consultations/").content.decode()
    assert "传统村落保护办法" in listed and "未发布" in listed
    supervisor = as_user("supervisor")
    for complaint in Complaint.objects.all():
        assert (
            supervisor.get(f"/workbench/interaction/complaints/{complaint.pk}/").status_code == 200
        )


def test_published_list_query_count_is_bounded(django_assert_max_num_queries):
    client = Client()
    client.get("/hdjl/messages/")
    with django_assert_max_num_queries(8):
        client.get("/hdjl/messages/")
    with django_assert_max_num_queries(4):
        client.get("/api/v1/interaction/messages/published?limit=50")


def test_todo_list_query_count_is_bounded(as_user, django_assert_max_num_queries):
    admin = as_user("admin")
    admin.get("/workbench/interaction/?done=1")
    with django_assert_max_num_queries(14):
        admin.get("/workbench/interaction/?done=1")
