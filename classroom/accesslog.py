"""Logs without the secrets of personal sign-in links.

A personal link (``/s/<token>/``, see :mod:`classroom.identity`) signs a phone in for the term,
so whoever reads it in a log could sign in as that student. gunicorn is started with
``--logger-class classroom.accesslog.RedactingLogger`` (the Makefile, docker-compose.yml and the
Dockerfile do): every value the access log can show (the request line, the path, the referrer,
any header or environment variable) has the token replaced by ``[redacted]``. Django's own log
lines name the path too ("Not Found: /s/...", "Internal Server Error: /s/..."): settings'
``LOGGING`` puts :class:`SigninTokenFilter` on its handler.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
# The token is a path segment after /s/, wherever a URL appears (a path, a full referrer).
_SIGNIN_TOKEN = re.compile(r"(/s/)[^/?#\s\"]+")


def redact(value: str) -> str:
    return _SIGNIN_TOKEN.sub(rf"\g<1>{REDACTED}", value)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time) -> dict[str, object]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }


class SigninTokenFilter(logging.Filter):
    """Redact sign-in tokens from a log record's message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True
