"""Local development and `make demo`: SQLite by default, debug on."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
RAQIB_DEMO = env_bool("RAQIB_DEMO", True)
# Development only: a known key so the integrity app works out of the box (never in production).
RAQIB_INTEGRITY_KEYS = RAQIB_INTEGRITY_KEYS or ["ZGV2LW9ubHkta2V5LXJhcWliLWludGVncml0eS0wMDA="]  # noqa: F405
