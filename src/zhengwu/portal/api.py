from ninja import Router, Schema, Status

from zhengwu.api.auth import public

from .views import compute_deadline

router = Router(tags=["工作日历"], auth=public)


class SkippedDay(Schema):
    date: str
    reason: str


class DeadlineOut(Schema):
    start: str
    workdays: int
    jurisdiction: str
    due_date: str
    convention: str
    skipped: list[SkippedDay]
    makeup_workdays: list[SkippedDay]
    provisional: bool
    makeup_pending: list[SkippedDay]  # statutory days on a weekend whose 补假 is not set yet
    note: str
    basis: str = ""  # with `limit`: 依据《…》第…条，N个工作日


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


@router.get(
    "/deadline",
    response={200: DeadlineOut, 404: ErrorOut, 422: ErrorOut},
    summary="计算法定期限截止日",
)
def deadline(request, start: str = "", workdays: str = "", jurisdiction: str = "", limit: str = ""):
    """收到之日不计入，自次日起算第 `workdays` 个工作日为截止日；`jurisdiction` 加入地方假日（如州庆）；`limit`（法定期限代码，见 /limits）按该地适用的法定期限计算并注明依据。"""
    return Status(200, compute_deadline(start, workdays, jurisdiction, limit))
