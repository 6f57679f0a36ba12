"""Instructors signing in: a limit on wrong passwords, and a sign-in that lasts a working day.

Terms:

- **client**: the network address a sign-in comes from (:func:`classroom.throttle.client_address`:
  behind a trusted proxy, the address it forwards). A password guesser can drop cookies, so a
  browser's session cannot stand for it as it does for join codes.
- **failure**: a username and password that do not match. Each username may fail
  ``LOGIN_FAILURES_PER_USERNAME`` times from one client in ``LOGIN_FAILURE_WINDOW`` seconds,
  counted from its first failure; past that, every try of that username from that client is
  refused, even with the right password, until the window has passed. Other clients are not
  held back, so a guesser cannot lock the instructor out of their own laptop. A sign-in that
  succeeds clears the count.

Both sign-in pages use these forms: ``accounts/login/`` (:mod:`classroom.views.auth`) and the
admin's (``classroom/admin.py`` sets ``admin.site.login_form``). Every sign-in of a user
(instructors are the only users) lasts ``INSTRUCTOR_SESSION_AGE`` seconds rather than the
phones' ``SESSION_COOKIE_AGE``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpRequest

from .throttle import client_address

THROTTLED = "throttled"


def _key(request: HttpRequest | None, username: str) -> str:
    address = client_address(request) if request is not None else "unknown"
    digest = hashlib.sha256(f"{username.strip().casefold()}\0{address}".encode()).hexdigest()
    return f"login-fail:{digest}"


def login_blocked(request: HttpRequest | None, username: str) -> bool:
    return cache.get(_key(request, username), 0) >= settings.LOGIN_FAILURES_PER_USERNAME


def login_failed(request: HttpRequest | None, username: str) -> None:
    key = _key(request, username)
    # The window runs from the first failure: incr keeps the key's expiry.
    if cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def login_succeeded(request: HttpRequest | None, username: str) -> None:
    cache.delete(_key(request, username))


class ThrottledLoginMixin:
    """For an ``AuthenticationForm``: refuse a username past its failures before checking the
    password, and count each wrong password."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and login_blocked(self.request, username):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW // 60)
            raise ValidationError(
                "Too many wrong passwords for this username from here. "
                f"Wait {minutes} minutes and try again.",
                code=THROTTLED,
            )
        cleaned = super().clean()
        if username is not None and self.user_cache is not None:
            login_succeeded(self.request, username)
        return cleaned

    def get_invalid_login_error(self) -> ValidationError:
        login_failed(self.request, self.cleaned_data.get("username") or "")
        return super().get_invalid_login_error()


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


@receiver(user_logged_in, dispatch_uid="classroom.instructor_session_shorten")
def instructor_session_shorten(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """An instructor's laptop is shared and left open more than a student's phone."""
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(settings.INSTRUCTOR_SESSION_AGE)
