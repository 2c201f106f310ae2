"""The content workflow: 草稿 → 待审核 → 已发布 → 已撤回, audited, by the site's own staff only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.websites import services
from zhengwu.websites.models import Article, Leader

from .conftest import NEWS

pytestmark = pytest.mark.django_db


def test_a_township_clerk_writes_submits_and_a_reviewer_publishes(draft, clerk, reviewer):
    assert draft.status == Article.DRAFT and draft.created_by == clerk
    services.submit_article(draft, by=clerk, version=1)
    services.publish_article(draft, by=reviewer, version=2)
    draft.refresh_from_db()
    assert draft.status == Article.PUBLISHED and draft.published_at and draft.version == 3
    actions = list(
        AuditEvent.objects.filter(object_id=str(draft.pk), object_type="websites.article")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "websites.article.create",
        "websites.article.submit",
        "websites.article.publish",
    ]


def test_the_clerk_may_not_write_or_publish_on_another_township(qianzhou, published, clerk):
    with pytest.raises(NotAllowed):
        services.create_article(qianzhou, "dtyw", NEWS, by=clerk)
    other = services.create_article(qianzhou, "dtyw", NEWS, by=_admin())
    services.submit_article(other, by=_admin())
    with pytest.raises(NotAllowed):
        services.publish_article(other, by=clerk)


def _admin():
    from zhengwu.org.models import User

    return User.objects.get(username="admin")  # 政务公开办 over the 州: every site below


def test_return_and_withdraw_need_a_reason(draft, clerk, reviewer):
    services.submit_article(draft, by=clerk)
    with pytest.raises(Invalid) as e:
        services.return_article(draft, "  ", by=reviewer)
    assert e.value.code == "reason_required"
    services.return_article(draft, "标题请写明时间", by=reviewer)
    draft.refresh_from_db()
    assert draft.status == Article.DRAFT and draft.status_reason == "标题请写明时间"
    services.edit_article(draft, {"title": "峒河街道12月开展冬季消防安全检查"}, by=clerk)
    services.submit_article(draft, by=clerk)
    services.publish_article(draft, by=reviewer)
    with pytest.raises(Invalid):
        services.withdraw_article(draft, "", by=reviewer)
    services.withdraw_article(draft, "信息有误", by=reviewer)
    draft.refresh_from_db()
    assert draft.status == Article.WITHDRAWN and draft.status_reason == "信息有误"


def test_a_stale_version_is_a_conflict_and_a_wrong_state_too(draft, clerk):
    services.edit_article(draft, {"body": "补充内容。"}, by=clerk, version=1)
    with pytest.raises(Conflict) as e:
        services.submit_article(draft, by=clerk, version=1)
    assert e.value.code == "stale_version" and e.value.status == 409
    with pytest.raises(Conflict) as e:
        services.publish_article(draft, by=clerk)
    assert e.value.code == "wrong_state"


def test_bad_input_in_chinese(donghe, clerk):
    with pytest.raises(Invalid) as e:
        services.create_article(donghe, "dtyw", {"title": "", "body": "x"}, by=clerk)
    assert e.value.field == "title" and "标题" in e.value.message
    with pytest.raises(Invalid) as e:
        services.create_article(donghe, "nope", NEWS, by=clerk)
    assert e.value.field == "column"
    with pytest.raises(Invalid) as e:
        services.create_article(donghe, "ldxx", NEWS, by=clerk)
    assert e.value.code == "column_is_leaders"


def png_upload(name="photo.png"):
    out = io.BytesIO()
    Image.new("RGB", (30, 40), (120, 120, 120)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


LEADER = {
    "name": "田某（演示）",
    "post": "峒河街道办事处副主任",
    "cv": "演示简历。",
    "duties": "分管城建。",
}


def test_a_leader_with_a_photo_goes_through_the_same_workflow(donghe, clerk, reviewer):
    leader = services.create_leader(donghe, LEADER, by=clerk, photo=png_upload())
    assert leader.photo.name.endswith(".png")
    services.submit_leader(leader, by=clerk)
    services.publish_leader(leader, by=reviewer)
    leader.refresh_from_db()
    assert leader.status == Leader.PUBLISHED


def test_a_leader_photo_must_be_png_or_jpeg_by_its_bytes(donghe, clerk, settings):
    fake = SimpleUploadedFile("photo.png", b"GIF89a....", content_type="image/png")
    with pytest.raises(Invalid) as e:
        services.create_leader(donghe, LEADER, by=clerk, photo=fake)
    assert e.value.code == "image_type" and "PNG、JPEG" in e.value.message
    settings.ZHENGWU_LEADER_PHOTO_MAX_KB = 0
    with pytest.raises(Invalid) as e:
        services.create_leader(donghe, LEADER, by=clerk, photo=png_upload())
    assert e.value.code == "image_too_large"


def test_the_openness_office_sets_a_department_site_code(db):
    from zhengwu.websites.models import Site

    site = Site.objects.filter(agency__jurisdiction__code="433101").first()
    with pytest.raises(Invalid):
        services.set_site_code(site, "12345", by=_admin())
    services.set_site_code(site, "4331010017", by=_admin())
    with pytest.raises(Invalid) as e:
        services.set_site_code(
            Site.objects.get(jurisdiction__code="433101", agency=None), "4331010017", by=_admin()
        )
    assert e.value.code == "not_department_site"
    site.refresh_from_db()
    assert site.site_code == "4331010017"


def test_a_serious_wrong_expression_is_refused_at_publishing(donghe, clerk, reviewer):
    """19号 单项否决 1: the reviewer is told each wrong form and its right one; the draft stays."""
    a = services.create_article(
        donghe,
        "dtyw",
        {"title": "湘西苗族土家族自治州调研组到峒河街道", "body": "调研吉首县城区工作。"},
        by=clerk,
    )
    services.submit_article(a, by=clerk)
    with pytest.raises(Invalid) as e:
        services.publish_article(a, by=reviewer)
    assert e.value.code == "wrong_expression"
    assert "“湘西苗族土家族自治州”应为“湘西土家族苗族自治州”" in e.value.message
    assert "“吉首县”应为“吉首市”" in e.value.message
    a.refresh_from_db()
    assert a.status == Article.REVIEW and a.published_at is None
    services.return_article(a, "地名写错，请改正", by=reviewer)
    services.edit_article(
        a,
        {"title": "湘西土家族苗族自治州调研组到峒河街道", "body": "调研吉首市城区工作。"},
        by=clerk,
    )
    services.submit_article(a, by=clerk)
    services.publish_article(a, by=reviewer)
    a.refresh_from_db()
    assert a.status == Article.PUBLISHED
