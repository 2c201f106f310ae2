"""Every new agency gets the standard catalogue (条例 §§20–21 and the key areas)."""

from .services import ensure_columns


def seed_columns(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or not instance.columns.exists():
        ensure_columns(instance)
