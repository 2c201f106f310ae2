"""The demo's 公共资源交易: a year of projects of each kind in the trading centres of the 州 and the
8 counties (Xiangxi's real places; owners are the org demo's bodies; amounts as such projects
cost). 工程 (县乡公路、学校、水利、安置房), 采购 (设备、课桌椅、信息化、车辆, by each method), 土地
(a parcel of each county, 挂牌 or 拍卖) and 国有产权 (shares and assets of the 州's own companies,
disclosed by the 州财政局 as the 国资 body). Every step goes through `services.take_step` with its
own date, in the past, so the rule rows hold and the clocks run as they would have: projects
started in the last weeks are still in their periods (clocks running), two were left waiting
past their limits (a candidates' 公示 and a contract not yet published), so 电子监察 cards them.
Deterministic; a second run adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhengwu.core import calendar
from zhengwu.org.models import Agency, ServiceCentre, User

from . import services
from .models import Project

PLACES = {
    "433101": ["乾州", "矮寨", "马颈坳", "太平", "己略", "石家冲"],
    "433122": ["浦市", "武溪", "达岚", "潭溪"],
    "433123": ["沱江", "廖家桥", "阿拉营", "山江"],
    "433124": ["边城", "民乐", "龙潭", "吉卫"],
    "433125": ["迁陵", "葫芦", "清水坪", "碗米坡"],
    "433126": ["古阳", "默戎", "红石林", "高峰"],
    "433127": ["灵溪", "芙蓉镇", "塔卧", "石堤"],
    "433130": ["民安", "里耶", "洗车河", "石牌"],
}
PLACES["433100"] = ["吉首", "矮寨", "凤凰", "里耶"]
COUNTIES = list(PLACES)

# (name pattern, owner's short name, budget range in 万元)
WORKS = [
    ("{place}至{other}县乡公路提质改造工程", "住建", (800, 4200)),
    ("{place}中心小学教学综合楼建设工程", "教育", (600, 2600)),
    ("{place}镇农村安全饮水巩固提升工程", "农业农村", (300, 1500)),
    ("{place}河道综合治理及防洪堤建设工程", "农业农村", (900, 3800)),
    ("{place}片区棚户区改造安置房建设工程（一期）", "住建", (2500, 9000)),
    ("{place}卫生院业务用房改扩建工程", "卫健", (400, 1200)),
]
GOODS = [
    ("{gov}中小学课桌椅采购项目", "教育", (80, 260), "open_tender"),
    ("{gov}智慧教室信息化设备采购项目", "教育", (150, 600), "open_tender"),
    ("{gov}政务服务中心自助终端及排队叫号系统采购项目", "政府办", (40, 120),
     "competitive_consultation"),
    ("{gov}乡镇卫生院医疗设备采购项目", "卫健", (120, 480), "open_tender"),
    ("{gov}执法执勤车辆采购项目", "公安", (60, 180), "inquiry"),
    ("{gov}城区道路保洁服务采购项目", "住建", (90, 300), "competitive_negotiation"),
    ("{gov}农产品质量安全检测仪器采购项目", "农业农村", (30, 90), "single_source"),
    ("{gov}电子政务外网运维服务采购项目", "政府办", (50, 160), "competitive_consultation"),
]  # fmt: skip
BUILDERS = [
    "湖南湘西建设工程有限公司", "湘西自治州路桥建设有限责任公司", "湖南省建筑工程集团有限公司",
    "湖南武陵建设集团有限公司", "中建五局第三建设有限公司", "湖南省水利水电第一工程有限公司",
    "湘西华发建筑工程有限公司", "吉首市城乡建设开发有限公司", "凤凰县德建建筑有限公司",
]  # fmt: skip
SUPPLIERS = [
    "湖南金鹰教学设备有限公司", "长沙华腾信息技术有限公司", "湘西州天成科技有限公司",
    "湖南康程医疗器械有限公司", "湖南省汽车销售有限公司湘西分公司", "湖南博达信息产业有限公司",
    "吉首市明光办公设备有限公司", "湖南绿源环境服务有限公司", "怀化市鑫达仪器设备有限公司",
]  # fmt: skip
BUYERS = ["湘西经开区建设投资有限公司", "湖南湘泉置业有限公司", "吉首华润房地产开发有限公司",
          "湘西天韵置业有限公司", "凤凰古城文化旅游投资股份有限公司"]  # fmt: skip
PROPERTIES = [
    ("湘西自治州国有资产经营有限公司所持湘西州自来水有限公司20%股权转让", "transfer", 3200),
    ("湘西自治州交通建设投资有限公司增资扩股项目", "capital_increase", 12000),
    ("湘西自治州城市建设投资有限公司闲置办公用房资产转让", "asset_transfer", 460),
]


@dataclass
class Plan:
    kind: str
    method: str
    name: str
    code: str  # the jurisdiction
    owner: str  # the owner's short name
    budget: int  # 元
    start: dt.date
    stall: int | None = None  # stop after this many steps (None: as far as today allows)


def _agency(code: str, short: str) -> Agency:
    return Agency.objects.get(jurisdiction__code=code, short_name=short)


class Runner:
    """Takes a project's steps on their dates, the dates chosen so every rule holds."""

    def __init__(self, by, today: dt.date, rng: random.Random):
        self.by, self.today, self.rng = by, today, rng

    def work(self, day: dt.date, code: str) -> dt.date:
        return calendar.for_jurisdiction(code).next_workday_on_or_after(day)

    def run(self, plan: Plan) -> Project:
        owner = _agency(plan.code, plan.owner)
        centre = ServiceCentre.objects.filter(
            jurisdiction__code=plan.code, kind=ServiceCentre.CENTRE
        ).first()
        supervisor = {
            "engineering": "住建",
            "procurement": "财政",
        }.get(plan.kind)
        data = {
            "kind": plan.kind,
            "method": plan.method,
            "name": plan.name,
            "owner": owner,
            "budget": str(plan.budget),
            "centre": centre,
            "supervisor": _agency(plan.code, supervisor) if supervisor else None,
            "agent_name": ""
            if plan.kind in ("land", "property")
            else self.rng.choice(
                [
                    "湘西州公共资源招标代理有限公司",
                    "湖南省招标有限责任公司",
                    "湖南天鉴工程项目管理有限公司",
                ]
            ),  # fmt: skip
            "content": f"{plan.name}，预算（估算）金额{plan.budget / 10000:,.0f}万元。",
        }
        project = services.create_project(data, by=self.by, today=plan.start)
        steps = getattr(self, plan.kind)(project, plan)
        for n, (action, on, extra) in enumerate(steps, start=1):
            if on > self.today or (plan.stall is not None and n > plan.stall):
                break
            project, _, _ = services.take_step(
                project, f"trading.{action}", {"on": on, **extra}, by=self.by, today=on
            )
        return project

    def _bidders(self, names: list[str], budget: int, n: int) -> list[dict]:
        chosen = self.rng.sample(names, n)
        return [
            {"name": name, "price": f"{budget * self.rng.uniform(0.86, 0.99):.2f}"}
            for name in chosen
        ]

    def engineering(self, p: Project, plan: Plan) -> list:
        c, w = plan.code, self.work
        issued = w(plan.start, c)
        deadline = w(issued + dt.timedelta(days=21), c)
        bidders = self._bidders(BUILDERS, plan.budget, self.rng.randint(4, 6))
        ranked = sorted(bidders, key=lambda b: float(b["price"]))[:3]
        report = w(deadline + dt.timedelta(days=2), c)
        shown = w(report + dt.timedelta(days=1), c)
        ends = shown + dt.timedelta(days=3)
        award = w(ends + dt.timedelta(days=1), c)
        signed = w(award + dt.timedelta(days=self.rng.randint(7, 20)), c)
        return [
            ("tender_published", issued, {"bid_deadline": deadline}),
            ("bids_opened", deadline, {"facts": {"bidders": bidders}}),
            ("report_received", report, {}),
            ("candidates_published", shown,
             {"publicity_ends": ends, "facts": {"candidates": [dict(b) for b in ranked]}}),
            ("awarded", award,
             {"facts": {"winner": {"name": ranked[0]["name"], "amount": ranked[0]["price"]}}}),
            ("contract_signed", signed, {}),
            ("contract_published", w(signed + dt.timedelta(days=1), c), {}),
        ]  # fmt: skip

    def procurement(self, p: Project, plan: Plan) -> list:
        c, w = plan.code, self.work
        steps: list = []
        issued = w(plan.start, c)
        if plan.method == "open_tender":
            steps.append(("intent_published", issued, {}))
            issued = w(issued + dt.timedelta(days=31), c)
        if plan.method in ("open_tender", "invited_tender"):
            deadline = w(issued + dt.timedelta(days=21), c)
        elif plan.method == "competitive_consultation":
            deadline = w(issued + dt.timedelta(days=11), c)
        else:  # 询价, 竞争性谈判 (3 个工作日), 单一来源 (公示 5 个工作日)
            deadline = calendar.add_workdays(issued, 6, c)
        many = 1 if plan.method == "single_source" else self.rng.randint(3, 5)
        bidders = self._bidders(SUPPLIERS, plan.budget, many)
        best = min(bidders, key=lambda b: float(b["price"]))
        confirmed = w(deadline + dt.timedelta(days=self.rng.randint(1, 3)), c)
        published = calendar.add_workdays(confirmed, 1, c)
        signed = w(published + dt.timedelta(days=self.rng.randint(5, 20)), c)
        steps += [
            ("tender_published", issued, {"bid_deadline": deadline}),
            ("bids_opened", deadline, {"facts": {"bidders": bidders}}),
            ("report_received", deadline, {}),
            ("result_confirmed", confirmed, {}),
            ("result_published", published,
             {"facts": {"winner": {"name": best["name"], "amount": best["price"]}}}),
            ("contract_signed", signed, {}),
            ("contract_published", calendar.add_workdays(signed, 1, c), {}),
        ]  # fmt: skip
        return steps

    def land(self, p: Project, plan: Plan) -> list:
        c, w = plan.code, self.work
        announced = w(plan.start, c)
        starts = w(announced + dt.timedelta(days=21), c)
        ends = calendar.add_workdays(starts, 10, c) if plan.method == "listing" else starts
        price = f"{plan.budget * self.rng.uniform(1.0, 1.35):.2f}"
        return [
            ("land_announced", announced, {"listing_starts": starts, "listing_ends": ends}),
            ("land_dealt", ends,
             {"facts": {"winner": {"name": self.rng.choice(BUYERS), "amount": price}}}),
            ("land_result_published", calendar.add_workdays(ends, 2, c), {}),
        ]  # fmt: skip

    def property(self, p: Project, plan: Plan) -> list:
        c, w = plan.code, self.work
        pre = w(plan.start, c)
        starts = w(pre + dt.timedelta(days=25), c)
        days = 10 if plan.method == "asset_transfer" else 20
        ends = calendar.add_workdays(starts, days, c)
        price = f"{plan.budget * self.rng.uniform(1.0, 1.2):.2f}"
        steps: list = (
            [] if plan.method == "asset_transfer" else [("property_predisclosed", pre, {})]
        )
        return [
            *steps,
            ("property_disclosed", starts, {"disclosure_ends": ends}),
            ("property_dealt", w(ends + dt.timedelta(days=1), c),
             {"facts": {"winner": {"name": self.rng.choice(BUYERS), "amount": price}}}),
        ]  # fmt: skip


def plans(today: dt.date, rng: random.Random) -> list[Plan]:
    """About 60 projects: each jurisdiction's works, goods and a parcel; the 州's properties."""
    out: list[Plan] = []
    for i, code in enumerate(COUNTIES):
        places = PLACES[code]
        gov = "湘西州" if code == "433100" else Agency.objects.get(
            jurisdiction__code=code, kind=Agency.GOVERNMENT).jurisdiction.name  # fmt: skip
        for k in range(2):
            pattern, owner, (lo, hi) = WORKS[(i * 2 + k) % len(WORKS)]
            place, other = places[k % len(places)], places[(k + 1) % len(places)]
            out.append(Plan("engineering", "open_tender",
                            pattern.format(place=place, other=other), code, owner,
                            rng.randint(lo, hi) * 10000, today - dt.timedelta(days=rng.randint(45, 360))))  # fmt: skip
        for k in range(3 if code not in ("433100", "433101") else 4):
            pattern, owner, (lo, hi), method = GOODS[(i * 3 + k) % len(GOODS)]
            out.append(Plan("procurement", method, pattern.format(gov=gov), code, owner,
                            rng.randint(lo, hi) * 10000, today - dt.timedelta(days=rng.randint(20, 360))))  # fmt: skip
        place = places[-1]
        year = today.year
        out.append(Plan("land", "listing" if i % 3 else "auction",
                        f"{gov}{place}片区{year}-{i + 3:02d}号国有建设用地使用权出让", code,
                        "自然资源", rng.randint(600, 5200) * 10000,
                        today - dt.timedelta(days=rng.randint(40, 300))))  # fmt: skip
    for name, method, wan in PROPERTIES:
        out.append(Plan("property", method, name, "433100", "财政", wan * 10000,
                        today - dt.timedelta(days=rng.randint(40, 300))))  # fmt: skip
    # Two in five started in the last 80 days: at every stage now, their clocks running.
    for index, p in enumerate(out):
        if index % 5 in (0, 3):
            p.start = today - dt.timedelta(days=rng.randint(3, 80))
    # Two left past their limits: candidates not published after the report (3 日), a
    # procurement contract signed and not published (2 个工作日).
    out[1].start, out[1].stall = today - dt.timedelta(days=60), 3
    tenders = [p for p in out if p.kind == "procurement" and p.method == "open_tender"]
    tenders[0].start, tenders[0].stall = today - dt.timedelta(days=120), 7
    # Two not announced yet: a purchase whose 采购意向 is out, a road still being prepared; a
    # share transfer in its disclosure period.
    tenders[1].start, tenders[1].stall = today - dt.timedelta(days=12), 1
    out[0].start, out[0].stall = today - dt.timedelta(days=6), 0
    shares = next(p for p in out if p.kind == "property")
    shares.start = today - dt.timedelta(days=30)
    return out


@transaction.atomic
def build(stdout=None) -> None:
    say = stdout.write if stdout else (lambda s: None)
    if Project.objects.exists():
        return
    by = User.objects.filter(is_superuser=True).order_by("id").first()
    if by is None:
        return
    today = timezone.localdate()
    rng = random.Random(24)
    runner = Runner(by, today, rng)
    made = [runner.run(plan) for plan in plans(today, rng)]
    closed = sum(p.state == Project.CLOSED for p in made)
    say(f"公共资源交易：{len(made)} 个项目（已完成 {closed} 个，其余在各环节办理中）")
