"""Feedback's pages: the instructor's grid and release, a student's own page, and who may open
what. Every student-facing URL is tried by the student it belongs to, another student of the
same course, a student of another course, a guest, and an instructor of another course."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from classroom import services as core
from classroom.models import Course, Lesson, Student
from feedback import services
from feedback.models import Email, Feedback, FeedbackActivity, Query

from .conftest import phone_of

HX = {"HTTP_HX_REQUEST": "true"}
BASE = "http://testserver"


@pytest.fixture
def released(assignment, students):
    for n, student in enumerate(students):
        services.feedback_save(
            assignment=assignment,
            student=student,
            score=str(5 + n),
            comments=f"Comment for {student.name}",
            rubric_item_ids=[assignment.rubric.first().pk],
        )
    services.release_now(assignment=assignment, base_url=BASE)
    return assignment


@pytest.fixture
def outsiders(db):
    other = Course.objects.create(code="OTHER", title="Other")
    elsewhere = Student.objects.create(
        course=other, name="Eve", student_number="9", signin_token="token-eve"
    )
    user = get_user_model().objects.create_user("grace", password="pw-2")
    other.instructors.add(user)
    stranger = Client()
    stranger.force_login(user)
    return {"elsewhere": phone_of(elsewhere), "guest": Client(), "stranger": stranger}


class TestStudentPages:
    def url(self, assignment, suffix=""):
        return f"/feedback/mine/{assignment.pk}/{suffix}"

    def test_a_student_sees_their_own_and_opening_it_records_it(self, released, students):
        html = phone_of(students[0]).get(self.url(released)).content.decode()
        assert "Comment for Ann Lee" in html and "Comment for Bo Chen" not in html
        assert Feedback.objects.get(student=students[0]).first_viewed_at is not None
        assert Feedback.objects.get(student=students[1]).first_viewed_at is None

    def test_no_one_else_opens_it(self, released, students, outsiders):
        # Bo is of the same course: he sees his own feedback at this address, never Ann's.
        bo = phone_of(students[1]).get(self.url(released)).content.decode()
        assert "Comment for Ann Lee" not in bo and "Comment for Bo Chen" in bo
        for client in outsiders.values():
            assert client.get(self.url(released)).status_code in (302, 404)
        assert Feedback.objects.get(student=students[0]).views == 0

    def test_a_draft_is_not_shown_to_its_student(self, assignment, students):
        services.feedback_save(assignment=assignment, student=students[0], comments="Secret")
        response = phone_of(students[0]).get(self.url(assignment))
        assert response.status_code == 404 and b"Secret" not in response.content

    def test_acknowledging_and_asking(self, released, students):
        phone = phone_of(students[0])
        phone.post(self.url(released, "read/"), **HX)
        assert Feedback.objects.get(student=students[0]).acknowledged_at is not None
        response = phone.post(self.url(released, "ask/"), {"reason": "I did test it"}, **HX)
        assert response.status_code == 200 and Query.objects.get().reason == "I did test it"

    def test_an_empty_reason_is_refused_with_a_message(self, released, students):
        response = phone_of(students[0]).post(self.url(released, "ask/"), {"reason": " "}, **HX)
        assert response.status_code == 400
        assert "type your reason first" in response.content.decode().lower()
        assert not Query.objects.exists()

    def test_others_cannot_acknowledge_or_ask_for_a_student(self, released, students, outsiders):
        for client in outsiders.values():
            client.post(self.url(released, "read/"), **HX)
            client.post(self.url(released, "ask/"), {"reason": "x"}, **HX)
        assert not Feedback.objects.filter(acknowledged_at__isnull=False).exists()
        assert not Query.objects.exists()

    def test_the_email_link_signs_in_and_opens_the_feedback(self, released, students):
        email = Email.objects.get(feedback__student=students[0])
        services.email_send(email_id=email.pk)
        link = next(line for line in mail.outbox[0].body.splitlines() if "/s/" in line)
        phone = Client()
        response = phone.get(link.removeprefix(BASE), follow=True)
        assert "Comment for Ann Lee" in response.content.decode()


class TestInstructor:
    def test_a_grid_row_saves_as_it_is_edited(self, teacher, assignment, students):
        url = f"/feedback/assignments/{assignment.pk}/students/{students[0].pk}/"
        item = assignment.rubric.first()
        response = teacher.post(url, {"score": "8", "comments": "Nice", "rubric": [item.pk]}, **HX)
        assert response.status_code == 200 and "Saved" in response.content.decode()
        saved = Feedback.objects.get(student=students[0])
        assert (saved.score, saved.comments) == (Decimal("8.00"), "Nice")

    def test_a_bad_score_in_a_row_says_why_and_saves_nothing(self, teacher, assignment, students):
        url = f"/feedback/assignments/{assignment.pk}/students/{students[0].pk}/"
        response = teacher.post(url, {"score": "12", "comments": "Nice"}, **HX)
        assert response.status_code == 400
        assert "not between 0 and the maximum" in response.content.decode()
        assert not Feedback.objects.exists()

    def test_the_bank_applies_a_comment_with_a_click(self, teacher, assignment, students):
        teacher.post(f"/feedback/assignments/{assignment.pk}/bank/", {"text": "Plot the loss."})
        comment = assignment.bank.get()
        teacher.post(f"/feedback/bank/{comment.pk}/students/{students[1].pk}/", **HX)
        assert Feedback.objects.get(student=students[1]).comments == "Plot the loss."

    def test_release_from_the_page(self, teacher, assignment, students):
        services.feedback_save(assignment=assignment, student=students[0], score="5")
        teacher.post(f"/feedback/assignments/{assignment.pk}/release/", {"action": "now"})
        assignment.refresh_from_db()
        assert assignment.is_released and Email.objects.count() == 1

    def test_another_courses_instructor_gets_404_everywhere(self, assignment, students, outsiders):
        stranger = outsiders["stranger"]
        pk = assignment.pk
        for url in (
            f"/feedback/assignments/{pk}/",
            f"/feedback/assignments/{pk}/feedback.csv",
            f"/feedback/assignments/{pk}/tracking.csv",
        ):
            assert stranger.get(url).status_code == 404
        assert (
            stranger.post(f"/feedback/assignments/{pk}/release/", {"action": "now"}).status_code
            == 404
        )
        row = f"/feedback/assignments/{pk}/students/{students[0].pk}/"
        assert stranger.post(row, {"score": "1"}).status_code == 404
        assignment.refresh_from_db()
        assert not assignment.is_released and not Feedback.objects.exists()

    def test_answering_a_query_emails_the_student(self, teacher, released, students):
        feedback = Feedback.objects.get(student=students[0])
        query = services.query_ask(feedback=feedback, reason="Why -2?")
        teacher.post(f"/feedback/queries/{query.pk}/answer/", {"answer": "A slip: fixed."})
        assert Email.objects.filter(kind="answered").count() == 1


class TestLiveKind:
    @pytest.fixture
    def live(self, course, released):
        lesson = Lesson.objects.create(course=course, title="Neural Networks II")
        activity = core.activity_append(lesson_id=lesson.pk, kind="feedback", title="Feedback")
        FeedbackActivity.objects.create(activity=activity, assignment=released)
        session = core.live_session_start(lesson_id=lesson.pk)
        return core.live_session_goto(session=session, activity_id=activity.pk)

    def test_a_signed_in_phone_shows_its_own_feedback_and_records_it(self, live, students):
        phone = phone_of(students[0])
        html = phone.get(f"/live/{live.join_code}/").content.decode()
        assert "Comment for Ann Lee" in html and "Comment for Bo Chen" not in html
        assert Feedback.objects.get(student=students[0]).first_viewed_at is not None

    def test_a_guest_is_asked_for_their_personal_link(self, live):
        guest = Client()
        guest.post(f"/j/{live.join_code}/", {"display_name": "Visitor"})
        html = guest.get(f"/live/{live.join_code}/").content.decode()
        assert "personal sign-in link" in html and "Comment for" not in html

    def test_the_projector_shows_the_summary_without_names(self, live, teacher, students):
        html = teacher.get(f"/teach/sessions/{live.pk}/projector/").content.decode()
        assert "of 3 have opened their feedback" in html
        assert 'id="score-mean">6<' in html and 'id="score-median">6<' in html
        assert all(s.name not in html for s in students)

    def test_only_a_first_look_or_a_query_changes_the_rooms_screens(
        self, live, students, django_capture_on_commit_callbacks
    ):
        from classroom.versions import board_version, live_version

        phone = phone_of(students[0])
        phones_before = live_version(join_code=live.join_code)
        with django_capture_on_commit_callbacks(execute=True):
            phone.get(f"/live/{live.join_code}/")
        first = board_version(join_code=live.join_code)
        with django_capture_on_commit_callbacks(execute=True):
            phone.get(f"/live/{live.join_code}/")
        assert board_version(join_code=live.join_code) == first
        with django_capture_on_commit_callbacks(execute=True):
            services.query_ask(feedback=Feedback.objects.get(student=students[0]), reason="Why?")
        assert board_version(join_code=live.join_code) != first
        # No phone is asked to fetch again for any of it.
        assert live_version(join_code=live.join_code) == phones_before
