"""Local development and `make demo`: SQLite by default, debug on."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
RAQIB_DEMO = env_bool("RAQIB_DEMO", True)
