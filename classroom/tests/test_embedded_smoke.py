"""The embedded default (SQLite, no Redis) runs the join-and-follow flow under real gunicorn."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx
import pytest

from tests.support import BASE_DIR, free_port, wait_until


def _embedded_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
        DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"),
        DJANGO_DEBUG="false",
        DJANGO_SETTINGS_MODULE="classroom.settings",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _sign_in(teacher: httpx.Client, password: str) -> None:
    login = teacher.get("/accounts/login/")
    teacher.post(
        "/accounts/login/",
        data={
            "username": "instructor",
            "password": password,
            "csrfmiddlewaretoken": _csrf(login.text),
        },
    )


def _guest_join(phone: httpx.Client, code: str) -> httpx.Response:
    join = phone.get(f"/j/{code}/")
    return phone.post(
        f"/j/{code}/", data={"display_name": "Smoke", "csrfmiddlewaretoken": _csrf(join.text)}
    )


@pytest.fixture
def embedded_site(tmp_path):
    env = _embedded_env(tmp_path)
    _manage(env, "migrate", "--noinput")
    printed = _manage(env, "load_demo")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "classroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def answering() -> bool:
        try:
            return httpx.get(base + "/", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_until(answering, timeout=30, message="gunicorn to answer")
        yield base, printed, (tmp_path / "demo-password").read_text().strip()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_embedded_site_joins_a_phone_and_it_follows_the_instructor(embedded_site):
    base, printed, password = embedded_site
    code = re.search(r"code ([A-Z0-9]{6})", printed).group(1)
    dashboard = re.search(r"Dashboard:\s+\S+?(/teach/sessions/\d+/)", printed).group(1)

    with (
        httpx.Client(base_url=base, follow_redirects=True) as phone,
        httpx.Client(base_url=base, follow_redirects=True) as teacher,
    ):
        live = _guest_join(phone, code)
        assert "You're in" in live.text
        version = re.search(r"/poll/\?v=(\d+)", live.text).group(1)
        poll = f"/live/{code}/poll/?v={version}"
        assert phone.get(poll, headers={"HX-Request": "true"}).status_code == 204

        _sign_in(teacher, password)
        page = teacher.get(dashboard)
        assert "Smoke" in page.text
        teacher.post(
            dashboard + "control/",
            data={"action": "next", "csrfmiddlewaretoken": _csrf(page.text)},
        )
        changed = phone.get(poll, headers={"HX-Request": "true"})
        assert changed.status_code == 200
        assert "Overview" in changed.text


def test_embedded_site_marks_an_exercise_in_the_request(embedded_site):
    """Without Redis, marking runs in the web process as the submission is stored: the phone's
    next look shows its marks, as it would once a worker had marked them."""
    base, printed, password = embedded_site
    code = re.search(r"code ([A-Z0-9]{6})", printed).group(1)
    dashboard = re.search(r"Dashboard:\s+\S+?(/teach/sessions/\d+/)", printed).group(1)
    with (
        httpx.Client(base_url=base, follow_redirects=True) as phone,
        httpx.Client(base_url=base, follow_redirects=True) as teacher,
    ):
        _guest_join(phone, code)
        _sign_in(teacher, password)
        page = teacher.get(dashboard)
        exercise = re.search(
            r'name="activity" value="(\d+)">\s*<button class="agenda-item"[^>]*><span class="kind">'
            r"Exercise",
            page.text,
        ).group(1)
        page = teacher.post(
            dashboard + "control/",
            data={"action": "goto", "activity": exercise, "csrfmiddlewaretoken": _csrf(page.text)},
        )
        control = re.search(r'action="(/exercise/runs/\d+/control/)"', page.text).group(1)
        teacher.post(control, data={"action": "open", "csrfmiddlewaretoken": _csrf(page.text)})
        live = phone.get(f"/live/{code}/")
        submit = re.search(r'action="(/exercise/live/[A-Z0-9]+/runs/\d+/submit/)"', live.text)
        answered = phone.post(
            submit.group(1),
            data={"loss": "0.005", "csrfmiddlewaretoken": _csrf(live.text)},
            headers={"HX-Request": "true"},
        )
        assert answered.status_code == 200
        marked = phone.get(f"/live/{code}/")
        assert 'id="exercise-score"' in marked.text
        assert re.search(r'data-status="(correct|incorrect)"[^>]*data-path="loss"', marked.text)
