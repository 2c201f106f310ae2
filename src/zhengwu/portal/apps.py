from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhengwu.portal"
    label = "portal"
    verbose_name = "门户网站"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from zhengwu.core import searchable
        from zhengwu.org.models import Agency, Jurisdiction

        from . import pagecache, permissions  # noqa: F401
        from .models import SiteProfile

        # Cached public pages move with what search is told (see pagecache's module doc).
        searchable.listen(
            pagecache.record_changed, pagecache.record_removed, pagecache.records_added
        )
        # An agency, a jurisdiction or a site's 网站信息 (every page's footer) changed.
        for model in (Agency, Jurisdiction, SiteProfile):
            for signal in (post_save, post_delete):
                signal.connect(
                    pagecache.org_changed, sender=model, dispatch_uid=f"pagecache.{model.__name__}"
                )
