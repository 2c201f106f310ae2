"""Read paths of 好差评: units see their own ratings, supervisors their jurisdiction's."""

from zhengwu.org import scopes
from zhengwu.org.models import Role

from .models import Appeal, Invitation, Rating

SEE_ROLES = [Role.DEPT_OFFICER, Role.DEPT_HEAD, Role.WINDOW_CLERK, Role.SUPERVISOR]


def ratings_visible_to(user):
    return Rating.objects.filter(scopes.scope_q(user, SEE_ROLES)).select_related("agency", "window")


def appeals_pending_for(user):
    return Appeal.objects.filter(
        decision=Appeal.PENDING,
        rating__in=Rating.objects.filter(scopes.scope_q(user, [Role.SUPERVISOR])),
    )


def invitations_of(user):
    """The 待评价 invitations of a citizen or enterprise account, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Invitation.objects.none()
    return Invitation.objects.filter(rater=user, state=Invitation.PENDING).select_related("agency")
