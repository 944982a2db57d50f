"""What the follow-up does when missions tells it something (missions cannot import us)."""

from __future__ import annotations

from typing import Any

from .models import VerificationMission


def on_report_validated(sender: Any, report: Any, **kwargs: Any) -> None:
    """A verification visit was validated: settle its recommendation if it was the last."""
    from .services import recommendation_verification_settle

    link = (
        VerificationMission.objects.filter(mission_id=report.mission_id)
        .select_related("recommendation")
        .first()
    )
    if link is not None:
        recommendation_verification_settle(recommendation=link.recommendation)


def on_mission_cancelled(sender: Any, mission: Any, **kwargs: Any) -> None:
    """A verification visit was cancelled: the others may now settle the recommendation."""
    from .services import recommendation_verification_settle

    link = (
        VerificationMission.objects.filter(mission_id=mission.pk)
        .select_related("recommendation")
        .first()
    )
    if link is not None:
        recommendation_verification_settle(recommendation=link.recommendation)
