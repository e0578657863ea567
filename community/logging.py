"""Structured logs: one JSON object per line (``LOG_FORMAT=json``).

Used by Django's ``LOGGING`` (community/settings/base.py) and by gunicorn's own loggers
(community/gunicorn.conf.py), so every line a process writes can be parsed by a log shipper.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has: anything else on a record came from ``extra=`` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


_ACCESS_ATOMS = {
    "remote": "h",
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "user_agent": "a",
}


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...extra, "exception"?}`` on a single line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            # gunicorn hands its access-log atoms as a dict: keep them as fields too.
            atoms = record.args
            entry["http"] = {
                name: atoms.get(atom)
                for name, atom in _ACCESS_ATOMS.items()
                if atoms.get(atom) not in (None, "-")
            }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: extras such as Django's ``request`` become their repr, never a crash.
        return json.dumps(entry, ensure_ascii=False, default=str)
