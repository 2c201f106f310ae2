"""The demo's interviews, consultation and survey."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from zhengwu.org.models import Agency, User

from ..models import (
    Consultation,
    ConsultationComment,
    ConsultationSection,
    Interview,
    InterviewImage,
    InterviewPost,
    InterviewQuestion,
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyQuestion,
    SurveyResponse,
)


def _png(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("RGB", (480, 300), (230, 236, 242))
    pen = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randint(0, 440), rng.randint(0, 260)
        pen.rectangle(
            [x, y, x + rng.randint(20, 120), y + rng.randint(20, 80)],
            fill=(rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200)),
        )
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _interviews(today: dt.date, say) -> None:
    if Interview.objects.exists():
        return
    handler = User.objects.filter(username="handler").first()
    if handler is None:  # the first superuser (a post needs someone: org's demo makes root)
        handler = User.objects.filter(is_superuser=True).earliest("pk")
    fh_gov = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    past = Interview.objects.create(
        title="凤凰古城景区管理与旅游服务提升",
        summary="围绕古城景区秩序、停车、住宿价格和游客投诉处理，与网友在线交流。",
        agency=fh_gov,
        guests="凤凰县人民政府副县长 田志刚；县文化旅游广电局局长 吴晓红",
        host="龙婷",
        starts_at=timezone.make_aware(dt.datetime(2026, 6, 18, 15, 0)),
        ends_at=timezone.make_aware(dt.datetime(2026, 6, 18, 16, 0)),
        state=Interview.FINISHED,
        transcript_intro="本期访谈共收到网友提问46条，现场解答12条，其余问题已转相关部门办理。",
    )
    qa = [
        (
            "沱江边游客",
            "旺季古城周边停车难、乱收费的问题如何解决？",
            "我们新建了3处游客停车场、增加车位1800个，所有停车场明码标价，私设停车点一律取缔。",
        ),
        (
            "凤凰老乡",
            "景区内商铺拉客现象还有吗？投诉打哪个电话？",
            "拉客宰客行为一经查实从严处罚。游客可拨打12345或景区投诉电话，承诺30分钟内响应。",
        ),
        (
            "长沙网友",
            "古城客栈价格在节假日涨得太多，有没有规定？",
            "节假日客栈价格实行备案和上限管理，超过备案价格的将依法查处并纳入诚信记录。",
        ),
    ]
    for k, (name, question, answer) in enumerate(qa):
        q = InterviewQuestion.objects.create(
            interview=past,
            asker_name=name,
            text=question,
            public_text=question,
            state=InterviewQuestion.ANSWERED,
            asked_at=past.starts_at - dt.timedelta(days=3 - k),
        )
        InterviewPost.objects.create(
            interview=past,
            question=q,
            speaker="田志刚",
            text=answer,
            posted_at=past.starts_at + dt.timedelta(minutes=10 + 15 * k),
            posted_by=handler,
        )
    InterviewPost.objects.create(
        interview=past,
        speaker="龙婷",
        text="感谢两位嘉宾和广大网友的参与，本期访谈到此结束。",
        posted_at=past.ends_at,
        posted_by=handler,
    )
    img = InterviewImage(interview=past, ext="png", caption="访谈现场")
    data = _png(433123)
    img.sha256 = hashlib.sha256(data).hexdigest()
    img.image.save(f"{img.sha256[:16]}.png", ContentFile(data), save=False)
    img.save()
    edu = Agency.objects.get(jurisdiction__code="433100", short_name="教育")
    upcoming_day = today + dt.timedelta(days=14)
    upcoming = Interview.objects.create(
        title="2027年义务教育招生入学政策解读",
        summary="州教育和体育局负责人解读2027年义务教育阶段招生入学政策，欢迎网友提前提问。",
        agency=edu,
        guests="湘西州教育和体育局副局长 彭建华",
        host="石敏",
        starts_at=timezone.make_aware(dt.datetime.combine(upcoming_day, dt.time(15, 0))),
        ends_at=timezone.make_aware(dt.datetime.combine(upcoming_day, dt.time(16, 0))),
    )
    InterviewQuestion.objects.create(
        interview=upcoming,
        asker_name="吉首家长",
        text="随迁子女入学需要哪些材料？",
        public_text="随迁子女入学需要哪些材料？",
        state=InterviewQuestion.APPROVED,
    )
    InterviewQuestion.objects.create(
        interview=upcoming,
        asker_name="网友",
        text="学区划分什么时候公布？",
        public_text="学区划分什么时候公布？",
    )
    say("在线访谈：2 场（1 场实录，1 场预告）")


def _consultation(rng: random.Random, say) -> None:
    if Consultation.objects.exists():
        return
    agency = Agency.objects.get(jurisdiction__code="433100", short_name="民政")
    c = Consultation.objects.create(
        title="湘西州农村最低生活保障对象认定办法（征求意见稿）",
        summary="为规范农村低保对象认定，州民政局起草了本办法，现公开征求社会意见。",
        agency=agency,
        opens_on=dt.date(2026, 9, 1),
        closes_on=dt.date(2026, 9, 30),
        state=Consultation.FEEDBACK,
        feedback="征求意见期间共收到有效意见8条，采纳4条，部分采纳2条，未采纳2条。"
        "主要修改：明确重病、重残人员可单人户纳入；简化申请材料。",
        feedback_published_at=timezone.make_aware(dt.datetime(2026, 10, 20, 10, 0)),
    )
    sections = [
        (
            "第一条",
            "为规范农村最低生活保障对象认定工作，根据《社会救助暂行办法》，结合本州实际，制定本办法。",
        ),
        (
            "第二条",
            "共同生活的家庭成员人均收入低于当地农村低保标准，且财产状况符合规定的，可以申请低保。",
        ),
        (
            "第三条",
            "申请低保应当以家庭为单位，向户籍所在地乡镇人民政府（街道办事处）提出书面申请。",
        ),
        (
            "第四条",
            "乡镇人民政府（街道办事处）应当自受理申请之日起，通过入户调查等方式核查家庭经济状况。",
        ),
        ("第五条", "县级民政部门应当自收到审核意见之日起作出审批决定。"),
    ]
    secs = [
        ConsultationSection.objects.create(consultation=c, order=k + 1, heading=h, text=t)
        for k, (h, t) in enumerate(sections)
    ]
    opinions = [
        (
            1,
            "建议将重病、重残人员单独纳入，不受家庭整体收入限制。",
            ConsultationComment.ADOPTED,
            "",
        ),
        (
            2,
            "建议明确“财产状况符合规定”的具体标准，如车辆、存款额度。",
            ConsultationComment.ADOPTED,
            "",
        ),
        (
            2,
            "外出务工收入难以核实，建议按实际到手收入计算。",
            ConsultationComment.PARTLY,
            "务工收入按可核实部分计算，无法核实的参照当地最低工资标准。",
        ),
        (3, "建议允许村级代办员代为申请，老人不方便跑乡镇。", ConsultationComment.ADOPTED, ""),
        (3, "建议申请可以在网上提交。", ConsultationComment.ADOPTED, ""),
        (
            4,
            "入户调查应有两名以上工作人员，并公示调查结果。",
            ConsultationComment.PARTLY,
            "调查结果按《社会救助暂行办法》在村务公开栏公示，人数不作硬性规定。",
        ),
        (
            5,
            "审批时限太长，建议缩短到10天。",
            ConsultationComment.NOT_ADOPTED,
            "审批时限由上位法规定，本办法不宜另行规定。",
        ),
        (
            None,
            "低保标准应每年提高。",
            ConsultationComment.NOT_ADOPTED,
            "低保标准由州人民政府另行公布，不属于本办法调整范围。",
        ),
    ]
    for k, (sec, text, adoption, reason) in enumerate(opinions):
        ConsultationComment.objects.create(
            consultation=c,
            section=secs[sec - 1] if sec else None,
            author_name=rng.choice(["网友", "吉首市民", "泸溪村民", "民政干部", "社工"]),
            text=text,
            public_text=text,
            state=ConsultationComment.PUBLISHED,
            adoption=adoption,
            adoption_reason=reason,
            submitted_at=timezone.make_aware(dt.datetime(2026, 9, 3 + 3 * k, 9, 30)),
        )
    ConsultationComment.objects.create(
        consultation=c,
        section=secs[0],
        author_name="匿名",
        text="代开发票请联系13800001111",
        public_text="代开发票请联系138****1111",
        held_words=["代开发票"],
        state=ConsultationComment.HIDDEN,
        hidden_reason="广告信息",
        submitted_at=timezone.make_aware(dt.datetime(2026, 9, 15, 22, 0)),
    )
    say("民意征集：1 项（含意见与采纳情况）")


def _survey(rng: random.Random, today: dt.date, say) -> None:
    if Survey.objects.exists():
        return
    agency = Agency.objects.get(jurisdiction__code="433100", kind=Agency.GOVERNMENT)
    s = Survey.objects.create(
        title="湘西州政务服务满意度调查（2026年）",
        description="为改进政务服务，请您花两分钟填写问卷。",
        agency=agency,
        opens_on=dt.date(2026, 10, 1),
        closes_on=max(today + dt.timedelta(days=30), dt.date(2026, 12, 31)),
    )
    q1 = SurveyQuestion.objects.create(
        survey=s, order=1, text="您最近一次办事的渠道", kind=SurveyQuestion.SINGLE
    )
    q2 = SurveyQuestion.objects.create(
        survey=s, order=2, text="您认为最需要改进的方面（可多选）", kind=SurveyQuestion.MULTIPLE
    )
    q3 = SurveyQuestion.objects.create(
        survey=s, order=3, text="您的其他意见和建议", kind=SurveyQuestion.TEXT, required=False
    )
    c1 = [
        SurveyChoice.objects.create(question=q1, order=k, text=t)
        for k, t in enumerate(["政务服务中心窗口", "网上办理", "乡镇便民服务中心", "村级代办"], 1)
    ]
    c2 = [
        SurveyChoice.objects.create(question=q2, order=k, text=t)
        for k, t in enumerate(["办理时间", "材料要求", "窗口态度", "网上办事操作", "排队等候"], 1)
    ]
    texts = ["希望周末也能办理", "网上办事系统有时打不开", "村里代办员很负责", "", ""]
    for k in range(60):
        r = SurveyResponse.objects.create(survey=s, session_key=f"demo-{k:04d}")
        answers = [
            SurveyAnswer(response=r, question=q1, choice=rng.choices(c1, [40, 30, 20, 10])[0])
        ]
        for ch in rng.sample(c2, rng.randint(1, 3)):
            answers.append(SurveyAnswer(response=r, question=q2, choice=ch))
        text = rng.choice(texts)
        if text:
            answers.append(SurveyAnswer(response=r, question=q3, text=text))
        SurveyAnswer.objects.bulk_create(answers)
    say("征集调查：1 项，60 份答卷")
