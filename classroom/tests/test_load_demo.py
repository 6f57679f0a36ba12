"""load_demo builds the Neural Networks II lesson from the seed, and is safe to repeat."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from classroom.demo import content
from classroom.models import Activity, Course, Lesson, LiveSession, Student


@pytest.fixture
def demo(db, tmp_path, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD_FILE", str(tmp_path / "pw"))
    from classroom.management.commands import load_demo

    monkeypatch.setattr(load_demo, "PASSWORD_FILE", tmp_path / "pw")

    def run() -> str:
        out = StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    return run


def test_demo_creates_instructor_course_roster_and_lesson(demo):
    printed = demo()
    course = Course.objects.get()
    assert course.allow_guests
    assert course.students.count() == 30
    lesson = Lesson.objects.get(course=course)
    assert lesson.title == "Neural Networks II"
    titles = list(lesson.activities.values_list("title", flat=True))
    assert titles == [item["title"] for item in content.AGENDA]
    instructor = get_user_model().objects.get(username="instructor")
    assert course.instructors.filter(pk=instructor.pk).exists()
    password = printed.split("password ")[1].split()[0]
    assert instructor.check_password(password)
    session = LiveSession.objects.get()
    for shown in (f"/teach/sessions/{session.pk}/", "/projector/", session.join_code):
        assert shown in printed


def test_demo_agenda_follows_the_seed(demo):
    demo()
    kinds = dict(Activity.objects.values_list("title", "kind"))
    assert kinds["Overview"] == "note"
    assert kinds["Discussion"] == "discussion"
    titles = " ".join(kinds)
    for topic in (
        "Daily Quiz",
        "Debate",
        "sigmoid",
        "house price",
        "softmax",
        "unwell",
        "Gradient descent",
        "backward pass",
        "Assignment feedback",
        "Language model",
    ):
        assert topic.lower() in titles.lower(), topic


def test_running_the_demo_twice_changes_nothing(demo):
    first = demo()
    counts = (Course.objects.count(), Student.objects.count(), Activity.objects.count())
    second = demo()
    assert (Course.objects.count(), Student.objects.count(), Activity.objects.count()) == counts
    assert LiveSession.objects.count() == 1
    assert first.split("password ")[1].split()[0] == second.split("password ")[1].split()[0]


def test_the_course_page_links_each_activity_to_its_own_page(demo, client):
    from django.contrib.auth import get_user_model

    demo()
    course = Course.objects.get()
    client.force_login(get_user_model().objects.get(username="instructor"))
    html = client.get(f"/teach/courses/{course.pk}/").content.decode()
    quiz = Activity.objects.get(kind="quiz")
    assert f'<a href="/quiz/{quiz.quiz.pk}/">Daily Quiz</a>' in html


def test_the_demo_instructor_can_edit_quizzes_in_the_admin_but_not_accounts(demo, client):
    from django.contrib.auth import get_user_model

    demo()
    instructor = get_user_model().objects.get(username="instructor")
    client.force_login(instructor)
    assert client.get("/admin/quizzes/question/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403
