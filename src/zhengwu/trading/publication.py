"""Where a trading notice is published besides the trading column: the key-area column of the
disclosure catalogue of its body (政府采购, 工程招投标, 土地招拍挂, 国有产权)."""

from __future__ import annotations

from .models import Notice


def publish(notice: Notice) -> None:
    """Called inside the step's transaction once the notice is saved."""
