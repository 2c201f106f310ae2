"""The steps of a trading project, as one table: for each step its action (audit event,
permission rule and workflow row share the name), the kinds it belongs to, the states it is
taken from and leaves, the dates it records, the notice it publishes, the dates that must be
recorded before it, and the clocks (rule codes) it starts and stops.

`Project.workflow` is built from this table, so `Workflow.table(Project)` reads it in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhengwu.core.workflow import Transition, Workflow

from .models import ENGINEERING, LAND, OTHER, PROCUREMENT, PROPERTY, Project

P = Project
ALL = (ENGINEERING, PROCUREMENT, LAND, PROPERTY, OTHER)
TENDERING = (ENGINEERING, PROCUREMENT)


# The steps' actions: audit event, permission rule and workflow row share each name.
(
    INTENT,
    PREQUALIFICATION,
    TENDER,
    AMENDMENT,
    OPENED,
    REPORT,
    CANDIDATES,
    AWARDED,
    CONFIRMED,
    RESULT,
    SIGNED,
    CONTRACT,
    LAND_ANNOUNCED,
    LAND_DEALT,
    LAND_RESULT,
    PROPERTY_PRE,
    PROPERTY_DISCLOSED,
    PROPERTY_DEALT,
    TERMINATED,
) = (
    "trading.intent_published",
    "trading.prequalification_published",
    "trading.tender_published",
    "trading.amendment_published",
    "trading.bids_opened",
    "trading.report_received",
    "trading.candidates_published",
    "trading.awarded",
    "trading.result_confirmed",
    "trading.result_published",
    "trading.contract_signed",
    "trading.contract_published",
    "trading.land_announced",
    "trading.land_dealt",
    "trading.land_result_published",
    "trading.property_predisclosed",
    "trading.property_disclosed",
    "trading.property_dealt",
    "trading.terminated",
)
ACTIONS = (
    INTENT,
    PREQUALIFICATION,
    TENDER,
    AMENDMENT,
    OPENED,
    REPORT,
    CANDIDATES,
    AWARDED,
    CONFIRMED,
    RESULT,
    SIGNED,
    CONTRACT,
    LAND_ANNOUNCED,
    LAND_DEALT,
    LAND_RESULT,
    PROPERTY_PRE,
    PROPERTY_DISCLOSED,
    PROPERTY_DEALT,
    TERMINATED,
)


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    kinds: tuple[str, ...]
    from_states: tuple[str, ...]
    to_state: str
    on: str = ""  # the date name the step's own date is recorded under
    inputs: tuple[str, ...] = ()  # further dates the step records (planned), by name
    required_inputs: tuple[str, ...] = ()
    notice: str = ""  # the Notice kind it publishes ("" a record kept with the project)
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind → dates needed
    starts: tuple[str, ...] = ()  # rule codes whose clocks start on the step's date
    stops: tuple[str, ...] = ()  # rule codes whose clocks stop on it
    # Taken while an objection suspends the project (答复异议 is not a step here).
    suspended_by: tuple[str, ...] = (ENGINEERING,)

    def for_kind(self, kind: str) -> bool:
        return kind in self.kinds


S = Step
STEPS = [
    S(INTENT, "公开采购意向", (PROCUREMENT,), (P.PLANNED,), P.PLANNED,
      on="intent_published", notice="intent"),
    S(PREQUALIFICATION, "发布资格预审公告", TENDERING, (P.PLANNED,),
      P.PLANNED, notice="prequalification"),
    S(TENDER, "发布招标（采购）公告", TENDERING, (P.PLANNED,), P.NOTICE,
      on="documents_issued", inputs=("bid_deadline",), required_inputs=("bid_deadline",),
      notice="tender"),
    S(AMENDMENT, "发布变更（澄清）公告", TENDERING, (P.NOTICE,), P.NOTICE,
      on="amendment_issued", inputs=("bid_deadline",), notice="amendment"),
    S(OPENED, "开标", TENDERING, (P.NOTICE,), P.OPENED, on="bid_deadline",
      notice="opening"),
    S(REPORT, "收到评标（评审）报告", TENDERING, (P.OPENED,), P.EVALUATED,
      on="report_received", starts=("T11",)),
    S(CANDIDATES, "发布中标候选人公示", (ENGINEERING,), (P.EVALUATED,),
      P.PUBLICITY, on="candidates_published", inputs=("publicity_ends",),
      required_inputs=("publicity_ends",), notice="candidates", stops=("T11",)),
    S(AWARDED, "发出中标通知书并公告中标结果", (ENGINEERING,), (P.PUBLICITY,),
      P.AWARDED, on="award_notice", notice="result", starts=("T15",)),
    S(CONFIRMED, "确定中标（成交）供应商", (PROCUREMENT,), (P.EVALUATED,),
      P.AWARDED, on="result_confirmed", starts=("P13",)),
    S(RESULT, "发布中标（成交）结果公告", (PROCUREMENT,), (P.AWARDED,),
      P.PUBLICITY, on="result_published", notice="result", stops=("P13",), starts=("P16",)),
    S(SIGNED, "签订合同", TENDERING, (P.AWARDED, P.PUBLICITY), P.CONTRACTED,
      on="contract_signed", requires={ENGINEERING: ("award_notice",),
                                      PROCUREMENT: ("result_published",)},
      stops=("T15", "P16"), starts=("P17",), suspended_by=TENDERING),
    S(CONTRACT, "发布合同公告", TENDERING, (P.CONTRACTED,), P.CLOSED,
      on="contract_published", notice="contract", stops=("P17",)),
    S(LAND_ANNOUNCED, "发布出让公告", (LAND,), (P.PLANNED,), P.NOTICE, on="announced",
      inputs=("listing_starts", "listing_ends"), required_inputs=("listing_starts",),
      notice="land_announcement"),
    S(LAND_DEALT, "交易结束并确定竞得人", (LAND,), (P.NOTICE,), P.AWARDED,
      on="listing_ends", starts=("L4",)),
    S(LAND_RESULT, "发布成交公示", (LAND,), (P.AWARDED,), P.CLOSED,
      on="result_published", notice="land_result", stops=("L4",)),
    S(PROPERTY_PRE, "发布预披露公告", (PROPERTY,), (P.PLANNED,), P.PLANNED,
      notice="property_pre"),
    S(PROPERTY_DISCLOSED, "发布正式披露公告", (PROPERTY,), (P.PLANNED,), P.NOTICE,
      on="disclosure_starts", inputs=("disclosure_ends",), required_inputs=("disclosure_ends",),
      notice="property_formal"),
    S(PROPERTY_DEALT, "发布成交公告", (PROPERTY, OTHER), (P.NOTICE, P.PLANNED),
      P.CLOSED, notice="property_result", requires={PROPERTY: ("disclosure_ends",)}),
    S(TERMINATED, "终止交易", ALL,
      (P.PLANNED, P.NOTICE, P.OPENED, P.EVALUATED, P.PUBLICITY, P.AWARDED), P.TERMINATED,
      notice="termination", suspended_by=()),
]  # fmt: skip
BY_ACTION = {s.action: s for s in STEPS}

Project.workflow = Workflow(
    "state",
    *[
        Transition(s.action, s.label, s.from_states, s.to_state, refused=f"当前状态不能{s.label}")
        for s in STEPS
    ],
)


def next_steps(project: Project) -> list[Step]:
    """The steps the project's kind and state allow now, in the table's order."""
    return [s for s in STEPS if s.for_kind(project.kind) and project.state in s.from_states]
