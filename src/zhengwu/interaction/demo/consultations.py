"""The demo's 民意征集 in each state beside the one with its feedback (events.py): one open for
comment (comments published and one waiting for moderation), one closed whose 采纳情况 is still
to be recorded, and one draft still being written — all of the 州人民政府, so the demo's
handler (州长信箱办理员) and the 州政务公开办 run them and can draft new ones."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhengwu.org.models import Agency

from ..models import Consultation, ConsultationComment, ConsultationSection

OPEN_TITLE = "湘西州城乡生活垃圾分类管理办法（征求意见稿）"
CLOSED_TITLE = "湘西州城区停车场建设和管理规定（征求意见稿）"
DRAFT_TITLE = "湘西州传统村落保护办法（草案）"

OPEN_SECTIONS = [
    (
        "第一条",
        "为推进城乡生活垃圾分类，改善人居环境，根据有关法律法规，结合本州实际，制定本办法。",
    ),
    ("第二条", "生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类。"),
    (
        "第三条",
        "县市人民政府应当按照分类要求设置收集容器，并在农村地区推行“户分类、村收集、乡转运”。",
    ),
    ("第四条", "单位和个人应当按照分类标准投放生活垃圾，不得随意倾倒、抛撒或者堆放。"),
]
CLOSED_SECTIONS = [
    ("第一条", "为规范城区停车场建设和管理，缓解停车难，制定本规定。"),
    ("第二条", "新建住宅小区应当按照每户不少于一个车位的标准配建停车位。"),
    ("第三条", "公共停车场收费实行政府指导价，具体标准由价格主管部门公布。"),
]
DRAFT_SECTIONS = [
    ("第一条", "为保护传统村落的历史风貌和民族文化，制定本办法。"),
    ("第二条", "本办法所称传统村落，是指列入中国传统村落名录和省级传统村落名录的村落。"),
]


def _make(agency, title, summary, opens_on, closes_on, state, sections):
    c = Consultation.objects.create(
        title=title,
        summary=summary,
        agency=agency,
        opens_on=opens_on,
        closes_on=closes_on,
        state=state,
    )
    return [
        ConsultationSection.objects.create(consultation=c, order=k, heading=h, text=t)
        for k, (h, t) in enumerate(sections, 1)
    ]


def _comment(section, name, text, day, *, state=ConsultationComment.PUBLISHED, held=()):
    ConsultationComment.objects.create(
        consultation=section.consultation,
        section=section,
        author_name=name,
        text=text,
        public_text=text,
        held_words=list(held),
        state=state,
        submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
    )


def build(today: dt.date, say) -> None:
    if Consultation.objects.filter(title=OPEN_TITLE).exists():
        return
    gov = Agency.objects.get(jurisdiction__code="433100", kind=Agency.GOVERNMENT)
    secs = _make(
        gov,
        OPEN_TITLE,
        "为推进城乡生活垃圾分类，州人民政府起草了本办法，现公开征求社会各界意见。",
        today - dt.timedelta(days=10),
        today + dt.timedelta(days=20),
        Consultation.OPEN,
        OPEN_SECTIONS,
    )
    _comment(
        secs[1],
        "吉首市民",
        "建议把“厨余垃圾”在农村叫作“易腐垃圾”，村民更好理解。",
        today - dt.timedelta(days=8),
    )
    _comment(
        secs[2],
        "保靖村民",
        "村里收集点太远，建议每个村民小组设一个收集点。",
        today - dt.timedelta(days=5),
    )
    _comment(
        secs[3],
        "网友",
        "乱倒垃圾的应该罚款，并在村务公开栏曝光。",
        today - dt.timedelta(days=1),
        state=ConsultationComment.PENDING,
    )
    secs = _make(
        gov,
        CLOSED_TITLE,
        "为缓解城区停车难，州人民政府起草了本规定，征求意见已截止，正在整理意见。",
        today - dt.timedelta(days=50),
        today - dt.timedelta(days=20),
        Consultation.CLOSED,
        CLOSED_SECTIONS,
    )
    _comment(
        secs[1],
        "乾州居民",
        "老旧小区没有车位，建议利用边角空地建设停车场。",
        today - dt.timedelta(days=45),
    )
    _comment(secs[2], "吉首司机", "建议公共停车场前30分钟免费。", today - dt.timedelta(days=30))
    _make(
        gov,
        DRAFT_TITLE,
        "州住房城乡建设局会同州民族宗教事务委员会起草，尚在修改，未公开征求意见。",
        today + dt.timedelta(days=7),
        today + dt.timedelta(days=37),
        Consultation.DRAFT,
        DRAFT_SECTIONS,
    )
    say("民意征集：另 3 项（征集中、已截止待反馈、未发布草稿各 1 项）")
