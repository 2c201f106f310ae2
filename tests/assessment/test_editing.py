"""The office edits a year's indicators (versions, weights total 100, frozen once scoring has
started), the catalogue of automatic sources, evidence, and 公众评议 from a survey."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from zhengwu.assessment import catalogue, editing, services
from zhengwu.assessment.models import Evaluation, Scheme
from zhengwu.core import clock
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import Jurisdiction, Role

from .conftest import make_survey, staff, u

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_indicators_versions_weights_and_freeze():
    s = services.create_scheme(2040, by=u("admin"))
    assert [v.number for v in s.versions.all()] == [1]
    watchers = s.indicators.get(code="watchers")
    editing.change_indicator(watchers, {"weight": "15"}, by=u("admin"))
    s.refresh_from_db()
    assert s.revision == 2 and editing.total_weight(s) == 105
    with pytest.raises(Conflict) as e:
        editing.start_scoring(s, by=u("admin"))
    assert e.value.message == "指标权重合计应为100分，当前合计105.0分，请调整后再开始评分"
    ind = editing.add_indicator(
        s,
        {
            "name": "政务公开工作台账",
            "weight": "5",
            "kind": "manual",
            "evidence_required": "1",
            "evidence_note": "年度工作台账扫描件",
        },
        by=u("admin"),
    )
    editing.remove_indicator(s.indicators.get(code="guides_revised"), by=u("admin"))
    s.refresh_from_db()
    assert editing.total_weight(s) == 100 and s.revision == 4
    with pytest.raises(Conflict) as e:
        editing.start_scoring(s, by=u("admin"))
    assert "尚未关联公众评议问卷" in e.value.message
    survey = make_survey([("您对泸溪县政务公开工作的评价", ["满意", "基本满意", "不满意"])])
    editing.link_survey(s.indicators.get(code="public_survey"), survey.pk, by=u("admin"))
    with pytest.raises(NotAllowed):  # only the office starts the scoring
        editing.start_scoring(s, by=u("supervisor"))
    editing.start_scoring(s, by=u("admin"))
    s.refresh_from_db()
    assert s.state == Scheme.SCORING and s.revision == 6
    history = list(s.versions.all())
    assert [v.number for v in history] == [6, 5, 4, 3, 2, 1]
    assert history[3].change == "增加指标“政务公开工作台账”（5.0分）"
    assert (
        history[4].change == "修改指标：政务公开监督员评议（10.0分） → 政务公开监督员评议（15.0分）"
    )
    assert {i["name"] for i in history[0].indicators} >= {"政务公开工作台账"}
    with pytest.raises(Conflict) as e:
        editing.change_indicator(ind, {"weight": "8"}, by=u("admin"))
    assert e.value.message == "2040年度考核方案已开始评分，指标不能再修改" and e.value.status == 409
    refused = AuditEvent.objects.filter(action="assessment.indicator_changed", success=False)
    assert refused.filter(object_id=str(s.pk)).exists()
    done = AuditEvent.objects.filter(object_id=str(s.pk), success=True)
    assert {"assessment.indicator_added", "assessment.indicator_removed"} <= set(
        done.values_list("action", flat=True)
    )


def test_copy_last_year_and_bad_input(start):
    last = services.create_scheme(2041, by=u("admin"))
    editing.add_indicator(
        last,
        {
            "name": "网站检查得分",
            "weight": "10",
            "kind": "automatic",
            "provider": catalogue.SITE_SCORE,
            "full_marks_at": "90",
        },
        by=u("admin"),
    )
    s = services.create_scheme(2042, by=u("admin"))
    editing.copy_last_year(s, by=u("admin"))
    copied = s.indicators.get(name="网站检查得分")
    assert (copied.provider, copied.full_marks_at) == (catalogue.SITE_SCORE, 90)
    assert s.indicators.count() == last.indicators.count()
    for data, message in [
        ({"name": "", "weight": "5", "kind": "manual"}, "请填写指标名称"),
        ({"name": "甲", "weight": "x", "kind": "manual"}, "权重格式不正确，应为数字"),
        ({"name": "甲", "weight": "5", "kind": "automatic", "provider": "nope"}, "请选择数据来源"),
        (
            {"name": "甲", "weight": "5", "kind": "manual", "evidence_required": "1"},
            "须附佐证材料的指标，请写明应提供哪些材料",
        ),
    ]:
        with pytest.raises(Invalid) as e:
            editing.add_indicator(s, data, by=u("admin"))
        assert e.value.message == message


def test_catalogue_offers_every_source_in_words():
    labels = dict(catalogue.choices())
    assert labels["cases.on_time"].startswith("办件按期办结率")
    assert labels["disclosure.requests_on_time"].startswith("依申请公开按期答复率")
    assert labels["interaction.messages_on_time"].startswith("留言按期答复率")
    assert labels["disclosure.annual_report_on_time"].startswith("按时（1月31日前）公布年度报告")
    assert labels["disclosure.guides_revised"].startswith("本年度已修订公开指南")
    assert labels["ratings.good_rate"] == "好差评好评率"
    assert labels[catalogue.SITE_SCORE].startswith("政府网站检查平均得分")
    assert "websites.veto" not in labels and not any(
        k.startswith("ratings.rateable") for k in labels
    )
    assert (
        labels["clock:法定办结时限"]
        == "法定办结时限按期完成率（时限内办结 / 本年办结，电子监察计时）"
    )


def test_clock_timeliness_per_purpose_and_county():
    luxi = Jurisdiction.objects.get(code="433122")
    s = services.create_scheme(2043, by=u("admin"))  # any row will do as the clocks' subject
    for n, (started, stopped) in enumerate(
        [
            (dt.date(2043, 3, 2), dt.date(2043, 3, 4)),  # within 5 working days
            (dt.date(2043, 3, 2), dt.date(2043, 3, 5)),
            (dt.date(2043, 3, 2), dt.date(2043, 4, 20)),
        ]  # late
    ):
        c = clock.start(
            s,
            purpose=f"测试答复时限：第{n}步",
            started_on=started,
            limit=5,
            jurisdiction_code=luxi.code,
            scope_path=luxi.path,
        )
        clock.stop(c, on=stopped)
    fig = catalogue.figure("clock:测试答复时限", luxi, year=2043)
    assert (fig["numerator"], fig["denominator"], fig["value"]) == (2, 3, 66.7)
    assert catalogue.figure("clock:测试答复时限", luxi, year=2042)["value"] is None
    cache.delete(catalogue.PURPOSES_KEY)  # the picker rereads the kinds of clock
    assert ("clock:测试答复时限", catalogue.clock_label("测试答复时限")) in catalogue.choices()


def test_public_survey_scores_and_refuses_typing():
    s = services.create_scheme(2044, by=u("admin"))
    survey = make_survey(
        [
            ("您对泸溪县政务公开和政务服务工作的评价", ["满意", "基本满意", "不满意"]),
            ("您对凤凰县政务公开和政务服务工作的评价", ["满意", "基本满意", "不满意"]),
        ]
    )
    from zhengwu.interaction import services as interaction

    q1, q2 = survey.questions.prefetch_related("choices")
    c1, c2 = list(q1.choices.all()), list(q2.choices.all())
    # 泸溪: 满意, 基本满意, 不满意 → (100 + 60 + 0) / 3 = 53.3; 凤凰: 满意 ×3 → 100.
    for n, pick in enumerate([0, 1, 2]):
        interaction.answer_survey(
            survey, answers={q1.pk: c1[pick].pk, q2.pk: c2[0].pk}, session_key=f"t{n}"
        )
    ind = s.indicators.get(code="public_survey")
    with pytest.raises(Invalid) as e:
        editing.link_survey(
            ind, make_survey([("您的年龄", ["青年", "老年"])], "居民年龄构成调查").pk, by=u("admin")
        )
    assert e.value.code == "survey_unfit"
    editing.link_survey(ind, survey.pk, by=u("admin"))
    editing.start_scoring(s, by=u("admin"))
    with pytest.raises(Invalid) as e:
        services.evaluate(
            ind, score=90, jurisdiction=Jurisdiction.objects.get(code="433122"), by=u("admin")
        )
    assert e.value.message == "公众评议由关联问卷的答卷计算，不能人工打分"
    results = {r.name: r for r in services.compute(s, by=u("admin"))}
    assert results["泸溪县"].scores["public_survey"] == {
        "value": 53.3,
        "score": 53.3,
        "respondents": 3,
    }
    assert results["凤凰县"].scores["public_survey"]["score"] == 100.0
    assert results["吉首市"].scores["public_survey"]["score"] is None


def test_evidence_required_and_stored(start):
    s = services.create_scheme(2045, by=u("admin"))
    editing.change_indicator(
        s.indicators.get(code="watchers"),
        {"kind": "manual", "evidence_required": True, "evidence_note": "监督员评议表"},
        by=u("admin"),
    )
    start(s)
    ind = s.indicators.get(code="watchers")
    luxi = Jurisdiction.objects.get(code="433122")
    with pytest.raises(Invalid) as e:
        services.evaluate(ind, score=80, jurisdiction=luxi, by=u("watcher"))
    assert (
        e.value.status == 422
        and e.value.message == "“政务公开监督员评议”须附佐证材料（监督员评议表），请上传文件"
    )
    with pytest.raises(Invalid) as e:
        services.evaluate(
            ind,
            score=80,
            jurisdiction=luxi,
            by=u("watcher"),
            evidence=[SimpleUploadedFile("a.exe", b"MZ\x90\x00")],
        )
    assert e.value.code == "file_type"
    ev = services.evaluate(
        ind,
        score=80,
        comment="台账齐全",
        jurisdiction=luxi,
        by=u("watcher"),
        evidence=[SimpleUploadedFile("评议表.pdf", PDF)],
    )
    assert [(f.name, f.content_type) for f in ev.evidence.all()] == [
        ("评议表.pdf", "application/pdf")
    ]
    event = AuditEvent.objects.filter(action="assessment.evaluated", object_id=str(ev.pk)).last()
    assert event.after["evidence"] == ["评议表.pdf"]


def test_api_scheme_editor_and_refusals(client, as_user, quiet_survey):
    admin = as_user("admin")
    r = admin.post("/api/v1/assessment/schemes", {"year": 2046}, content_type="application/json")
    assert r.status_code == 201 and r.json()["weights_ok"] is True
    body = r.json()
    watchers = next(i for i in body["indicators"] if i["name"] == "政务公开监督员评议")
    luxi = Jurisdiction.objects.get(code="433122")
    county = staff("lx-office", Role.OPENNESS_ADMIN, jurisdiction=luxi)
    from django.test import Client

    lx = Client()
    lx.force_login(county, backend="django.contrib.auth.backends.ModelBackend")
    r = lx.put(
        f"/api/v1/assessment/schemes/2046/indicators/{watchers['id']}",
        {"weight": 5},
        content_type="application/json",
    )
    assert r.status_code == 403
    r = admin.put(
        f"/api/v1/assessment/schemes/2046/indicators/{watchers['id']}",
        {"weight": 15, "version": body["version"]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["total_weight"] == 105.0
    r = admin.put(
        f"/api/v1/assessment/schemes/2046/indicators/{watchers['id']}",
        {"weight": 10, "version": body["version"]},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "stale_version"
    r = admin.post(
        "/api/v1/assessment/schemes/2046/start-scoring", {}, content_type="application/json"
    )
    assert r.status_code == 409 and "当前合计105.0分" in r.json()["message"]
    r = admin.post(
        "/api/v1/assessment/schemes/2046/indicators",
        {"name": "依法行政台账", "weight": -5, "kind": "manual"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["field"] == "weight"
    r = admin.put(
        f"/api/v1/assessment/schemes/2046/indicators/{watchers['id']}",
        {"weight": 10, "evidence_required": True, "evidence_note": "评议表"},
        content_type="application/json",
    )
    assert r.status_code == 200
    survey_ind = next(i for i in r.json()["indicators"] if i["kind"] == "survey")
    r = admin.post(
        f"/api/v1/assessment/schemes/2046/indicators/{survey_ind['id']}/survey",
        {"survey_id": quiet_survey.pk},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert (
        lx.post(
            "/api/v1/assessment/schemes/2046/start-scoring", {}, content_type="application/json"
        ).status_code
        == 403
    )
    r = admin.post(
        "/api/v1/assessment/schemes/2046/start-scoring", {}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state_label"] == "评分中"
    r = admin.delete(f"/api/v1/assessment/schemes/2046/indicators/{watchers['id']}")
    assert r.status_code == 409
    assert r.json()["message"] == "2046年度考核方案已开始评分，指标不能再修改"
    url = "/api/v1/assessment/schemes/2046/evaluations"
    r = admin.post(
        url, {"indicator_id": watchers["id"], "score": "85", "jurisdiction_code": "433122"}
    )
    assert r.status_code == 422 and r.json()["code"] == "evidence_required"
    r = admin.post(
        url,
        {
            "indicator_id": watchers["id"],
            "score": "85",
            "comment": "好",
            "jurisdiction_code": "433122",
            "evidence": SimpleUploadedFile("表.pdf", PDF),
        },
    )
    assert r.status_code == 201, r.json()
    assert r.json()["evidence"][0]["name"] == "表.pdf"
    versions = admin.get("/api/v1/assessment/schemes/2046/versions").json()
    assert [v["number"] for v in versions] == [5, 4, 3, 2, 1]
    assert versions[0]["change"] == "开始评分，指标体系冻结"
    cat = admin.get("/api/v1/assessment/catalogue").json()
    assert {"provider": "ratings.good_rate", "label": "好差评好评率"} in cat
    assert client.get("/api/v1/assessment/schemes/2046").status_code == 401


def test_cli_start_scoring(quiet_survey):
    call_command("assessment", "--year", "2047", "--user", "admin", "--create")
    s = Scheme.objects.get(year=2047)
    with pytest.raises(CommandError) as e:
        call_command("assessment", "--year", "2047", "--user", "admin", "--start-scoring")
    assert "尚未关联公众评议问卷" in str(e.value)
    editing.link_survey(s.indicators.get(code="public_survey"), quiet_survey.pk, by=u("admin"))
    with pytest.raises(CommandError) as e:
        call_command("assessment", "--year", "2047", "--user", "supervisor", "--start-scoring")
    call_command("assessment", "--year", "2047", "--user", "admin", "--start-scoring", "--compute")
    s.refresh_from_db()
    assert s.state == Scheme.SCORING and s.results.exists()
    with pytest.raises(CommandError) as e:
        call_command("assessment", "--year", "2047", "--user", "admin", "--start-scoring")
    assert str(e.value) == "2047年度考核方案已开始评分"


def test_pages_editor_history_and_evidence(as_user, quiet_survey):
    admin = as_user("admin")
    assert admin.post("/workbench/assessment/", {"year": "2048"}).status_code == 302
    s = Scheme.objects.get(year=2048)
    page = admin.get("/workbench/assessment/2048/")
    assert "权重合计为100分" in page.text and "开始评分" in page.text
    r = admin.post(
        "/workbench/assessment/2048/add/",
        {
            "name": "依法行政台账",
            "weight": "5",
            "kind": "manual",
            "evidence_required": "1",
            "evidence_note": "台账",
            "version": s.version,
        },
    )
    assert r.status_code == 302
    page = admin.get("/workbench/assessment/2048/")
    assert "权重合计应为100分，当前105.0分" in page.text
    r = admin.post("/workbench/assessment/2048/start/")
    assert r.status_code == 409 and "当前合计105.0分" in r.text
    ind = s.indicators.get(name="依法行政台账")
    r = admin.post(
        f"/workbench/assessment/2048/indicators/{ind.pk}/",
        {"name": "依法行政台账", "weight": "abc", "kind": "manual"},
    )
    assert r.status_code == 422 and 'value="abc"' in r.text
    watchers = s.indicators.get(code="watchers")
    r = admin.post(
        f"/workbench/assessment/2048/indicators/{watchers.pk}/",
        {"name": watchers.name, "weight": "5", "kind": "manual"},
    )
    assert r.status_code == 302
    public_survey = s.indicators.get(code="public_survey")
    assert (
        admin.post(
            "/workbench/assessment/2048/link/",
            {"indicator": public_survey.pk, "survey": quiet_survey.pk},
        ).status_code
        == 302
    )
    assert admin.post("/workbench/assessment/2048/start/").status_code == 302
    r = admin.post(f"/workbench/assessment/2048/indicators/{ind.pk}/", {"remove": "1"})
    assert r.status_code == 409 and "2048年度考核方案已开始评分，指标不能再修改" in r.text
    history = admin.get("/workbench/assessment/2048/history/")
    assert (
        "第5版：开始评分，指标体系冻结" in history.text
        and "增加指标“依法行政台账”（5.0分）" in history.text
    )
    r = admin.post(
        "/workbench/assessment/2048/evaluate/",
        {
            "indicator": ind.pk,
            "target": f"j:{Jurisdiction.objects.get(code='433122').pk}",
            "score": "90",
        },
    )
    assert r.status_code == 422 and "须附佐证材料" in r.text
    r = admin.post(
        "/workbench/assessment/2048/evaluate/",
        {
            "indicator": ind.pk,
            "target": f"j:{Jurisdiction.objects.get(code='433122').pk}",
            "score": "90",
            "evidence": SimpleUploadedFile("台账.pdf", PDF),
        },
    )
    assert r.status_code == 302
    ev = Evaluation.objects.get(indicator=ind)
    page = admin.get("/workbench/assessment/2048/")
    assert "台账.pdf" in page.text
    f = ev.evidence.get()
    got = admin.get(f"/workbench/assessment/2048/evidence/{f.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    watcher = as_user("watcher")  # an evaluator sees their own evaluations only
    assert "台账.pdf" not in watcher.get("/workbench/assessment/2048/").text
    assert watcher.get(f"/workbench/assessment/2048/evidence/{f.pk}/").status_code == 404
    luxi = Jurisdiction.objects.get(code="433122")
    staff("lx-office2", Role.OPENNESS_ADMIN, jurisdiction=luxi)
    lx = as_user("lx-office2")
    s2 = services.create_scheme(2049, by=u("admin"))
    r = lx.post("/workbench/assessment/2049/add/", {"name": "甲", "weight": "5", "kind": "manual"})
    assert r.status_code == 403 and not s2.indicators.filter(name="甲").exists()
