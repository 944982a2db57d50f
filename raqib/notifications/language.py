"""The language a person's notifications are written in."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .models import NotificationSettings


def recipient_language(user: Any) -> str:
    """Their notification setting, else the site's default language (Arabic)."""
    chosen = NotificationSettings.objects.filter(user=user).values_list("language", flat=True)
    language = next(iter(chosen), "") or getattr(user, "language", "") or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE
