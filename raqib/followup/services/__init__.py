"""Writes of the follow-up app (see each module)."""

from .measures import measure_create, measure_update
from .recommendations import (
    ActionIn,
    recommendation_act,
    recommendation_claim,
    recommendation_comment,
    recommendation_create,
    recommendation_file_viewed,
    recommendation_plan_propose,
    recommendation_publish,
    recommendation_transition,
    recommendation_unpublish,
    recommendation_update,
)
from .reminders import RemindersSent, recommendation_reminders_send
from .verification import recommendation_verification_settle, verification_missions_create

__all__ = [
    "ActionIn",
    "RemindersSent",
    "measure_create",
    "measure_update",
    "recommendation_act",
    "recommendation_claim",
    "recommendation_comment",
    "recommendation_create",
    "recommendation_file_viewed",
    "recommendation_plan_propose",
    "recommendation_publish",
    "recommendation_reminders_send",
    "recommendation_transition",
    "recommendation_unpublish",
    "recommendation_update",
    "recommendation_verification_settle",
    "verification_missions_create",
]
