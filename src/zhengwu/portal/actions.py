"""The audit trail's words for the sites' own settings (`core.actions`)."""

from zhengwu.core import actions

from .models import SiteProfile

actions.register("portal.site_profile.save", "保存网站信息")


def profile_names(ids: list[str]) -> dict[str, str]:
    """网站信息 吉首市人民政府 (the site whose footer and contact page the profile fills)."""
    rows = SiteProfile.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {
        str(pk): f"网站信息 {name}" for pk, name in rows.values_list("pk", "jurisdiction__name")
    }


actions.subject("portal.siteprofile", "网站信息", profile_names)
