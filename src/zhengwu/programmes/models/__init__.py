"""年度工作 (issue 23 §3): the yearly programmes the openness office runs. Each module is one
programme: centre standardization, county plans filed (备案), training and best practice,
以奖代补."""

from .awards import Award, AwardBudget
from .plans import CountyPlan
from .standardization import (
    STANDARDS,
    Inspection,
    InspectionFile,
    InspectionFinding,
    PlanStandard,
    StandardizationPlan,
)
from .training import BestCase, TrainingFile, TrainingSession

__all__ = [
    "STANDARDS",
    "Award",
    "AwardBudget",
    "BestCase",
    "CountyPlan",
    "Inspection",
    "InspectionFile",
    "InspectionFinding",
    "PlanStandard",
    "StandardizationPlan",
    "TrainingFile",
    "TrainingSession",
]
