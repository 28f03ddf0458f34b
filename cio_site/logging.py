"""Logging for operators: one line per event on stdout, JSON when LOG_FORMAT=json."""

import json
import logging
import time
from datetime import UTC, datetime


class TextFormatter(logging.Formatter):
    """For people: `2026-11-29T21:52:04Z INFO logger: message`, in UTC whatever TIME_ZONE says."""

    converter = time.gmtime

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%Y-%m-%dT%H:%M:%SZ")


class JSONFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the request's method, path and
    status when Django attached them. A traceback, when there is one, is a field of the same line."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.get_full_path()[:500]
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class OneLineWarning(logging.Filter):
    """For expected noise (requests for a host we do not serve): a warning of one line, no traceback."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
