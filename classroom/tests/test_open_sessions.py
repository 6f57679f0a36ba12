"""A student's personal link with more than one class open, and ending a lesson's older sessions.

A student opening their link with exactly one class running joins it at once; with more, their
page lists each with its start and code, the newest first, the older ones marked. Starting a new
session of a lesson offers, on its dashboard, to end the lesson's older open ones.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from classroom import selectors, services
from classroom.models import LiveSession


def _started(lesson, instructor, *, minutes_ago: int) -> LiveSession:
    session = services.live_session_start(lesson_id=lesson.pk, user=instructor)
    LiveSession.objects.filter(pk=session.pk).update(
        created_at=session.created_at - timedelta(minutes=minutes_ago)
    )
    session.refresh_from_db()
    return session


@pytest.fixture
def yesterday_and_today(lesson, instructor):
    """An older session left open a day ago, and today's."""
    return (
        _started(lesson, instructor, minutes_ago=24 * 60),
        _started(lesson, instructor, minutes_ago=5),
    )


class TestStudentLanding:
    def test_with_one_class_open_the_link_joins_it_at_once(self, session, student):
        response = Client().get(f"/s/{student.signin_token}/")
        assert response.status_code == 302
        assert response["Location"] == f"/live/{session.join_code}/"

    def test_with_two_classes_open_the_link_lands_on_the_list(self, yesterday_and_today, student):
        response = Client().get(f"/s/{student.signin_token}/")
        assert response.status_code == 302
        assert response["Location"] == "/me/"

    def test_each_open_class_shows_its_start_and_code_newest_first_older_marked(
        self, yesterday_and_today, student
    ):
        older, newer = yesterday_and_today
        phone = Client()
        html = phone.get(f"/s/{student.signin_token}/", follow=True).content.decode()
        items = re.findall(r'<li class="live-session[^"]*">.*?</li>', html, re.S)
        assert len(items) == 2
        assert newer.join_code in items[0] and older.join_code in items[1]
        assert "older, still open" not in items[0]
        assert "older, still open" in items[1]
        for item, session in zip(items, (newer, older), strict=True):
            assert f"started {timezone.localtime(session.created_at):%a %-d %b, %H:%M}" in item
        assert html.count("Join Neural Networks II") == 2

    def test_one_class_open_is_not_marked_older(self, session, student):
        phone = Client()
        phone.get(f"/s/{student.signin_token}/")
        html = phone.get("/me/").content.decode()
        assert session.join_code in html
        assert "older, still open" not in html


class TestOpenSessionsSelector:
    def test_newest_first(self, yesterday_and_today, course):
        older, newer = yesterday_and_today
        assert list(selectors.open_sessions_for_course(course_id=course.pk)) == [newer, older]

    def test_older_open_sessions_of_the_lesson(self, yesterday_and_today):
        older, newer = yesterday_and_today
        assert list(selectors.sessions_open_older(session=newer)) == [older]
        assert list(selectors.sessions_open_older(session=older)) == []


class TestLiveSessionsEndOlder:
    def test_ends_the_lessons_older_open_sessions_only(self, yesterday_and_today, lesson, course):
        older, newer = yesterday_and_today
        other_lesson = course.lessons.create(title="Another lesson")
        elsewhere = _started(other_lesson, None, minutes_ago=60)
        ended = services.live_sessions_end_older(session=newer)
        assert [s.pk for s in ended] == [older.pk]
        statuses = dict(LiveSession.objects.values_list("pk", "status"))
        assert statuses[older.pk] == LiveSession.Status.ENDED
        assert statuses[newer.pk] != LiveSession.Status.ENDED
        assert statuses[elsewhere.pk] != LiveSession.Status.ENDED

    def test_an_older_session_ended_already_is_left_as_it_is(self, yesterday_and_today):
        older, newer = yesterday_and_today
        services.live_session_end(session=older)
        assert services.live_sessions_end_older(session=newer) == []


class TestDashboardOffer:
    def test_the_new_sessions_dashboard_offers_to_end_the_older_one(
        self, yesterday_and_today, teacher_client
    ):
        older, newer = yesterday_and_today
        html = teacher_client.get(f"/teach/sessions/{newer.pk}/").content.decode()
        offer = re.search(r'<form[^>]*id="older-sessions".*?</form>', html, re.S).group(0)
        assert older.join_code in offer
        assert 'name="action" value="end-older"' in offer
        assert "1 older session of this lesson is still open" in offer

    def test_a_session_with_no_older_one_offers_nothing(self, session, teacher_client):
        html = teacher_client.get(f"/teach/sessions/{session.pk}/").content.decode()
        assert 'id="older-sessions"' not in html

    def test_the_offer_ends_them_and_says_so(self, yesterday_and_today, teacher_client):
        older, newer = yesterday_and_today
        response = teacher_client.post(
            f"/teach/sessions/{newer.pk}/control/", {"action": "end-older"}, follow=True
        )
        html = response.content.decode()
        assert "Ended 1 older session." in html
        assert 'id="older-sessions"' not in html
        older.refresh_from_db()
        newer.refresh_from_db()
        assert older.status == LiveSession.Status.ENDED
        assert newer.is_open

    def test_the_course_page_marks_the_older_open_session(
        self, yesterday_and_today, teacher_client, course
    ):
        older, newer = yesterday_and_today
        html = teacher_client.get(f"/teach/courses/{course.pk}/").content.decode()
        rows = re.findall(r"<li><a href=\"/teach/sessions/\d+/\">.*?</li>", html, re.S)
        assert [newer.join_code in rows[0], older.join_code in rows[1]] == [True, True]
        assert "older, still open" in rows[1] and "older, still open" not in rows[0]
