"""Where rendered guides are cached.

With a shared cache configured (Redis in production) it is the default cache, so a change
made through one worker reaches all. The embedded default cache (LocMemCache) keeps only 300
entries and would churn through a catalogue of hundreds of items, so then the guides get an
in-process cache of their own, sized for the whole catalogue.
"""

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache.backends.locmem import LocMemCache

ENTRIES = 30000  # three entries per item version and site visited


def _choose():
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return LocMemCache("zhengwu-services-guides", {"OPTIONS": {"MAX_ENTRIES": ENTRIES}})
    return default_cache


guides = _choose()
