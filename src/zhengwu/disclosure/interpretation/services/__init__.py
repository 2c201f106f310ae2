"""The services of 解读回应: `interpretations`, `concerns` and `press` (one module each)."""

from . import concerns, interpretations, press

__all__ = ["concerns", "interpretations", "press"]
