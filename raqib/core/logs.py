"""Log records that carry their request's id, and a JSON formatter for log collectors.

Only named fields are written: a record's `args` or `extra` (Django attaches the request
object to its own records) never reach the output, so neither do cookies, user names or query
strings that might hold a token.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from .middleware import current_request_id


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record: the id of the request being served, or "-"."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if not request_id:
            # Django logs 4xx/5xx answers once the middleware chain has returned (the context
            # is reset by then); those records carry the request itself.
            request = getattr(record, "request", None)
            request_id = getattr(request, "request_id", "")
        record.request_id = request_id or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id[, exception]."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
