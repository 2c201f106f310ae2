"""The 年度工作 API (/api/v1/programmes/…): the same services as the pages, scoped the same way.
Staff paths take a token or the session; the register of filed plans, published cases and
published awards are public. Errors are JSON {code, message[, field]}; a stale `version` is a
409."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import NotFound
from zhengwu.org.models import Jurisdiction

from . import queries
from .models import AwardBudget, BestCase, CountyPlan
from .services import awards, common, plans, standardization, training

router = Router(tags=["年度工作"])


def _county_row(r, year: int) -> dict:
    return {
        "county": r.county.code,
        "name": r.county.name,
        "centres": r.centres,
        "fully_standardized": r.done,
        "planned": r.planned,
        "late": r.late,
        "on_plan": r.on_plan,
        "finish_year": r.finish_year(year),
        "outlook": r.outlook(year),
    }


@router.get("/standardization", auth=token_or_session, summary="各县市中心标准化建设进度")
def standardization_view(request, year: int | None = None):
    year = year or dt.date.today().year
    rows = queries.county_rows(queries.counties_visible_to(request.user), year)
    return {"year": year, "counties": [_county_row(r, year) for r in rows]}


def _centre(request, centre_id: int):
    centre = queries.centres_visible_to(request.user).filter(pk=centre_id).first()
    if centre is None:
        raise NotFound("没有这个服务中心，或不在您的辖区", code="unknown_centre")
    return centre


def _plan_out(plan) -> dict:
    return {
        "id": plan.pk,
        "centre": plan.centre.name,
        "year": plan.year,
        "deadline": plan.deadline,
        "version": plan.version,
        "standards": [
            {
                "standard": i.standard,
                "name": i.get_standard_display(),
                "task": i.task,
                "due_on": i.due_on,
                "met_on": i.met_on,
                "met": getattr(plan.centre, i.standard),
            }
            for i in plan.items.all()
        ],
    }


class PlanIn(Schema):
    """Each standard's task and due date (年-月-日); a standard left empty is not planned."""

    task_std_site: str = ""
    due_std_site: str = ""
    task_std_approval: str = ""
    due_std_approval: str = ""
    task_std_rules: str = ""
    due_std_rules: str = ""
    task_std_service: str = ""
    due_std_service: str = ""
    task_std_hardware: str = ""
    due_std_hardware: str = ""
    note: str = ""


class InspectionIn(Schema):
    """`met_<标准>`: "1" 达标, "0" 未达标, "" 本次未检查; `text_<标准>` the finding."""

    kind: str = "acceptance"
    held_on: str
    inspectors: str
    note: str = ""
    met_std_site: str = ""
    met_std_approval: str = ""
    met_std_rules: str = ""
    met_std_service: str = ""
    met_std_hardware: str = ""
    text_std_site: str = ""
    text_std_approval: str = ""
    text_std_rules: str = ""
    text_std_service: str = ""
    text_std_hardware: str = ""


@router.post(
    "/centres/{centre_id}/plans/{year}",
    auth=token_or_session,
    summary="制定或修改中心的年度标准化建设计划",
)
def save_plan(request, centre_id: int, year: int, payload: PlanIn):
    centre = _centre(request, centre_id)
    plan = standardization.save_plan(centre, year, payload.dict(), by=request.user)
    return _plan_out(plan)


@router.post(
    "/centres/{centre_id}/plans/{year}/inspections",
    auth=token_or_session,
    response={201: dict},
    summary="登记验收（检查）结果（佐证材料在页面上传）",
)
def inspect(request, centre_id: int, year: int, payload: InspectionIn):
    plan = standardization.plan_for(_centre(request, centre_id), year)
    inspection = standardization.record_inspection(plan, payload.dict(), by=request.user)
    plan.centre.refresh_from_db()
    return Status(201, {"id": inspection.pk, "plan": _plan_out(plan)})


def _county_plan_out(p: CountyPlan) -> dict:
    return {
        "id": p.pk,
        "county": p.jurisdiction.code,
        "county_name": p.jurisdiction.name,
        "year": p.year,
        "title": p.title,
        "summary": p.summary,
        "state": p.state,
        "state_label": p.get_state_display(),
        "return_reason": p.return_reason,
        "submitted_on": p.submitted_on,
        "filing_number": p.filing_number,
        "filed_on": p.filed_on,
        "version": p.version,
    }


@router.get("/county-plans", auth=token_or_session, summary="县市工作方案（本辖区）")
def county_plans(request, year: int | None = None):
    qs = queries.county_plans_visible_to(request.user)
    if year:
        qs = qs.filter(year=year)
    return [_county_plan_out(p) for p in qs]


@router.post(
    "/county-plans", auth=token_or_session, response={201: dict}, summary="上传县市工作方案"
)
def upload_plan(
    request,
    county: Form[str],
    year: Form[int],
    title: Form[str],
    summary: Form[str],
    file: File[UploadedFile],
):
    j = common.county_of(county)
    plan = plans.create(
        j, {"year": year, "title": title, "summary": summary}, file, by=request.user
    )
    return Status(201, _county_plan_out(plan))


class ActionIn(Schema):
    version: int | None = None
    reason: str = ""


@router.post(
    "/county-plans/{plan_id}/{action}",
    auth=token_or_session,
    summary="报送（submit）、退回（return）、备案（file）",
)
def plan_action(request, plan_id: int, action: str, payload: ActionIn):
    plan = queries.county_plans_visible_to(request.user).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("没有这个工作方案，或不在您的辖区", code="unknown_plan")
    if action == "submit":
        plans.submit(plan, by=request.user, version=payload.version)
    elif action == "return":
        plans.return_(plan, payload.reason, by=request.user, version=payload.version)
    elif action == "file":
        plans.file(plan, by=request.user, version=payload.version)
    else:
        raise NotFound("没有这个操作", code="unknown_action")
    return _county_plan_out(plan)


@router.get("/register", auth=public, summary="已备案的县市工作方案（公开）")
def register(request, county: str = ""):
    qs = CountyPlan.objects.filter(state=CountyPlan.FILED).select_related("jurisdiction")
    if county:
        qs = qs.filter(jurisdiction__code=county)
    return [
        {
            "county": p.jurisdiction.code,
            "county_name": p.jurisdiction.name,
            "year": p.year,
            "title": p.title,
            "summary": p.summary,
            "filing_number": p.filing_number,
            "filed_on": p.filed_on,
            "file": f"/xxgk/bagl/{p.pk}/file/",
        }
        for p in qs.order_by("-year", "jurisdiction__code")
    ]


class TrainingIn(Schema):
    held_on: dt.date
    subject: str
    organiser: str  # 统一社会信用代码，或 "j:<区划代码>"（政务公开办）
    trainers: str
    attendee_count: int
    bodies: list[str] = []


def _training_out(s) -> dict:
    return {
        "id": s.pk,
        "held_on": s.held_on,
        "subject": s.subject,
        "organiser": s.organiser_name,
        "trainers": s.trainers,
        "attendee_count": s.attendee_count,
        "bodies": [b.name for b in s.attendee_bodies.all()],
    }


@router.get("/training", auth=token_or_session, summary="培训（本辖区）")
def trainings(request, year: int | None = None):
    qs = queries.trainings_visible_to(request.user).prefetch_related("attendee_bodies")
    if year:
        qs = qs.filter(held_on__year=year)
    return [_training_out(s) for s in qs]


@router.post("/training", auth=token_or_session, response={201: dict}, summary="登记培训")
def record_training(request, payload: TrainingIn):
    data = payload.dict()
    bodies = data.pop("bodies")
    s = training.record_session(data, bodies, by=request.user)
    return Status(201, _training_out(s))


def _case_out(c: BestCase) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "body": c.body,
        "jurisdiction": c.jurisdiction.name,
        "agency": c.agency.name if c.agency else "",
        "state": c.state,
        "state_label": c.get_state_display(),
        "published_at": c.published_at,
        "version": c.version,
    }


@router.get("/cases", auth=public, summary="已发布的典型经验案例（公开）")
def cases(request):
    qs = BestCase.objects.filter(state=BestCase.PUBLISHED).select_related("jurisdiction", "agency")
    return [_case_out(c) for c in qs]


class CaseIn(Schema):
    jurisdiction: str
    title: str
    body: str
    agency: str = ""


@router.post("/staff/cases", auth=token_or_session, response={201: dict}, summary="撰写案例")
def create_case(request, payload: CaseIn):
    j = Jurisdiction.objects.filter(code=payload.jurisdiction).first()
    if j is None:
        raise NotFound("区划代码不存在", code="unknown_jurisdiction", field="jurisdiction")
    c = training.create_case(j, payload.dict(), by=request.user)
    return Status(201, _case_out(c))


@router.post(
    "/staff/cases/{case_id}/{action}",
    auth=token_or_session,
    summary="提交（submit）、退回（return）、发布（publish）、撤回（withdraw）",
)
def case_action(request, case_id: int, action: str, payload: ActionIn):
    c = queries.cases_visible_to(request.user).filter(pk=case_id).first()
    if c is None:
        raise NotFound("没有这个案例，或不在您的辖区", code="unknown_case")
    acts = {
        "submit": lambda: training.submit_case(c, by=request.user, version=payload.version),
        "return": lambda: training.return_case(
            c, payload.reason, by=request.user, version=payload.version
        ),
        "publish": lambda: training.publish_case(c, by=request.user, version=payload.version),
        "withdraw": lambda: training.withdraw_case(
            c, payload.reason, by=request.user, version=payload.version
        ),
    }
    if action not in acts:
        raise NotFound("没有这个操作", code="unknown_action")
    acts[action]()
    return _case_out(c)


def _budget_out(b: AwardBudget) -> dict:
    return {
        "year": b.year,
        "amount": str(b.amount),
        "weights": b.weights,
        "state": b.state,
        "state_label": b.get_state_display(),
        "version": b.version,
        "published_on": b.published_on,
        "awards": [
            {
                "county": a.jurisdiction.code,
                "name": a.jurisdiction.name,
                "total": None if a.total is None else str(a.total),
                "grade": a.grade,
                "proposed": str(a.proposed),
                "amount": str(a.amount),
                "reason": a.reason,
            }
            for a in b.awards.select_related("jurisdiction")
        ],
    }


@router.get("/awards/{year}", auth=public, summary="已公布的以奖代补分配结果（公开）")
def published_awards(request, year: int):
    b = AwardBudget.objects.filter(year=year, state=AwardBudget.PUBLISHED).first()
    if b is None:
        raise NotFound("该年度的以奖代补结果尚未公布", code="not_published")
    return _budget_out(b)


class AwardActionIn(Schema):
    version: int | None = None
    amount: str = ""
    weights: dict[str, str] = {}
    county: str = ""
    reason: str = ""


@router.post(
    "/staff/awards/{year}/{action}",
    auth=token_or_session,
    summary="设定资金（budget）、拟定（propose）、调整（adjust）、审定（approve）、公布（publish）",
)
def award_action(request, year: int, action: str, payload: AwardActionIn):
    by, v = request.user, payload.version
    if action == "budget":
        data = {"amount": payload.amount, **{f"weight_{g}": w for g, w in payload.weights.items()}}
        return _budget_out(awards.set_budget(year, data, by=by))
    b = AwardBudget.objects.filter(year=year).first()
    if b is None:
        common.require_prefecture(by, "programmes.award.budget")
        raise NotFound("请先设定该年度的奖补资金", code="no_budget")
    if action == "propose":
        awards.propose(b, by=by, version=v)
    elif action == "adjust":
        awards.adjust(b, payload.county, payload.amount, payload.reason, by=by, version=v)
    elif action == "approve":
        awards.approve(b, by=by, version=v)
    elif action == "publish":
        awards.publish(b, by=by, version=v)
    else:
        raise Http404
    b.refresh_from_db()
    return _budget_out(b)
