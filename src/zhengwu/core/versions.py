"""A version number kept in the shared cache for a table every process keeps in memory (the
calendar, the statutory limits): a change bumps it, and each process rereads it every few
seconds, so every process rebuilds its copy within a few seconds of a change."""

import time

from django.core.cache import cache

RECHECK_SECONDS = 5.0


class Version:
    def __init__(self, key: str):
        self.key = key
        self.known = 0
        self.checked = 0.0

    def current(self) -> int:
        now = time.monotonic()
        if now - self.checked > RECHECK_SECONDS:
            self.known, self.checked = cache.get(self.key, 0), now
        return self.known

    def bump(self) -> int:
        try:
            version = cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 1, None)
            version = 1
        self.known, self.checked = version, time.monotonic()
        return version
