"""Demo of 政民互动: a mailbox for every government and department of the 州 and the 8 counties,
~200 messages of 2025–2026 (most answered, some late, a few hidden by moderation), a past
interview with its transcript and an upcoming one, a consultation with its feedback, a survey
with answers and a few complaints. Deterministic (seeded) and idempotent."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, calendar, clock, tracking
from zhengwu.core.models import Clock
from zhengwu.org.models import Agency, Jurisdiction, User

from . import abuse, moderation, services
from .models import (
    Complaint,
    Consultation,
    ConsultationComment,
    ConsultationSection,
    Interview,
    InterviewImage,
    InterviewPost,
    InterviewQuestion,
    Mailbox,
    Message,
    SensitiveWord,
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyQuestion,
    SurveyResponse,
)

SENSITIVE_WORDS = [
    ("代开发票", SensitiveWord.HOLD, "广告"),
    ("办证刻章", SensitiveWord.HOLD, "广告"),
    ("网络赌博", SensitiveWord.HOLD, "违法信息"),
    ("枪支弹药", SensitiveWord.HOLD, "违法信息"),
    ("傻逼", SensitiveWord.MASK, "辱骂"),
    ("王八蛋", SensitiveWord.MASK, "辱骂"),
]

TOPICS = {
    "教育": "学校 学费 收费 教师 入学 招生 教育 校车",
    "民政": "低保 救助 养老院 殡葬 婚姻 残疾 困难",
    "住建": "道路 路灯 房屋 物业 小区 燃气 维修 危房",
    "农业农村": "饮水 自来水 农村 种植 养殖 农机 水管",
    "人社": "社保 工资 就业 欠薪 养老保险 退休",
    "卫健": "医院 医保 疫苗 卫生院 看病",
    "市场监管": "食品 价格 假冒 商品 商家 消费",
    "公安": "户口 身份证 治安 交通违法 派出所",
    "自然资源": "土地 宅基地 规划 征地",
    "财政": "补贴 资金 补助",
    "发改": "项目 电价 物价",
}

# (kind, department short name or "gov", title, body, reply)
LETTERS = [
    (
        "help",
        "住建",
        "{place}通村公路坑洼严重请求维修",
        "{place}到镇上的通村公路去年雨季冲毁多处，路面坑洼，摩托车和校车通行困难，"
        "村民多次反映未果，恳请有关部门尽快安排维修。联系人电话{phone}。",
        "经实地查看，该路段列入今年农村公路养护计划，已安排养护队于本月内完成坑槽修补，"
        "雨季前完成边沟清理。感谢您的监督。",
    ),
    (
        "consult",
        "民政",
        "低保申请需要哪些材料",
        "我家住{place}，丈夫去年因病去世，家里两个孩子上学，想申请低保，"
        "请问需要准备哪些材料，到哪里办理？我的身份证号是{idn}。",
        "您可携带户口簿、身份证、家庭收入及财产情况说明到户籍所在地乡镇（街道）便民服务中心申请，"
        "也可由村级代办员代办。乡镇将在受理后入户调查，县民政局审批。",
    ),
    (
        "complain",
        "教育",
        "{place}学校违规收取资料费",
        "{place}学校本学期向每名学生收取资料费120元，没有开具票据，请问是否符合规定？",
        "经调查，该校存在代收教辅资料费用未按规定公示的问题，已责令全额退还并通报批评，"
        "同时在全县开展中小学收费专项检查。",
    ),
    (
        "help",
        "农业农村",
        "{place}组里自来水经常停水",
        "{place}组里饮水工程的水管老化，今年以来停水十几次，夏天最长停了一个星期，"
        "老人小孩吃水困难，请帮忙解决。",
        "经核实，该供水点管网老化，已纳入农村饮水安全巩固提升工程，更换主管约1.2公里，"
        "施工期间安排送水车保障用水。",
    ),
    (
        "suggest",
        "gov",
        "关于在{place}增设公交站点的建议",
        "{place}附近居民和学生较多，最近的公交站距离1公里以上，建议增设站点并延长末班车时间。",
        "您的建议已转交公交公司研究，拟在下一次线路调整时增设站点，末班车时间延长至20:30。",
    ),
    (
        "consult",
        "人社",
        "灵活就业人员如何缴纳养老保险",
        "我在外地打工多年现回{place}，想以灵活就业人员身份缴纳城镇职工养老保险，请问如何办理？",
        "您可持身份证到县社保经办窗口或通过湖南智慧人社APP办理灵活就业人员参保登记，"
        "缴费基数可在规定范围内自选。",
    ),
    (
        "report",
        "市场监管",
        "{place}有商家销售过期食品",
        "{place}一家超市货架上有多种过期饼干和饮料，向店主反映后仍在销售。",
        "执法人员已到现场检查，查扣过期食品23件，依法立案调查，并对周边商户开展食品安全检查。",
    ),
    (
        "complain",
        "人社",
        "{place}工地拖欠农民工工资",
        "我们在{place}一处工地干了四个月，老板拖欠工资共8万多元，一直推脱，请政府帮忙追讨。",
        "经劳动保障监察大队调查，已责令施工单位限期支付，目前拖欠工资已全部结清。",
    ),
    (
        "consult",
        "公安",
        "异地身份证换领怎么办理",
        "我户籍在{place}，现在长沙工作，身份证快到期了，能否在长沙换领？",
        "居民身份证可在全国范围内异地换领，您可携带原身份证到长沙任一户政窗口办理，无需回户籍地。",
    ),
    (
        "help",
        "卫健",
        "{place}卫生院缺少儿科医生",
        "{place}卫生院没有儿科医生，孩子生病要跑到县城，希望能安排儿科医生坐诊。",
        "县卫健局已安排县人民医院儿科医生每周二、周五到该卫生院坐诊，并开展远程会诊。",
    ),
    (
        "suggest",
        "自然资源",
        "宅基地审批时间太长",
        "{place}农户申请宅基地建房，审批流程要跑多个部门，希望简化流程。",
        "县里已推行农村宅基地和建房审批“一窗受理、限时办结”，审批时限压缩至20个工作日。",
    ),
]

FENGHUANG_LETTERS = [
    (
        "complain",
        "gov",
        "凤凰古城景区停车收费混乱",
        "国庆期间在凤凰古城周边停车，有人私设停车点收费50元，没有任何票据，影响凤凰旅游形象。",
        "县城管、交警和文旅部门已联合整治，取缔私设停车点6处，公布规范停车场和收费标准。",
    ),
    (
        "suggest",
        "gov",
        "凤凰古城景区夜间噪音扰民",
        "沱江边酒吧夜间音响声音太大，影响居民休息，建议规定营业时间和音量。",
        "县政府已出台沱江沿岸酒吧经营管理规定，晚上11点后禁止室外音响，并安排夜间巡查。",
    ),
    (
        "consult",
        "gov",
        "凤凰景区门票对本地居民是否免费",
        "请问凤凰县户籍居民进入景区是否免费？需要办理什么证件？",
        "凤凰县户籍居民凭身份证可免费进入县内国有景区，无需另行办证。",
    ),
]

# Places a letter names, per county (its townships): a letter names a place of the county whose
# mailbox it is written to; a letter to the 州 may name any of them.
PLACES = {
    "433101": ["石家冲", "乾州", "矮寨", "马颈坳", "太平", "己略"],
    "433122": ["浦市", "武溪", "达岚", "潭溪"],
    "433123": ["廖家桥", "沱江", "阿拉营", "山江"],
    "433124": ["边城", "民乐", "龙潭", "吉卫"],
    "433125": ["迁陵", "葫芦", "清水坪", "碗米坡"],
    "433126": ["古阳", "默戎", "红石林", "高峰"],
    "433127": ["芙蓉镇", "灵溪", "塔卧", "石堤"],
    "433130": ["里耶", "洗车河", "石牌", "苗儿滩"],
}
PLACES["433100"] = [p for places in PLACES.values() for p in places]


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


def _mailboxes(say) -> dict[str, list[Mailbox]]:
    root = Jurisdiction.objects.get(code="433100")
    governments = [root, *Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code")]
    by_code: dict[str, list[Mailbox]] = {}
    for j in governments:
        for agency in Agency.objects.filter(
            jurisdiction=j, kind__in=[Agency.GOVERNMENT, Agency.DEPARTMENT]
        ):
            if agency.kind == Agency.GOVERNMENT:
                leader = (
                    "州长"
                    if j.level == Jurisdiction.PREFECTURE
                    else ("市长" if j.name.endswith("市") else "县长")
                )
                name, kind, topics = f"{j.short_name}{leader}信箱", Mailbox.LEADER, ""
            else:
                name, kind = f"{agency.name}信箱", Mailbox.DEPARTMENT
                topics = TOPICS.get(agency.short_name, "")
            box, _ = Mailbox.objects.update_or_create(
                agency=agency, defaults={"name": name, "kind": kind, "topics": topics}
            )
            by_code.setdefault(j.code, []).append(box)
    say(f"信箱：{Mailbox.objects.count()} 个")
    return by_code


def _citizens() -> list[User]:
    return list(User.objects.filter(kind=User.CITIZEN).order_by("username")[:2])


def _messages(rng: random.Random, boxes: dict[str, list[Mailbox]], today: dt.date, say) -> None:
    if Message.objects.exists():
        say(f"网民留言：已有 {Message.objects.count()} 条，跳过")
        return
    citizens = _citizens()
    start = dt.date(2025, 1, 6)
    span = (today - start).days
    codes = sorted(boxes)
    created = 0
    for i in range(200):
        code = codes[i % len(codes)]
        if code == "433123" and rng.random() < 0.5:
            kind, dept, title, body, reply_text = rng.choice(FENGHUANG_LETTERS)
        else:
            kind, dept, title, body, reply_text = rng.choice(LETTERS)
        box_list = boxes[code]
        box = next(
            (
                b
                for b in box_list
                if (dept == "gov") == (b.kind == Mailbox.LEADER)
                and (dept == "gov" or b.agency.short_name == dept)
            ),
            box_list[0],
        )
        if rng.random() < 0.12:  # some letters go to the leader's mailbox anyway
            box = next(b for b in box_list if b.kind == Mailbox.LEADER)
        place = rng.choice(PLACES[code])
        phone = f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        idn = "433101198803140228"
        day = start + dt.timedelta(days=int(span * i / 200) + rng.randint(0, 2))
        day = min(day, today)
        submitted = timezone.make_aware(
            dt.datetime.combine(day, dt.time(8 + rng.randint(0, 10), rng.randint(0, 59)))
        )
        writer = citizens[i % 2] if citizens and i % 9 == 0 else None
        number = f"{day:%Y%m%d}{100000 + i:06d}"
        m = Message.objects.create(
            number=number,
            query_code_hash=tracking.hash_code(number, f"{(i * 7919) % 1000000:06d}"),
            kind=kind,
            mailbox=box,
            agency_id=box.agency_id,
            scope_path=box.scope_path,
            title=title.format(place=place)[:100],
            body=body.format(place=place, phone=phone, idn=idn),
            writer=writer,
            writer_name=writer.real_name
            if writer
            else rng.choice("张王李刘陈杨黄向彭田龙石吴麻") + rng.choice(["先生", "女士"]),
            writer_phone=writer.phone if writer else phone,
            allow_publish=rng.random() < 0.85,
            submitted_at=submitted,
            fingerprint=abuse.fingerprint(body.format(place=place, phone=phone, idn=idn)),
        )
        c = clock.start(
            m,
            purpose=services.REPLY_CLOCK,
            started_on=day,
            limit=box.reply_limit,
            jurisdiction_code=code,
            scope_path=m.scope_path,
            agency_id=m.agency_id,
        )
        m.due_on = c.due_date
        age = (today - day).days
        if age > 20 or (age > 3 and rng.random() < 0.6):
            m.accepted_on = calendar.add_workdays(day, 1, code)
            late = rng.random() < 0.1
            n = box.reply_limit + rng.randint(1, 6) if late else rng.randint(2, box.reply_limit)
            m.replied_on = min(calendar.add_workdays(day, n, code), today)
            m.state, m.reply, m.reply_agency_id = Message.REPLIED, reply_text, m.agency_id
            m.on_time = m.replied_on <= c.due_date
            clock.stop(c, on=m.replied_on)
            if m.allow_publish:
                (m.public_title, m.public_body, m.public_reply), m.held_words = (
                    moderation.screen_all(m.title, m.body, m.reply)
                )
                m.publication = Message.PUBLISHED
                m.published_at = submitted + dt.timedelta(days=n + 1)
                if rng.random() < 0.04:
                    m.publication = Message.HIDDEN
                    m.hidden_reason = "留言涉及他人隐私，不宜公开"
            if rng.random() < 0.7:
                m.satisfaction = rng.choices(
                    [Message.SATISFIED, Message.BASIC, Message.UNSATISFIED], [70, 20, 10]
                )[0]
                m.rated_at = submitted + dt.timedelta(days=n + 2)
        elif age > 1:
            m.state, m.accepted_on = Message.ACCEPTED, calendar.add_workdays(day, 1, code)
        m.save()
        created += 1
    # One letter with a sensitive word, answered and waiting in the moderation queue.
    gov = boxes["433100"][0]
    m, _code = services.submit_message(
        mailbox=gov,
        kind=Message.REPORT,
        title="有人在小区张贴代开发票广告",
        body="乾州小区门口电线杆上贴满了代开发票、办证刻章的小广告，联系电话13907431234，请清理。",
        name="向女士",
        phone="13907431234",
    )
    Message.objects.filter(pk=m.pk).update(
        state=Message.REPLIED,
        accepted_on=today,
        replied_on=today,
        reply="已通知城管部门清理小广告并依法查处张贴者。",
        reply_agency_id=gov.agency_id,
        on_time=True,
        publication=Message.PENDING,
        public_title=m.title,
        public_body=moderation.screen(m.body).text,
        public_reply="已通知城管部门清理小广告并依法查处张贴者。",
        held_words=moderation.screen(m.body).held,
    )
    for c in clock.clocks_of(m):
        clock.stop(c, on=today)
    audit.record(
        "interaction.demo_loaded",
        object_type="interaction.message",
        after={"messages": created + 1},
    )
    say(f"网民留言：{created + 1} 条")


def _interviews(today: dt.date, say) -> None:
    if Interview.objects.exists():
        return
    handler = (
        User.objects.filter(username="handler").first()
        or User.objects.filter(is_superuser=True).first()
    )
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


def _complaints(today: dt.date, say) -> None:
    if Complaint.objects.exists():
        return
    citizens = _citizens()
    if not citizens:
        return
    market = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")
    fh_gov = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    rows = [
        (
            Complaint.AGENCY,
            market,
            "营业执照变更多次被要求补交材料",
            "办理营业执照变更时，窗口三次要求补交不同材料，没有一次性告知。",
            3,
            None,
        ),
        (
            Complaint.DISCLOSURE,
            fh_gov,
            "政府信息公开申请逾期未答复",
            "我于9月提交的政府信息公开申请至今未收到答复。",
            40,
            "accepted",
        ),
        (
            Complaint.WINDOW,
            market,
            "窗口工作人员态度生硬",
            "在市政务服务中心市场监管窗口咨询时，工作人员态度生硬、不耐烦。",
            60,
            "answered",
        ),
    ]
    supervisor = User.objects.filter(username="supervisor").first()
    for k, (about, agency, title, body, age, outcome) in enumerate(rows):
        day = today - dt.timedelta(days=age)
        c = Complaint.objects.create(
            number=f"TS{day:%Y%m%d}{k + 1:05d}",
            about=about,
            subject_reference="GK2026-0915-003" if about == Complaint.DISCLOSURE else "",
            window=agency.windows.first() if about == Complaint.WINDOW else None,
            agency=agency,
            scope_path=agency.scope_path,
            complainant=citizens[k % len(citizens)],
            phone=citizens[k % len(citizens)].phone,
            title=title,
            body=body,
            submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
        )
        jcode = agency.scope_path.rstrip("/").split("/")[-1]
        accept_clock = clock.start(
            c,
            purpose=services.COMPLAINT_ACCEPT_CLOCK,
            started_on=day,
            limit=5,
            jurisdiction_code=jcode,
            scope_path=c.scope_path,
            agency_id=agency.pk,
        )
        c.due_on = accept_clock.due_date
        if outcome:
            decided = calendar.add_workdays(day, 3, jcode)
            clock.stop(accept_clock, on=decided)
            c.state, c.decided_on = Complaint.ACCEPTED, decided
            c.decision_reason = "投诉事项属实，予以受理，转被投诉单位核查整改。"
            answer_clock = clock.start(
                c,
                purpose=services.COMPLAINT_ANSWER_CLOCK,
                started_on=decided,
                limit=15,
                jurisdiction_code=jcode,
                scope_path=c.scope_path,
                agency_id=agency.pk,
            )
            c.due_on = answer_clock.due_date
            if outcome == "answered":
                c.state, c.answered_on = (
                    Complaint.ANSWERED,
                    calendar.add_workdays(decided, 8, jcode),
                )
                c.answer = (
                    "经核查，该窗口工作人员服务态度确有不当，已批评教育并调离窗口岗位，向您致歉。"
                )
                clock.stop(answer_clock, on=c.answered_on)
                c.due_on = None
        c.save()
    if supervisor:
        audit.record(
            "interaction.demo_complaints",
            object_type="interaction.complaint",
            actor=supervisor,
            after={"count": len(rows)},
        )
    say(f"行政投诉：{len(rows)} 件")


@transaction.atomic
def build(stdout=None) -> dict:
    say = (lambda s: stdout.write(s + "\n")) if stdout else (lambda s: None)
    rng = random.Random(6)
    today = timezone.localdate()
    for word, action, note in SENSITIVE_WORDS:
        SensitiveWord.objects.get_or_create(word=word, defaults={"action": action, "note": note})
    boxes = _mailboxes(say)
    _messages(rng, boxes, today, say)
    _interviews(today, say)
    _consultation(rng, say)
    _survey(rng, today, say)
    _complaints(today, say)
    month = today.replace(day=1)
    for _ in range(3):
        services.generate_opinion_reports(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    say("民意汇报：近3个月")
    return {"messages": Message.objects.count(), "clocks": Clock.objects.count()}
