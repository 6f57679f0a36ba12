"""Countdowns: the time left as every screen shows it, computed from the server's clock.

Terms:

deadline
    The server time, in epoch milliseconds, when the time runs out: a countdown that runs.
frozen time
    The milliseconds left on a countdown that stands still (paused, or not started yet).
server time
    The server's clock when the countdown was computed, in epoch milliseconds; the text a
    screen shows before its first tick is the time left at that moment.

A countdown element carries exactly one of ``data-deadline`` and ``data-frozen-ms``
(:attr:`Countdown.attrs`); ``static/classroom/live.js`` redraws it every 200 ms from its own
clock corrected to the server's (``/clock/``), counting overtime as ``+m:ss`` past zero, and
adds ``is-amber`` within ``data-amber`` seconds of the end and ``is-red`` at the end.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString


def countdown_text(ms: float) -> str:
    """``m:ss`` left, rounded up, or ``+m:ss`` of overtime: the same rounding as live.js."""
    over = ms < 0
    seconds = math.floor(abs(ms) / 1000 + (0 if over else 0.999))
    text = f"{seconds // 60}:{seconds % 60:02d}"
    return f"+{text}" if over else text


def epoch_ms(moment: datetime | float) -> int:
    """A datetime, or epoch seconds, as whole epoch milliseconds."""
    seconds = moment.timestamp() if isinstance(moment, datetime) else moment
    return round(seconds * 1000)


@dataclass(frozen=True)
class Countdown:
    """Either a running countdown (``deadline_ms``) or a frozen one (``frozen_ms``)."""

    deadline_ms: int | None
    frozen_ms: int | None
    server_ms: int

    @classmethod
    def until(cls, deadline: datetime | float, *, now: datetime | float | None = None) -> Countdown:
        """A countdown running until ``deadline`` (a datetime or epoch seconds)."""
        return cls(deadline_ms=epoch_ms(deadline), frozen_ms=None, server_ms=_now_ms(now))

    @classmethod
    def frozen(cls, ms: float, *, now: datetime | float | None = None) -> Countdown:
        """A countdown standing still with ``ms`` milliseconds left."""
        return cls(deadline_ms=None, frozen_ms=round(ms), server_ms=_now_ms(now))

    @property
    def is_running(self) -> bool:
        return self.deadline_ms is not None

    @property
    def left_ms(self) -> int:
        if self.deadline_ms is not None:
            return self.deadline_ms - self.server_ms
        return self.frozen_ms or 0

    @property
    def text(self) -> str:
        """The time left as the screen shows it before live.js first ticks."""
        return countdown_text(self.left_ms)

    @property
    def attrs(self) -> SafeString:
        """The attributes live.js reads, for ``<span class="countdown" {{ c.attrs }}>``."""
        if self.deadline_ms is not None:
            return format_html('data-deadline="{}"', self.deadline_ms)
        return format_html('data-frozen-ms="{}"', self.frozen_ms)


def _now_ms(now: datetime | float | None) -> int:
    return epoch_ms(now) if now is not None else round(time.time() * 1000)
