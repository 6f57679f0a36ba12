"""The sweep that closes timed questions whose own close task was lost."""

from __future__ import annotations

from datetime import timedelta

from classroom import services as core
from quizzes import services, tasks
from quizzes.models import QuizRun
from quizzes.services import sweep

State = QuizRun.State


class TestQuestionsCloseOverdue:
    def test_closes_a_question_past_its_deadline_and_grace(self, run):
        run = services.question_open(run=run, time_limit_seconds=10)
        later = run.deadline + services.GRACE + timedelta(milliseconds=1)

        assert sweep.questions_close_overdue(now=later) == [run.pk]

        run.refresh_from_db()
        assert run.state == State.CLOSED
        assert run.closed_at == run.deadline + services.GRACE

    def test_leaves_a_question_within_its_grace_open(self, run):
        run = services.question_open(run=run, time_limit_seconds=10)
        within = run.deadline + services.GRACE - timedelta(milliseconds=1)

        assert sweep.questions_close_overdue(now=within) == []

        run.refresh_from_db()
        assert run.state == State.OPEN

    def test_leaves_a_question_without_a_time_limit_open(self, run):
        run = services.question_open(run=run)

        assert sweep.questions_close_overdue(now=run.opened_at + timedelta(days=1)) == []

        run.refresh_from_db()
        assert run.state == State.OPEN

    def test_closes_every_overdue_run_and_only_those(self, run, quiz, lesson):
        other_session = core.live_session_start(lesson_id=lesson.pk)
        other = services.quiz_run_live_start(quiz=quiz, session=other_session)
        run = services.question_open(run=run, time_limit_seconds=10)
        other = services.question_open(run=other, time_limit_seconds=60)
        later = run.deadline + timedelta(seconds=5)

        assert sweep.questions_close_overdue(now=later) == [run.pk]

        assert QuizRun.objects.get(pk=run.pk).state == State.CLOSED
        assert QuizRun.objects.get(pk=other.pk).state == State.OPEN

    def test_a_second_sweep_changes_nothing(self, run, session):
        run = services.question_open(run=run, time_limit_seconds=10)
        later = run.deadline + timedelta(seconds=5)
        sweep.questions_close_overdue(now=later)
        version = type(session).objects.get(pk=session.pk).version

        assert sweep.questions_close_overdue(now=later) == []

        assert type(session).objects.get(pk=session.pk).version == version


class TestQuestionsCloseOverdueTask:
    def test_the_task_closes_an_overdue_question(self, run):
        run = services.question_open(run=run, time_limit_seconds=10)
        QuizRun.objects.filter(pk=run.pk).update(deadline=run.opened_at - timedelta(minutes=1))

        tasks.questions_close_overdue.apply()

        run.refresh_from_db()
        assert run.state == State.CLOSED

    def test_the_task_leaves_a_question_before_its_deadline_open(self, run):
        run = services.question_open(run=run, time_limit_seconds=600)

        tasks.questions_close_overdue.apply()

        run.refresh_from_db()
        assert run.state == State.OPEN
