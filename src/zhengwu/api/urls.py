"""Assembles every app's router under /api/v1/. Errors are JSON {code, message[, field]}."""

from importlib import import_module

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from zhengwu.core.errors import ServiceError

from .renderers import Utf8JSONRenderer

api = NinjaAPI(
    title="zhengwu 开放接口",
    version="1",
    description=(
        "政务公开与政务服务平台 API。错误均为 JSON：{code, message[, field]}。"
        "提交类接口（留言、投诉、依申请公开、办件申请、收费、评价等）接受请求头"
        " Idempotency-Key（1至100个可见字符，如 UUID）：超时重试时沿用原标识，"
        "有效期（默认24小时）内同一调用者以同一标识重复提交返回第一次的结果"
        "（响应头 Idempotent-Replayed: true），"
        "不会重复新建记录；同一标识用于内容不同的提交返回 422。"
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Utf8JSONRenderer(),
)

# Each app exposes `router` in its api.py; the order here is the order of the documentation.
ROUTERS = [
    ("org", "zhengwu.org.api"),
    ("org/tokens", "zhengwu.org.tokens_api"),
    ("accounts", "zhengwu.org.accounts_api"),
    ("calendar", "zhengwu.portal.api"),
    ("limits", "zhengwu.portal.limits_api"),
    ("portal", "zhengwu.portal.sites_api"),
]
OPTIONAL_ROUTERS = [
    ("disclosure", "zhengwu.disclosure.api"),
    ("disclosure/requests", "zhengwu.disclosure.requests.api"),
    ("disclosure/archive/reviews", "zhengwu.disclosure.archive.review_api"),
    ("disclosure/archive", "zhengwu.disclosure.archive.api"),
    ("disclosure/proposals", "zhengwu.disclosure.requests.proposal_api"),
    ("disclosure/interpretations", "zhengwu.disclosure.interpretation.api"),
    ("disclosure/concerns", "zhengwu.disclosure.interpretation.concern_api"),
    ("disclosure/press-conferences", "zhengwu.disclosure.interpretation.press_api"),
    ("public-bodies", "zhengwu.disclosure.public_bodies.api"),
    ("services", "zhengwu.services.api"),
    ("cases", "zhengwu.cases.api"),
    ("interaction", "zhengwu.interaction.api"),
    ("ratings", "zhengwu.ratings.api"),
    ("supervision", "zhengwu.supervision.api"),
    ("assessment", "zhengwu.assessment.api"),
    # /websites/{code}/check; the sites' own router shares the prefix (distinct paths)
    ("websites", "zhengwu.websites.checks.api"),
    ("search", "zhengwu.search.api"),
    # The sites (websites/api.py); the site check's router may share the prefix.
    ("websites", "zhengwu.websites.api"),
    ("oversight", "zhengwu.oversight.api"),
    ("programmes", "zhengwu.programmes.api"),
    ("trading", "zhengwu.trading.api"),
    # published notices (public) and 异议/质疑/投诉 share the prefix (distinct paths)
    ("trading", "zhengwu.trading.notices_api"),
    ("trading", "zhengwu.trading.objections_api"),
]
for prefix, module in ROUTERS:
    api.add_router(f"/{prefix}", import_module(module).router)
for prefix, module in OPTIONAL_ROUTERS:
    try:
        mod = import_module(module)
    except ModuleNotFoundError as e:
        if e.name != module:
            raise
        continue
    api.add_router(f"/{prefix}", mod.router)


@api.exception_handler(ServiceError)
def service_error(request, exc: ServiceError):
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    retry_after = getattr(exc, "retry_after", None)  # core.throttle.RateLimited
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("body", "query", "path", "payload")]
    field = loc[-1] if loc else None
    message = "请求参数不正确" + (f"：{field}" if field else "") + "，请检查后重试"
    body = {"code": "invalid_input", "message": message, "details": exc.errors}
    if field:
        body["field"] = field
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request, {"code": "unauthenticated", "message": "请先登录或提供有效的访问令牌"}, status=401
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"code": "not_found", "message": "未找到该记录"}, status=404
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(
        request, {"code": "error", "message": str(exc)}, status=exc.status_code
    )
