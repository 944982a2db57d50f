"""Staff flag a citizen's free comment for the integrity officers (issue 14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_create, model_update, no_check

from ..answers import comment_text
from ..models import CommentFlag, SurveyResponse

if TYPE_CHECKING:
    from raqib.accounts.models import User

MAX_REASON = 300


@transaction.atomic
def survey_comment_flag(*, actor: User, response: SurveyResponse, reason: str) -> CommentFlag:
    """Flag the response's comment; a second flag of the same comment is refused."""
    reason = reason.strip()
    if not comment_text(response.grid_version.snapshot or {}, response.answers):
        raise ValidationError(_("This answer has no comment to flag."))
    if not reason:
        raise ValidationError({"reason": [_("Say why this comment is flagged.")]})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": [_("Keep the reason under %(n)s characters.") % {"n": MAX_REASON}]}
        )
    locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if CommentFlag.objects.filter(response=locked).exists():
        raise ValidationError(_("This comment is already flagged."))
    return model_create(
        instance=CommentFlag(response=locked, reason=reason, flagged_by=actor),
        actor=actor,
        action="survey_comment.flag",
        fields=["response_id"],
        label=locked.wave_point.service_point.code,
        validate=no_check,
    )


@transaction.atomic
def survey_comment_flag_take_up(*, actor: User, flag: CommentFlag) -> CommentFlag:
    """An integrity officer takes the flagged comment up (once)."""
    locked = CommentFlag.objects.select_for_update().get(pk=flag.pk)
    if locked.handled_at is not None:
        raise ValidationError(_("This flagged comment was already taken up."))
    model_update(
        instance=locked,
        actor=actor,
        action="survey_comment.take_up",
        data={"handled_by": actor, "handled_at": timezone.now()},
        fields=["handled_at"],
        validate=no_check,
    )
    return locked
