"""Feedback's writes: each refusal paired with the allowed case; release, emails (never twice,
none for drafts), what students do, queries, and the history of edits after the release."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from classroom.models import Course, Student
from feedback import services
from feedback.models import Assignment, Email, Feedback, FeedbackEdit, Query

BASE = "https://class.example.org"


def send_all() -> None:
    """Run every email's task as the worker would (twice, to prove it sends once)."""
    for pk in Email.objects.values_list("pk", flat=True):
        services.email_send(email_id=pk)
        services.email_send(email_id=pk)


def written(assignment, students, score="7.5"):
    return [
        services.feedback_save(assignment=assignment, student=s, score=score, comments="Good")
        for s in students
    ]


class TestAssignment:
    def test_a_second_assignment_of_the_same_title_is_refused(self, course, assignment):
        with pytest.raises(services.FeedbackError, match="already has an assignment"):
            services.assignment_create(course=course, title="Assignment 1", max_score=Decimal(5))
        services.assignment_create(course=course, title="Assignment 2", max_score=Decimal(5))
        assert Assignment.objects.count() == 2

    def test_the_rubric_keeps_its_order(self, assignment):
        assert [i.points for i in assignment.rubric.all()] == [Decimal(4), Decimal(-2)]


class TestFeedbackSave:
    def test_a_row_is_saved(self, assignment, students):
        item = assignment.rubric.first()
        saved = services.feedback_save(
            assignment=assignment,
            student=students[0],
            score="7,5",
            comments="Clear *code*",
            rubric_item_ids=[item.pk],
        )
        assert saved.score == Decimal("7.50") and list(saved.rubric_items.all()) == [item]

    @pytest.mark.parametrize(
        ("score", "said"), [("11", "not between 0 and the maximum, 10"), ("x", "not a number")]
    )
    def test_a_bad_score_is_refused_and_nothing_saved(self, assignment, students, score, said):
        with pytest.raises(services.FeedbackError, match=said):
            services.feedback_save(assignment=assignment, student=students[0], score=score)
        assert not Feedback.objects.exists()

    def test_a_student_of_another_course_is_refused(self, assignment):
        other = Course.objects.create(code="OTHER", title="Other")
        stranger = Student.objects.create(course=other, name="Eve", student_number="9")
        with pytest.raises(services.FeedbackError, match="not on the roster"):
            services.feedback_save(assignment=assignment, student=stranger, score="5")

    def test_the_database_keeps_one_record_per_student(self, assignment, students):
        services.feedback_save(assignment=assignment, student=students[0], score="5")
        with pytest.raises(IntegrityError), transaction.atomic():
            Feedback.objects.create(assignment=assignment, student=students[0])

    def test_an_edit_after_the_release_keeps_what_it_said_before(self, assignment, students):
        written(assignment, students[:1])
        services.feedback_save(assignment=assignment, student=students[0], score="8")
        assert not FeedbackEdit.objects.exists()  # a draft changes freely
        services.release_now(assignment=assignment, base_url=BASE)
        services.feedback_save(assignment=assignment, student=students[0], score="9")
        (before,) = FeedbackEdit.objects.all()
        assert before.score == Decimal("8.00")
        assert Feedback.objects.get().score == Decimal("9.00")


class TestBank:
    def test_a_bank_comment_is_applied_once(self, assignment, students):
        comment = services.bank_comment_add(assignment=assignment, text="Label your axes.")
        services.bank_comment_apply(comment=comment, student=students[0])
        services.bank_comment_apply(comment=comment, student=students[0])
        assert Feedback.objects.get().comments == "Label your axes."
        comment.refresh_from_db()
        assert comment.uses == 1


class TestRelease:
    def test_release_emails_each_student_with_feedback_their_link_once(self, assignment, students):
        written(assignment, students[:2])
        services.release_now(assignment=assignment, base_url=BASE)
        send_all()
        assert sorted(m.to[0] for m in mail.outbox) == ["2401@example.ac.uk", "2402@example.ac.uk"]
        body = next(m.body for m in mail.outbox if m.to[0].startswith("2401"))
        assert f"{BASE}/s/token-2401/" in body and "Good" not in body

    def test_a_draft_sends_nothing(self, assignment, students):
        written(assignment, students)
        send_all()
        assert mail.outbox == [] and not Email.objects.exists()

    def test_releasing_twice_is_refused(self, assignment, students):
        services.release_now(assignment=assignment, base_url=BASE)
        with pytest.raises(services.FeedbackError, match="released already"):
            services.release_now(assignment=assignment, base_url=BASE)

    def test_the_database_refuses_a_second_release_email(self, assignment, students):
        (feedback,) = written(assignment, students[:1])
        services.release_now(assignment=assignment, base_url=BASE)
        with pytest.raises(IntegrityError), transaction.atomic():
            Email.objects.create(feedback=feedback, kind="released", ref="1", base_url=BASE)

    def test_a_scheduled_release_happens_only_once_its_time_has_come(self, assignment, students):
        written(assignment, students[:1])
        now = timezone.now()
        services.release_schedule(
            assignment=assignment, at=now + timedelta(minutes=5), base_url=BASE, now=now
        )
        assert not services.release_if_due(assignment_id=assignment.pk, now=now)
        assert services.releases_sweep(now=now + timedelta(minutes=6)) == 1
        assignment.refresh_from_db()
        assert assignment.is_released and Email.objects.count() == 1
        assert services.releases_sweep(now=now + timedelta(minutes=7)) == 0

    def test_a_release_time_in_the_past_is_refused(self, assignment):
        with pytest.raises(services.FeedbackError, match="in the future"):
            services.release_schedule(
                assignment=assignment, at=timezone.now() - timedelta(minutes=1), base_url=BASE
            )

    def test_a_reminder_goes_only_to_those_who_have_not_opened_it(self, assignment, students):
        first, second = written(assignment, students[:2])
        services.release_now(assignment=assignment, base_url=BASE)
        services.feedback_viewed(feedback=first)
        assert services.reminders_send(assignment=assignment, number=1, base_url=BASE) == 1
        assert services.reminders_send(assignment=assignment, number=1, base_url=BASE) == 0
        reminder = Email.objects.get(kind="reminder")
        assert reminder.feedback == second


class TestStudent:
    def test_viewing_records_the_first_and_last_time(self, assignment, students):
        (feedback,) = written(assignment, students[:1])
        services.release_now(assignment=assignment, base_url=BASE)
        t1, t2 = timezone.now(), timezone.now() + timedelta(hours=1)
        services.feedback_viewed(feedback=feedback, now=t1)
        services.feedback_viewed(feedback=feedback, now=t2)
        feedback.refresh_from_db()
        assert (feedback.first_viewed_at, feedback.last_viewed_at, feedback.views) == (t1, t2, 2)

    def test_a_draft_is_never_recorded_as_viewed(self, assignment, students):
        (feedback,) = written(assignment, students[:1])
        services.feedback_viewed(feedback=feedback)
        feedback.refresh_from_db()
        assert feedback.first_viewed_at is None

    def test_a_draft_cannot_be_acknowledged_a_released_one_can(self, assignment, students):
        (feedback,) = written(assignment, students[:1])
        with pytest.raises(services.FeedbackError, match="not released"):
            services.feedback_acknowledge(feedback=feedback)
        services.release_now(assignment=assignment, base_url=BASE)
        feedback.refresh_from_db()
        assert services.feedback_acknowledge(feedback=feedback).acknowledged_at


class TestQueries:
    def test_asking_and_answering_emails_the_student(self, assignment, students):
        (feedback,) = written(assignment, students[:1])
        services.release_now(assignment=assignment, base_url=BASE)
        feedback.refresh_from_db()
        item = assignment.rubric.last()
        query = services.query_ask(
            feedback=feedback, reason="I wrote tests", rubric_item_id=item.pk
        )
        services.query_answer(query=query, answer="You did: +2 back.", base_url=BASE)
        send_all()
        assert [m.subject for m in mail.outbox if "answer" in m.subject]
        assert Query.objects.get().state == Query.State.ANSWERED

    def test_answering_a_closed_query_is_refused(self, assignment, students):
        (feedback,) = written(assignment, students[:1])
        services.release_now(assignment=assignment, base_url=BASE)
        feedback.refresh_from_db()
        query = services.query_ask(feedback=feedback, reason="Why?")
        services.query_answer(query=query, answer="Because.", base_url=BASE)
        with pytest.raises(services.FeedbackError, match="answered already"):
            services.query_answer(query=query, answer="Again.", base_url=BASE)

    def test_a_query_resent_with_its_key_is_asked_once(self, assignment, students):
        (feedback,) = written(assignment, students[:1])
        services.release_now(assignment=assignment, base_url=BASE)
        feedback.refresh_from_db()
        services.query_ask(feedback=feedback, reason="Why?", key="k1")
        services.query_ask(feedback=feedback, reason="Why?", key="k1")
        services.query_ask(feedback=feedback, reason="Why?", key="k2")
        assert Query.objects.count() == 2

    def test_a_rubric_item_of_another_assignment_is_refused(self, course, assignment, students):
        other = services.assignment_create(
            course=course,
            title="Other",
            max_score=Decimal(5),
            rubric=[services.RubricLine(Decimal(1), "x")],
        )
        (feedback,) = written(assignment, students[:1])
        services.release_now(assignment=assignment, base_url=BASE)
        feedback.refresh_from_db()
        with pytest.raises(services.FeedbackError, match="not one of this assignment"):
            services.query_ask(
                feedback=feedback, reason="Why?", rubric_item_id=other.rubric.get().pk
            )
