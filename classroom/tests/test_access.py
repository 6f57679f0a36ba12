"""Who may reach what: instructors of the course only; CSRF on every write; a strict CSP."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from classroom.models import LiveSession, Participant, Student


def instructor_urls(session: LiveSession, student: Student) -> list[tuple[str, str]]:
    course_id = session.lesson.course_id
    return [
        ("get", f"/teach/sessions/{session.pk}/"),
        ("get", f"/teach/sessions/{session.pk}/projector/"),
        ("get", f"/teach/sessions/{session.pk}/poll/dashboard/?v=0"),
        ("post", f"/teach/sessions/{session.pk}/control/"),
        ("get", f"/teach/courses/{course_id}/"),
        ("get", f"/teach/courses/{course_id}/cards/"),
        ("post", f"/teach/courses/{course_id}/email/"),
        ("post", f"/teach/courses/{course_id}/roster/"),
        ("post", f"/teach/students/{student.pk}/link/"),
        ("post", f"/teach/lessons/{session.lesson_id}/start/"),
    ]


def test_the_courses_instructor_reaches_every_instructor_page(session, student, teacher_client):
    for method, url in instructor_urls(session, student):
        response = getattr(teacher_client, method)(
            url, {"action": "none"} if method == "post" else None
        )
        assert response.status_code in (200, 204, 302, 400), url


def test_another_instructor_gets_404_everywhere(session, student, other_instructor):
    client = Client()
    client.force_login(other_instructor)
    for method, url in instructor_urls(session, student):
        response = getattr(client, method)(url, {"action": "next"} if method == "post" else None)
        assert response.status_code == 404, url
    assert LiveSession.objects.get(pk=session.pk).current_activity is None


def test_a_student_or_guest_is_sent_to_sign_in(session, student, guest_phone):
    phone = Client()
    phone.get(f"/s/{student.signin_token}/")
    for client in (phone, guest_phone):
        for method, url in instructor_urls(session, student):
            response = getattr(client, method)(
                url, {"action": "next"} if method == "post" else None
            )
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
    assert LiveSession.objects.get(pk=session.pk).current_activity is None


def test_writes_without_a_csrf_token_are_refused(session, instructor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    response = client.post(f"/teach/sessions/{session.pk}/control/", {"action": "next"})
    assert response.status_code == 403
    assert LiveSession.objects.get(pk=session.pk).current_activity is None


def test_writes_with_the_csrf_token_from_the_page_succeed(session, instructor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    page = client.get(f"/teach/sessions/{session.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/teach/sessions/{session.pk}/control/",
        {"action": "next", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert LiveSession.objects.get(pk=session.pk).current_activity is not None


def test_guest_join_without_csrf_is_refused(session):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/j/{session.join_code}/", {"display_name": "Bo"})
    assert response.status_code == 403
    assert not Participant.objects.exists()


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_pages_carry_a_strict_content_security_policy(path, db):
    response = Client().get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline <script>"
    assert " style=" not in html
    assert "hx-on" not in html


def test_instructor_pages_have_no_inline_script_or_style(session, teacher_client):
    for url in (f"/teach/sessions/{session.pk}/", f"/teach/sessions/{session.pk}/projector/"):
        html = teacher_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url


def test_guest_names_are_escaped_on_the_dashboard(session, teacher_client):
    Client().post(f"/j/{session.join_code}/", {"display_name": "<b>Bo</b>"})
    html = teacher_client.get(f"/teach/sessions/{session.pk}/").content.decode()
    assert "&lt;b&gt;Bo&lt;/b&gt;" in html
    assert "<b>Bo</b>" not in html


def test_join_code_guessing_is_slowed_for_the_guessing_phone_only(session, settings):
    settings.JOIN_FAILURES_PER_CLIENT = 3
    guesser, classmate = Client(), Client()
    for _ in range(3):
        assert guesser.post("/", {"code": "QQQQQQ"}).status_code == 400
    blocked = guesser.post("/", {"code": session.join_code})
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.content.decode()
    # Same network address, another phone: not held back.
    assert classmate.post("/", {"code": session.join_code}).status_code == 302
