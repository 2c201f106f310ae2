"""Demo part of 解读回应 (`manage.py load_demo`): interpretations of the demo's policy documents
(a few left uninterpreted, so the workbench has its 待办), a response to a concern, a finished
press conference with its release and transcript and an upcoming one. Speakers are clearly
demo people (演示), not real leaders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhengwu.core import calendar
from zhengwu.disclosure.models import Document
from zhengwu.org.models import Agency

from . import rules
from .models import ConcernResponse, Interpretation, PressConference, PressPost, Speaker

QA = [
    {
        "q": "这次调整涉及哪些人群？",
        "a": "城乡最低生活保障对象、特困供养人员等，按新标准从次月起发放。",
    },
    {"q": "群众如何查询本人的保障金额？", "a": "可到户籍所在乡镇（街道）民政办查询，或拨打12345。"},
]


def _interpret(doc: Document, *, days: int, form: str, qa=None) -> Interpretation:
    assert doc.published_on is not None  # the demo interprets published documents only
    due = rules.interpretation_due(doc.published_on, doc.agency.jurisdiction.code)
    on = calendar.add_workdays(doc.published_on, days, doc.agency.jurisdiction.code)
    on = min(on, timezone.localdate())
    return Interpretation.objects.create(
        document=doc,
        agency=doc.agency,
        scope_path=doc.scope_path,
        title=f"一图读懂《{doc.title}》"
        if form == Interpretation.GRAPHIC
        else f"《{doc.title}》政策解读",
        form=form,
        body=(
            f"一、制定背景\n为贯彻落实国家和省有关部署，结合湘西州实际，{doc.agency.name}制定了《{doc.title}》。\n\n"
            "二、主要内容\n文件明确了适用范围、标准和办理程序，并对各县市和有关部门的职责作出规定。\n\n"
            "三、实施时间\n自印发之日起施行。如有疑问，可拨打12345政务服务便民热线咨询。"
        ),
        qa=qa or [],
        status=Interpretation.PUBLISHED,
        published_on=on,
        due_on=due,
        published_late=on > due,
    )


def _conference(agency: Agency, **fields) -> PressConference:
    return PressConference.objects.create(agency=agency, scope_path=agency.scope_path, **fields)


@transaction.atomic
def build(stdout=None) -> None:
    say = stdout.write if stdout else (lambda s: None)
    if Interpretation.objects.exists() or PressConference.objects.exists():
        say("解读回应：已有演示数据，跳过")
        return
    root_gov = Agency.objects.filter(jurisdiction__code="433100", kind=Agency.GOVERNMENT).first()
    jishou_gov = Agency.objects.filter(jurisdiction__code="433101", kind=Agency.GOVERNMENT).first()
    if root_gov is None or jishou_gov is None:
        return
    made = 0
    for gov, count in ((root_gov, 4), (jishou_gov, 2)):
        docs = list(
            Document.objects.filter(
                agency=gov, status=Document.PUBLISHED, genre__in=rules.POLICY_GENRES
            )
            .select_related("agency__jurisdiction")
            .order_by("-published_on", "-id")[1 : count + 1]  # the latest stays 待解读
        )
        for n, doc in enumerate(docs):
            _interpret(doc, days=n % 2, form=Interpretation.TEXT, qa=QA if n == 0 else None)
            if n == 0:
                _interpret(doc, days=1, form=Interpretation.QA, qa=QA)
                made += 1
            made += 1

    now = timezone.now()
    occurred = now - dt.timedelta(days=3, hours=4)
    ConcernResponse.objects.create(
        agency=jishou_gov,
        scope_path=jishou_gov.scope_path,
        title="关于峒河沿岸夜间施工噪声扰民的回应",
        concern="网民反映峒河沿岸截污管网工程夜间施工，噪声影响周边居民休息。",
        kind=ConcernResponse.OTHER,
        occurred_at=occurred,
        due_at=rules.concern_due(ConcernResponse.OTHER, occurred),
        response=(
            "经市住房和城乡建设局核实，该工程确有夜间连续浇筑作业。即日起，除混凝土连续浇筑外，"
            "22时至次日6时停止高噪声作业；确需夜间施工的，提前3日在小区公告。监督电话：12345。"
        ),
        responded_at=occurred + dt.timedelta(hours=30),
        status=ConcernResponse.PUBLISHED,
    )

    held = now - dt.timedelta(days=20)
    done = _conference(
        root_gov,
        topic="湘西州2026年城乡低保标准调整新闻发布会",
        notice="州人民政府新闻办公室定于近日召开新闻发布会，介绍2026年城乡最低生活保障标准调整情况，并回答记者提问。",
        starts_at=held,
        place="州政府新闻发布厅",
        state=PressConference.FINISHED,
        release=(
            "州民政局介绍，自2026年起，全州城市低保标准提高到每人每月700元，农村低保标准提高到每人每年5600元，"
            "惠及城乡低保对象约12万人。调整资金由州、县两级财政按比例承担，确保按月足额发放。"
        ),
        transcript="本场发布会由州人民政府新闻办公室主持，州民政局、州财政局有关负责同志发布并答记者问。",
    )
    for order, (name, post, principal) in enumerate(
        [
            ("演示发言人甲", "州人民政府新闻发言人（演示）", True),
            ("演示发言人乙", "州民政局负责同志（演示）", False),
        ]
    ):
        Speaker.objects.create(
            conference=done, name=name, post=post, is_principal=principal, order=order
        )
    for speaker, text, question, asked_by in [
        (
            "州人民政府新闻发言人（演示）演示发言人甲",
            "各位记者朋友，上午好！今天介绍全州城乡低保标准调整情况。",
            "",
            "",
        ),
        (
            "州民政局负责同志（演示）演示发言人乙",
            "城市低保标准每人每月提高到700元，农村低保标准每人每年提高到5600元。",
            "",
            "",
        ),
        (
            "州民政局负责同志（演示）演示发言人乙",
            "新标准从次月起执行，差额部分随当月保障金一并补发。",
            "新标准什么时候执行？已享受低保的群众需要重新申请吗？",
            "团结报",
        ),
    ]:
        PressPost.objects.create(
            conference=done, speaker=speaker, text=text, question=question, asked_by=asked_by
        )
    PressPost.objects.filter(conference=done).update(posted_at=held)
    policy = Document.objects.filter(
        agency=root_gov, status=Document.PUBLISHED, genre__in=rules.POLICY_GENRES
    ).order_by("-published_on")[1:2]
    done.documents.set(policy)

    upcoming = _conference(
        root_gov,
        topic="湘西州2027年重点民生实事项目新闻发布会",
        notice="州人民政府新闻办公室将召开新闻发布会，介绍2027年重点民生实事项目安排，欢迎媒体记者参加。",
        starts_at=now + dt.timedelta(days=7),
        place="州政府新闻发布厅",
        state=PressConference.PREVIEW,
    )
    Speaker.objects.create(
        conference=upcoming,
        name="演示发言人甲",
        post="州人民政府新闻发言人（演示）",
        is_principal=True,
    )
    say(f"解读回应：{made} 篇政策解读，1 条关切回应，2 场新闻发布会")
