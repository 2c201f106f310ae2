"""访问令牌 pages: staff manage their own tokens; 政务公开办管理员 those of the staff in scope."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhengwu.core.errors import NotFound, ServiceError

from . import tokens
from .models import ApiToken, User

OWN_PAGE, STAFF_PAGE = "/workbench/tokens/", "/workbench/org/tokens/"


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途（对接的系统）", max_length=60, error_messages={"required": "请填写令牌用途"}
    )
    scope = forms.ChoiceField(
        label="权限", choices=ApiToken.SCOPES, initial=ApiToken.READ, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.ZHENGWU_TOKEN_MAX_DAYS  # read per form: tests and deployments change it
        out_of_range = f"有效天数应为1至{longest}天"
        self.fields["days"] = forms.IntegerField(
            label="有效天数",
            min_value=1,
            max_value=longest,
            initial=settings.ZHENGWU_TOKEN_DAYS,
            error_messages={
                "required": "请填写有效天数",
                "invalid": "有效天数应为整数",
                "min_value": out_of_range,
                "max_value": out_of_range,
            },
        )


def _refused(request, text: str):
    return render(request, "portal/error.html", {"title": "无权访问", "text": text}, status=403)


@never_cache
@login_required
def own_tokens(request):
    """My tokens and the form to ask for one; a new key is shown on this response only."""
    user = request.user
    if user.kind != User.STAFF:
        return _refused(request, "访问令牌仅供工作人员对接业务系统使用。")
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = tokens.issue_in_session(
                request, name=data["name"], scope=data["scope"], days=data["days"]
            )
        except ServiceError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            form = TokenForm()
            messages.success(
                request,
                f"已生成访问令牌“{issued[0].name}”，有效期至{timezone.localtime(issued[0].expires_at):%Y-%m-%d %H:%M}；"
                "令牌原文见下方，只显示这一次。",
            )
    return render(
        request,
        "org/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": tokens.own_tokens(user),
            "max_days": settings.ZHENGWU_TOKEN_MAX_DAYS,
            "needs_totp": tokens.second_factor_applies(user)
            and not request.session.get("zw_otp_ok"),
            "can_manage": tokens.can_manage_staff_tokens(user),
        },
        status=422 if form.errors else 200,
    )


@login_required
def staff_tokens(request):
    """政务公开办管理员: the tokens of the staff holding a role in their scope."""
    if not tokens.can_manage_staff_tokens(request.user):
        return _refused(request, "工作人员访问令牌管理仅对政务公开办管理员开放。")
    rows = tokens.staff_tokens_visible_to(request.user)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "org/tokens_staff.html", {"page": page})


@require_POST
@login_required
def revoke(request, pk: int):
    try:
        token = tokens.revoke(pk, by=request.user)
    except NotFound:
        raise Http404("未找到该访问令牌") from None
    messages.success(request, f"访问令牌“{token.name}”已撤销，使用它的系统将无法再访问。")
    return redirect(STAFF_PAGE if request.POST.get("back") == "staff" else OWN_PAGE)
