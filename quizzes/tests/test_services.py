from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from classroom import services as core
from classroom.models import Activity, Course, LiveSession, Participant, Student
from quizzes import selectors, services
from quizzes.models import Answer, Question, QuizRun
from quizzes.services import (
    QUESTION_CLOSED,
    AnswerRefused,
    GiftImportError,
    QuizError,
    TransitionError,
)

from .conftest import choice_id

State = QuizRun.State


def open_first(run, **kwargs):
    return services.question_open(run=run, **kwargs)


def to_question(run, title_position):
    """Open, close and reveal until question ``title_position`` is open."""
    run = open_first(run)
    while run.current_question.position < title_position:
        services.question_close(run=run)
        services.results_reveal(run=run)
        run = services.question_next(run=run)
    return run


class TestQuizImportGift:
    def test_questions_are_stored_in_order_with_their_answers(self, quiz):
        questions = list(quiz.questions.order_by("position"))
        assert [q.type for q in questions] == [
            "single",
            "multiple",
            "truefalse",
            "numeric",
            "short",
        ]
        assert [c.weight for c in questions[1].choices.all()] == [50.0, 50.0, -100.0]
        assert questions[3].numeric_answers.get().tolerance == 0.5
        assert [a.text for a in questions[4].short_answers.all()] == ["sigmoid", "logistic"]

    def test_file_with_an_error_imports_nothing(self, quiz):
        before = list(quiz.questions.values_list("pk", flat=True))
        with pytest.raises(GiftImportError) as refusal:
            services.quiz_import_gift(quiz=quiz, text="Fine? {T}\n\nEssay {}\n")
        assert refusal.value.errors[0].line == 3
        assert list(quiz.questions.values_list("pk", flat=True)) == before

    def test_valid_file_replaces_the_questions(self, quiz):
        services.quiz_import_gift(quiz=quiz, text="Fine? {T}\n")
        assert list(quiz.questions.values_list("text", flat=True)) == ["Fine?"]

    def test_questions_with_answers_are_not_replaced(self, run, guest, questions):
        run = open_first(run)
        services.answer_submit(
            run=run,
            question_id=run.current_question_id,
            participant=guest,
            choice_ids=[choice_id(questions["Q1"], "A")],
        )
        with pytest.raises(QuizError, match="already has 1 answers"):
            services.quiz_import_gift(quiz=run.quiz, text="Fine? {T}\n")


class TestQuizCreateFromGift:
    def test_appends_a_quiz_activity_to_the_agenda(self, lesson, quiz):
        assert quiz.activity.kind == "quiz"
        assert quiz.activity.lesson == lesson
        assert quiz.activity.position == 1

    def test_same_title_replaces_rather_than_appends(self, lesson, quiz):
        again = services.quiz_create_from_gift(
            lesson_id=lesson.pk, title="Daily quiz", text="Only one? {T}"
        )
        assert again.pk == quiz.pk
        assert Activity.objects.filter(lesson=lesson).count() == 1
        assert again.questions.count() == 1

    def test_error_creates_no_activity(self, lesson):
        with pytest.raises(GiftImportError):
            services.quiz_create_from_gift(lesson_id=lesson.pk, title="Bad", text="Essay {}")
        assert not Activity.objects.filter(lesson=lesson).exists()


class TestQuestionOpen:
    def test_opens_the_first_question_with_a_server_deadline(self, run):
        run = open_first(run, time_limit_seconds=20)
        assert (run.state, run.current_question.position) == (State.OPEN, 1)
        assert run.deadline - run.opened_at == timedelta(seconds=20)

    def test_question_time_limit_applies_by_default(self, run, questions):
        Question.objects.filter(pk=questions["Q1"].pk).update(time_limit_seconds=30)
        run = open_first(run)
        assert run.deadline - run.opened_at == timedelta(seconds=30)

    def test_without_any_limit_there_is_no_deadline(self, run):
        assert open_first(run).deadline is None

    def test_opening_tells_the_phones(self, run, session):
        version = LiveSession.objects.get(pk=session.pk).version
        open_first(run)
        assert LiveSession.objects.get(pk=session.pk).version == version + 1

    def test_refused_when_a_question_is_already_open(self, run):
        open_first(run)
        with pytest.raises(TransitionError, match="the quiz is open at question 1"):
            open_first(run)


class TestQuestionClose:
    def test_closes_the_open_question(self, run):
        run = services.question_close(run=open_first(run))
        assert run.state == State.CLOSED

    def test_refused_in_the_lobby(self, run):
        with pytest.raises(TransitionError, match="the quiz is in the lobby"):
            services.question_close(run=run)


class TestQuestionCloseIfDue:
    def test_closes_once_deadline_and_grace_have_passed(self, run):
        run = open_first(run, time_limit_seconds=10)
        later = run.deadline + timedelta(seconds=1.5)
        assert services.question_close_if_due(run=run, now=later).state == State.CLOSED

    def test_changes_nothing_within_the_grace(self, run):
        run = open_first(run, time_limit_seconds=10)
        within = run.deadline + timedelta(seconds=0.5)
        assert services.question_close_if_due(run=run, now=within).state == State.OPEN


class TestResultsReveal:
    def test_reveals_a_closed_question(self, run):
        run = services.question_close(run=open_first(run))
        assert services.results_reveal(run=run).state == State.REVEALED

    def test_refused_while_the_question_is_open(self, run):
        run = open_first(run)
        with pytest.raises(TransitionError, match="cannot reveal the results: the quiz is open"):
            services.results_reveal(run=run)

    def test_question_past_its_deadline_is_closed_and_revealed(self, run):
        run = open_first(run, time_limit_seconds=5)
        QuizRun.objects.filter(pk=run.pk).update(deadline=timezone.now() - timedelta(seconds=2))
        assert services.results_reveal(run=run).state == State.REVEALED


class TestQuestionNext:
    def test_opens_the_following_question_after_the_reveal(self, run):
        run = services.question_close(run=open_first(run))
        run = services.question_next(run=services.results_reveal(run=run))
        assert (run.state, run.current_question.position) == (State.OPEN, 2)

    def test_refused_before_the_reveal(self, run):
        run = services.question_close(run=open_first(run))
        with pytest.raises(TransitionError, match="the quiz is closed at question 1"):
            services.question_next(run=run)

    def test_refused_after_the_last_question(self, run):
        run = to_question(run, 5)
        services.question_close(run=run)
        services.results_reveal(run=run)
        with pytest.raises(TransitionError, match="that was the last question"):
            services.question_next(run=run)


class TestAnswerSubmit:
    def submit(self, run, participant, **kwargs):
        return services.answer_submit(
            run=run, question_id=run.current_question_id, participant=participant, **kwargs
        )

    def test_stores_the_marked_answer_with_its_time(self, run, guest, questions):
        run = open_first(run)
        answer = self.submit(
            run,
            guest,
            choice_ids=[choice_id(questions["Q1"], "A")],
            now=run.opened_at + timedelta(seconds=3),
        )
        assert (answer.correct, answer.points, answer.seconds) == (True, 1.0, 3.0)

    def test_answer_within_the_grace_is_accepted(self, run, guest, questions):
        run = open_first(run, time_limit_seconds=10)
        within = run.deadline + timedelta(seconds=0.9)
        self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "A")], now=within)
        assert Answer.objects.count() == 1

    def test_late_answer_is_refused_and_not_stored(self, run, guest, questions):
        run = open_first(run, time_limit_seconds=10)
        late = run.deadline + timedelta(seconds=1.1)
        with pytest.raises(AnswerRefused) as refusal:
            self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "A")], now=late)
        assert str(refusal.value) == QUESTION_CLOSED
        assert Answer.objects.count() == 0

    def test_answer_after_the_close_is_refused_and_not_stored(self, run, guest, questions):
        run = services.question_close(run=open_first(run))
        with pytest.raises(AnswerRefused, match=f"^{QUESTION_CLOSED}$"):
            self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "A")])
        assert Answer.objects.count() == 0

    def test_answer_to_a_question_that_is_not_open_is_refused(self, run, guest, questions):
        run = open_first(run)
        with pytest.raises(AnswerRefused, match=QUESTION_CLOSED):
            services.answer_submit(
                run=run, question_id=questions["Q2"].pk, participant=guest, choice_ids=[]
            )

    def test_retried_identical_answer_is_stored_once_and_unchanged(self, run, guest, questions):
        run = open_first(run)
        pick = [choice_id(questions["Q1"], "A")]
        first = self.submit(run, guest, choice_ids=pick, now=run.opened_at + timedelta(seconds=2))
        again = self.submit(run, guest, choice_ids=pick, now=run.opened_at + timedelta(seconds=4))
        assert Answer.objects.count() == 1
        assert again.pk == first.pk
        assert Answer.objects.get().seconds == 2.0

    def test_last_answer_before_the_close_counts(self, run, guest, questions):
        run = open_first(run)
        self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "A")])
        self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "B")])
        stored = Answer.objects.get()
        assert (stored.choice_ids, stored.correct) == ([choice_id(questions["Q1"], "B")], False)

    def test_the_same_answer_resent_after_the_close_is_acknowledged(self, run, guest, questions):
        # A phone whose receipt was lost resends its answer; by then the question has closed.
        run = open_first(run)
        pick = [choice_id(questions["Q1"], "A")]
        first = self.submit(run, guest, choice_ids=pick)
        run = services.question_close(run=run)
        again = self.submit(run, guest, choice_ids=pick)
        assert again.pk == first.pk
        assert Answer.objects.get().choice_ids == pick

    def test_a_different_answer_after_the_close_is_refused(self, run, guest, questions):
        run = open_first(run)
        self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "A")])
        run = services.question_close(run=run)
        with pytest.raises(AnswerRefused, match=f"^{QUESTION_CLOSED}$"):
            self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "B")])
        assert Answer.objects.get().choice_ids == [choice_id(questions["Q1"], "A")]

    def test_a_typed_answer_with_a_control_character_is_refused_by_name(self, run, guest):
        run = to_question(run, 5)
        with pytest.raises(AnswerRefused, match="an answer has a character that cannot be shown"):
            self.submit(run, guest, text="sig\x00moid")
        assert Answer.objects.count() == 0
        self.submit(run, guest, text="sigmoid")
        assert Answer.objects.get().text == "sigmoid"

    def test_database_refuses_a_second_answer_row(self, run, guest, questions):
        run = open_first(run)
        answer = self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "A")])
        answer.pk = None
        with pytest.raises(IntegrityError), transaction.atomic():
            answer.save()

    def test_unreadable_number_is_refused_with_the_reason_and_not_stored(self, run, guest):
        run = to_question(run, 4)
        with pytest.raises(AnswerRefused, match="letters"):
            self.submit(run, guest, text="forty-two")
        assert Answer.objects.count() == 0

    def test_typed_number_with_a_decimal_comma_is_marked(self, run, guest):
        run = to_question(run, 4)
        assert self.submit(run, guest, text="41,8").correct

    def test_multiple_select_uses_the_quiz_credit_rule(self, run, guest, questions):
        run = to_question(run, 2)
        answer = self.submit(run, guest, choice_ids=[choice_id(questions["Q2"], "A")])
        assert (answer.credit, answer.correct) == (0.5, False)

    def test_choice_of_another_question_is_refused(self, run, guest, questions):
        run = open_first(run)
        with pytest.raises(AnswerRefused, match="not one of the choices"):
            self.submit(run, guest, choice_ids=[choice_id(questions["Q2"], "A")])

    def test_speed_bonus_reduces_points_of_slow_answers(self, run, guest, questions):
        run.quiz.speed_bonus = True
        run.quiz.save()
        run = open_first(run, time_limit_seconds=20)
        answer = self.submit(
            run, guest, choice_ids=[choice_id(questions["Q1"], "A")], now=run.deadline
        )
        assert answer.points == 0.5

    def test_answer_tells_the_boards_but_not_the_phones(self, run, guest, questions, session):
        run = open_first(run)
        version = LiveSession.objects.get(pk=session.pk).version
        self.submit(run, guest, choice_ids=[choice_id(questions["Q1"], "A")])
        assert LiveSession.objects.get(pk=session.pk).version == version

    def test_participant_of_another_session_is_refused(self, run, lesson, questions):
        other = core.live_session_start(lesson_id=lesson.pk)
        stranger = core.participant_join_guest(session=other, display_name="Eve")
        run = open_first(run)
        with pytest.raises(AnswerRefused, match="not a participant of this session"):
            self.submit(run, stranger, choice_ids=[choice_id(questions["Q1"], "A")])

    def test_guest_named_like_a_student_never_collides_with_them(
        self, run, rostered, session, questions
    ):
        # A guest who joined with the name before the roster listed the student (the join now
        # refuses a roster name, so the row is made directly).
        namesake = Participant.objects.create(session=session, display_name=rostered.display_name)
        run = open_first(run)
        self.submit(run, rostered, choice_ids=[choice_id(questions["Q1"], "A")])
        self.submit(run, namesake, choice_ids=[choice_id(questions["Q1"], "B")])
        stored = {a.participant_id: a.correct for a in Answer.objects.all()}
        assert stored == {rostered.pk: True, namesake.pk: False}


class TestAnswerLiveSubmit:
    """The phone's path: the live question from the cache, filed under the session's version
    as the phone's request read it, then one conditional statement."""

    @pytest.fixture
    def current(self, run, session):
        core.live_session_goto(session=session, activity_id=run.quiz.activity_id)
        return open_first(run)

    def submit(self, session, participant, question_id, **kwargs):
        return services.answer_live_submit(
            session=session, participant=participant, question_id=question_id, **kwargs
        )

    def test_answer_read_with_the_question_open_is_stored(self, current, session, guest):
        read = LiveSession.objects.get(pk=session.pk)
        pick = [choice_id(current.current_question, "A")]
        answer = self.submit(read, guest, current.current_question_id, choice_ids=pick)
        assert Answer.objects.get().pk == answer.pk
        assert (answer.choice_ids, answer.correct) == (pick, True)

    def test_answer_racing_a_close_is_refused_and_not_stored(self, current, session, guest):
        """The request read the session (and its cached question, open) just before the close
        committed; the write finds the question closed."""
        read = LiveSession.objects.get(pk=session.pk)
        assert selectors.live_question_of(session=read).state == State.OPEN
        services.question_close(run=current)
        pick = [choice_id(current.current_question, "A")]
        with pytest.raises(AnswerRefused, match=f"^{QUESTION_CLOSED}$"):
            self.submit(read, guest, current.current_question_id, choice_ids=pick)
        assert Answer.objects.count() == 0

    def test_double_tap_is_stored_once_and_tells_the_boards_once(
        self, current, session, guest, django_capture_on_commit_callbacks
    ):
        read = LiveSession.objects.get(pk=session.pk)
        pick = [choice_id(current.current_question, "A")]
        with django_capture_on_commit_callbacks() as bumps:
            first = self.submit(read, guest, current.current_question_id, choice_ids=pick)
            again = self.submit(read, guest, current.current_question_id, choice_ids=pick)
        assert Answer.objects.count() == 1
        assert again.pk == first.pk
        assert len(bumps) == 1

    def test_changed_answer_tells_the_boards_again(
        self, current, session, guest, django_capture_on_commit_callbacks
    ):
        read = LiveSession.objects.get(pk=session.pk)
        question = current.current_question
        with django_capture_on_commit_callbacks() as bumps:
            for letter in "AB":
                self.submit(read, guest, question.pk, choice_ids=[choice_id(question, letter)])
        assert Answer.objects.get().choice_ids == [choice_id(question, "B")]
        assert len(bumps) == 2


class TestSelfPaced:
    @pytest.fixture
    def self_paced(self, quiz):
        return services.quiz_run_self_paced_create(
            quiz=quiz, closes_at=timezone.now() + timedelta(days=7)
        )

    def submit(self, run, question, **kwargs):
        return services.answer_submit(run=run, question_id=question.pk, **kwargs)

    def test_rostered_student_answers_any_question_at_their_pace(
        self, self_paced, student, questions
    ):
        answer = self.submit(self_paced, questions["Q5"], student=student, text="Sigmoid")
        assert (answer.correct, answer.seconds, answer.participant) == (True, None, None)

    def test_first_answer_is_final(self, self_paced, student, questions):
        self.submit(self_paced, questions["Q5"], student=student, text="tanh")
        with pytest.raises(AnswerRefused, match="already answered"):
            self.submit(self_paced, questions["Q5"], student=student, text="sigmoid")
        assert Answer.objects.get().text == "tanh"

    def test_identical_retry_changes_nothing(self, self_paced, student, questions):
        first = self.submit(self_paced, questions["Q5"], student=student, text="tanh")
        again = self.submit(self_paced, questions["Q5"], student=student, text="tanh")
        assert again.pk == first.pk

    def test_answer_after_the_deadline_is_refused(self, self_paced, student, questions):
        late = self_paced.closes_at + timedelta(seconds=1)
        with pytest.raises(AnswerRefused, match="this quiz has closed"):
            self.submit(self_paced, questions["Q5"], student=student, text="x", now=late)
        assert Answer.objects.count() == 0

    def test_guest_cannot_answer_a_self_paced_run(self, self_paced, guest, questions):
        with pytest.raises(AnswerRefused, match="personal link"):
            self.submit(self_paced, questions["Q5"], participant=guest, text="sigmoid")

    def test_student_of_another_course_is_refused(self, self_paced, questions):
        other = Course.objects.create(title="Other", code="X")
        outsider = Student.objects.create(course=other, name="Out", student_number="9")
        with pytest.raises(AnswerRefused, match="not on the roster"):
            self.submit(self_paced, questions["Q5"], student=outsider, text="sigmoid")

    def test_results_are_kept_apart_from_the_live_run(
        self, self_paced, run, rostered, student, questions
    ):
        run = to_question(run, 5)
        services.answer_submit(
            run=run, question_id=questions["Q5"].pk, participant=rostered, text="tanh"
        )
        self.submit(self_paced, questions["Q5"], student=student, text="sigmoid")
        assert [a.correct for a in Answer.objects.filter(run=run)] == [False]
        assert [a.correct for a in Answer.objects.filter(run=self_paced)] == [True]

    def test_deadline_in_the_past_is_refused(self, quiz):
        with pytest.raises(QuizError, match="in the future"):
            services.quiz_run_self_paced_create(
                quiz=quiz, closes_at=timezone.now() - timedelta(minutes=1)
            )

    def test_database_refuses_an_answer_with_both_a_participant_and_a_student(
        self, self_paced, guest, student, questions
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Answer.objects.create(
                run=self_paced,
                question=questions["Q5"],
                participant=guest,
                student=student,
                correct=False,
                credit=0,
                points=0,
                answered_at=timezone.now(),
            )


class TestActivityHooks:
    def test_going_to_the_quiz_starts_its_live_run_in_the_lobby(self, quiz, session):
        core.live_session_goto(session=session, activity_id=quiz.activity_id)
        assert QuizRun.objects.get(session=session).state == State.LOBBY

    def test_leaving_the_quiz_closes_the_open_question(self, quiz, session, lesson):
        core.live_session_goto(session=session, activity_id=quiz.activity_id)
        run = open_first(QuizRun.objects.get(session=session))
        note = core.activity_append(lesson_id=lesson.pk, kind="note", title="Next")
        core.live_session_goto(session=session, activity_id=note.pk)
        run.refresh_from_db()
        assert run.state == State.CLOSED
