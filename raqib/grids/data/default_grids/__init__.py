"""The default grids as snapshot dicts, one module a grid (see ../build_default_grids.py)."""

from .phone import PHONE
from .visit import VISIT
from .web import WEB

GRIDS = {"01_visit.xlsx": VISIT, "02_phone.xlsx": PHONE, "03_web.xlsx": WEB}

__all__ = ["GRIDS", "PHONE", "VISIT", "WEB"]
