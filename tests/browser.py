"""Steps the browser tests share: an instructor signs in and starts a session, phones join;
:class:`Breaker` breaks a phone's network for its first requests (``page.route``).

Each takes Playwright pages from the root conftest's ``desktop()``, ``projector`` and
``phone()`` fixtures and the site's base address (``gunicorn_server.url``).
"""

from __future__ import annotations

import re
from typing import Any


def sign_in(page: Any, base: str, path: str, *, username: str, password: str) -> None:
    """Open ``path`` (an instructor page, or the login page) and sign in on the way."""
    page.goto(f"{base}{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")


def session_start(
    desktop: Any, projector: Any, base: str, *, username: str, password: str
) -> tuple[str, str]:
    """Sign in, press "Start a live session" on the only lesson, open the projector too.

    Returns the join code and the session's dashboard path ("/teach/sessions/N/").
    """
    sign_in(desktop, base, "/accounts/login/", username=username, password=password)
    desktop.click("text=Start a live session")
    desktop.wait_for_url(re.compile(r"/teach/sessions/\d+/$"))
    code = desktop.text_content(".join-hint strong.mono").strip()
    session_path = re.search(r"/teach/sessions/\d+/", desktop.url).group(0)
    sign_in(projector, base, f"{session_path}projector/", username=username, password=password)
    projector.locator("#join-code").wait_for()
    return code, session_path


def guest_join(page: Any, base: str, code: str, name: str) -> None:
    """Type the code on the join page, as a student would, then a name; land on the live page."""
    page.goto(f"{base}/")
    page.fill("#code", code.lower())
    page.click("button.primary")
    page.fill("#display_name", name)
    page.click("button.primary")
    page.wait_for_url(f"{base}/live/{code}/")


class Breaker:
    """A route handler that breaks the first ``times`` requests in the way named, then lets
    them through; it counts what it saw."""

    def __init__(self, how: str, times: int) -> None:
        self.how, self.times, self.seen = how, times, 0

    def __call__(self, route) -> None:
        self.seen += 1
        if self.seen > self.times:
            route.continue_()
        elif self.how == "drop":
            route.abort("connectionreset")
        elif self.how == "500":
            route.fulfill(status=500, body="Server Error")
        else:  # "lose the answer": the server stores it, the phone never hears back
            route.fetch()
            route.abort("connectionreset")
