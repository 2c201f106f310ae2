"""Read paths for organisations and people. Agencies, centres and jurisdictions are public
information (a directory); people are visible to administrators within their scope only."""

from django.db.models import Count, Prefetch, Q

from zhengwu.core.errors import Invalid, NotAllowed, NotFound

from . import scopes
from .models import Agency, Jurisdiction, Role, RoleAssignment, ServiceCentre, User

ADMIN_ROLES = [Role.OPENNESS_ADMIN, Role.SUPERVISOR]


def agencies(jurisdiction: Jurisdiction | None = None, *, subtree: bool = False):
    qs = Agency.objects.filter(is_active=True).select_related("jurisdiction", "parent")
    if jurisdiction is not None:
        qs = (
            qs.filter(scope_path__startswith=jurisdiction.path)
            if subtree
            else qs.filter(jurisdiction=jurisdiction)
        )
    return qs


def centres(jurisdiction: Jurisdiction | None = None):
    qs = ServiceCentre.objects.select_related("jurisdiction").annotate(
        window_count=Count("windows")
    )
    if jurisdiction is not None:
        qs = qs.filter(scope_path__startswith=jurisdiction.path)
    return qs


def users_visible_to(user):
    """Staff accounts an administrator or supervisor may see: those with a role in their scope."""
    if getattr(user, "is_superuser", False):
        return User.objects.all()
    q = scopes.scope_q(
        user, ADMIN_ROLES, agency_field="roles__agency", path_field="roles__agency__scope_path"
    )
    q |= scopes.scope_q(
        user, ADMIN_ROLES, agency_field=None, path_field="roles__jurisdiction__path"
    )
    own = Q(pk=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return User.objects.filter(q | own).distinct()


def can_see_staff(user) -> bool:
    """The staff directory (人员名录) is for openness-office administrators and supervisors."""
    return getattr(user, "is_superuser", False) or scopes.has_role(user, *ADMIN_ROLES)


def staff_roles_visible_to(user, roles=ADMIN_ROLES):
    """Role assignments held over an agency or jurisdiction inside the viewer's scope as one of
    `roles`."""
    if getattr(user, "is_superuser", False):
        q = Q()
    else:
        q = scopes.scope_q(
            user, roles, agency_field="agency", path_field="agency__scope_path"
        ) | scopes.scope_q(user, roles, agency_field=None, path_field="jurisdiction__path")
    return RoleAssignment.objects.filter(q).select_related("agency", "jurisdiction")


def staff_visible_to(user):
    """The staff directory: staff accounts holding a role in the viewer's scope, each with only
    those roles. Refused (NotAllowed) for anyone who is not an administrator or supervisor."""
    if not can_see_staff(user):
        raise NotAllowed("只有政务公开办管理员和电子监察人员可以查看人员名录")
    roles = staff_roles_visible_to(user).order_by("role", "id")
    # An uncorrelated IN (…) of user ids: no join, no DISTINCT over the whole user table.
    holders = staff_roles_visible_to(user).order_by().values("user_id")
    return (
        User.objects.filter(kind=User.STAFF, pk__in=holders)
        .order_by("username")
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="visible_roles"))
    )


def jurisdiction_for_stats(code: str | None) -> Jurisdiction:
    """The 州 or a county; anything else is a clear 4xx."""
    code = (code or "").strip()
    if not code:
        j = Jurisdiction.objects.filter(parent__isnull=True).order_by("path").first()
    else:
        j = Jurisdiction.objects.filter(code=code).first()
    if j is None:
        raise NotFound(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    if j.level not in (Jurisdiction.PREFECTURE, Jurisdiction.COUNTY):
        raise Invalid(
            "规划目标和统计按州和县市计算，请选择州或县市的区划代码",
            code="not_prefecture_or_county",
            field="jurisdiction",
        )
    return j


def jurisdiction_or_none(code: str) -> Jurisdiction | None:
    return Jurisdiction.objects.filter(code=(code or "").strip()).first()


def root() -> Jurisdiction | None:
    return Jurisdiction.objects.filter(parent__isnull=True).order_by("path").first()
