"""Reports' tables: rollups of validated reports, published periodic reports, map boundaries."""

from .facts import (
    CriterionFact,
    MissionDayCube,
    ReportDayCube,
    ReportFact,
    ScoreBodyCube,
    ScoreCube,
)
from .maps import MapBoundary
from .periodic import PeriodicReport, PeriodicReportStatus, ReportFormat

__all__ = [
    "CriterionFact",
    "MapBoundary",
    "MissionDayCube",
    "PeriodicReport",
    "PeriodicReportStatus",
    "ReportDayCube",
    "ReportFact",
    "ReportFormat",
    "ScoreBodyCube",
    "ScoreCube",
]
