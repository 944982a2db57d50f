"""Every write on surveys (keyword-only, atomic, audited)."""

from .comments import survey_comment_flag, survey_comment_flag_take_up
from .quarantine import (
    survey_response_bulk_decide,
    survey_response_confirm,
    survey_response_release,
)
from .questionnaire import survey_default_questionnaire_load
from .responses import ResponseOutcome, survey_response_submit
from .waves import (
    survey_wave_close,
    survey_wave_create,
    survey_wave_open,
    survey_wave_pause,
    survey_wave_point_remove,
    survey_wave_targets_add,
    survey_wave_update,
)

__all__ = [
    "ResponseOutcome",
    "survey_comment_flag",
    "survey_comment_flag_take_up",
    "survey_default_questionnaire_load",
    "survey_response_bulk_decide",
    "survey_response_confirm",
    "survey_response_release",
    "survey_response_submit",
    "survey_wave_close",
    "survey_wave_create",
    "survey_wave_open",
    "survey_wave_pause",
    "survey_wave_point_remove",
    "survey_wave_targets_add",
    "survey_wave_update",
]
