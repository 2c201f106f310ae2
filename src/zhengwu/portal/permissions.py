"""Who may take the portal's audited actions (portal/actions.py), in the map of
org/permissions.py: a site's 网站信息 is kept by the openness office of a jurisdiction covering
the site."""

from zhengwu.org.models import Role
from zhengwu.org.permissions import rule

rule("portal.site_profile.save", "维护网站信息", [Role.OPENNESS_ADMIN], by_agency=False)
