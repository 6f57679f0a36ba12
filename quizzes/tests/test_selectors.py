from __future__ import annotations

from datetime import timedelta

import pytest

from classroom import services as core
from classroom.models import LiveSession
from quizzes import selectors, services
from quizzes.models import QuizRun
from quizzes.stats import Band

from .conftest import choice_id


@pytest.fixture
def crowd(session):
    return [
        core.participant_join_guest(session=session, display_name=name)
        for name in ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald"]
    ]


def answer(run, participant, **kwargs):
    return services.answer_submit(
        run=run, question_id=run.current_question_id, participant=participant, **kwargs
    )


@pytest.fixture
def q1_open(run):
    return services.question_open(run=run)


class TestHotPaths:
    def test_answer_submit_query_count(self, q1_open, guest, questions, django_assert_num_queries):
        pick = [choice_id(questions["Q1"], "A")]
        # The run (with its quiz, question and session), its choices, the one storing statement.
        with django_assert_num_queries(3):
            answer(q1_open, guest, choice_ids=pick)

    def test_identical_retry_query_count(
        self, q1_open, guest, questions, django_assert_num_queries
    ):
        pick = [choice_id(questions["Q1"], "A")]
        answer(q1_open, guest, choice_ids=pick)
        # The run, its choices, the storing statement that writes nothing, the stored answer.
        with django_assert_num_queries(4):
            answer(q1_open, guest, choice_ids=pick)

    def test_choice_counts_counts_each_choice(self, q1_open, crowd, questions):
        q1 = questions["Q1"]
        for participant, letter in zip(crowd, "AABACB", strict=True):
            answer(q1_open, participant, choice_ids=[choice_id(q1, letter)])
        counts = selectors.choice_counts(run=q1_open, question=q1)
        assert [(c.letter, c.count, c.right) for c in counts] == [
            ("A", 3, True),
            ("B", 2, False),
            ("C", 1, False),
        ]

    def test_choice_counts_marks_every_positive_choice_of_multiple_select(self, run, questions):
        counts = selectors.choice_counts(run=run, question=questions["Q2"])
        assert [c.right for c in counts] == [True, True, False]

    def test_choice_counts_query_count_does_not_grow_with_answers(
        self, q1_open, crowd, questions, django_assert_num_queries
    ):
        for participant in crowd:
            answer(q1_open, participant, choice_ids=[choice_id(questions["Q1"], "A")])
        with django_assert_num_queries(2):
            selectors.choice_counts(run=q1_open, question=questions["Q1"])

    def test_answer_progress_counts_answered_against_participants(
        self, q1_open, crowd, questions, django_assert_num_queries
    ):
        for participant in crowd[:4]:
            answer(q1_open, participant, choice_ids=[choice_id(questions["Q1"], "B")])
        with django_assert_num_queries(2):
            progress = selectors.answer_progress(run=q1_open)
        assert (progress.answered, progress.participants) == (4, 6)

    def test_answer_of_finds_the_saved_answer_after_a_reload(
        self, q1_open, guest, questions, django_assert_num_queries
    ):
        sent = answer(q1_open, guest, choice_ids=[choice_id(questions["Q1"], "C")])
        with django_assert_num_queries(1):
            found = selectors.answer_of(
                run=q1_open, question_id=q1_open.current_question_id, participant=guest
            )
        assert found.pk == sent.pk

    def test_typed_answer_counts_group_alike_texts(self, run, crowd):
        run = services.question_open(run=run)
        for _ in range(4):
            services.question_close(run=run)
            services.results_reveal(run=run)
            run = services.question_next(run=run)
        for participant, typed in zip(crowd, ["Sigmoid", "sigmoid ", "tanh", "ReLU"], strict=False):
            answer(run, participant, text=typed)
        counts = selectors.typed_answer_counts(run=run, question=run.current_question)
        assert [(c.count, c.correct) for c in counts] == [(2, True), (1, False), (1, False)]

    def test_run_live_for_finds_the_session_run(self, run, session, quiz):
        assert selectors.run_live_for(session=session, activity_id=quiz.activity_id) == run


class TestLiveQuestion:
    @pytest.fixture
    def current(self, quiz, session, run):
        """The quiz is the session's current activity, its first question open."""
        core.live_session_goto(session=session, activity_id=quiz.activity_id)
        return services.question_open(run=run)

    def fresh(self, session):
        return LiveSession.objects.get(pk=session.pk)

    def test_is_read_from_the_database_once_per_version(
        self, current, session, questions, django_assert_num_queries
    ):
        first_read, second_read = self.fresh(session), self.fresh(session)
        with django_assert_num_queries(2):
            live = selectors.live_question_of(session=first_read)
        with django_assert_num_queries(0):
            again = selectors.live_question_of(session=second_read)
        selectors.live_questions_forget()  # as another process: from the shared cache
        with django_assert_num_queries(0):
            shared = selectors.live_question_of(session=second_read)
        assert live == again == shared
        assert (live.state, live.question_id) == (QuizRun.State.OPEN, questions["Q1"].pk)
        assert live.choice_ids == tuple(c.pk for c in questions["Q1"].choices.all())

    def test_a_close_is_seen_at_the_next_version(self, current, session):
        selectors.live_question_of(session=self.fresh(session))
        services.question_close(run=current)
        live = selectors.live_question_of(session=self.fresh(session))
        assert live.state == QuizRun.State.CLOSED

    def test_a_session_whose_current_activity_is_not_a_quiz_run_has_none(self, session, run):
        assert selectors.live_question_of(session=self.fresh(session)) is None

    def test_an_ended_session_has_none(self, current, session):
        core.live_session_end(session=self.fresh(session))
        assert selectors.live_question_of(session=self.fresh(session)) is None


@pytest.fixture
def finished(run, crowd, questions, rostered):
    """Q1 answered by six (Alan Turing, Ada, Grace right), Q2 by four (Grace wrong).

    Totals: Ada 2, Alan Turing 2, Alan 1, Grace 1, Barbara 0, Edsger 0; Donald never answers.
    """
    run = services.question_open(run=run)
    q1, q2 = questions["Q1"], questions["Q2"]
    people = [rostered, *crowd[:5]]
    for person, letter in zip(people, "AAABBC", strict=True):
        answer(run, person, choice_ids=[choice_id(q1, letter)], now=run.opened_at)
    services.question_close(run=run)
    services.results_reveal(run=run)
    run = services.question_next(run=run)
    right = [choice_id(q2, "A"), choice_id(q2, "B")]
    for person, pick in zip(people, [right, right, [choice_id(q2, "C")], right], strict=False):
        answer(run, person, choice_ids=pick, now=run.opened_at + timedelta(seconds=2.5))
    return run


class TestResults:
    def test_scores_total_each_respondent(self, finished, rostered):
        scores = selectors.run_scores(run=finished)
        assert [(s.name, s.total) for s in scores[:3]] == [
            ("Ada", 2.0),
            ("Alan Turing", 2.0),
            ("Alan", 1.0),
        ]
        assert scores[1].student_number == rostered.student.student_number
        assert len(scores) == 6

    def test_question_stats(self, finished, django_assert_num_queries):
        with django_assert_num_queries(2):
            stats = selectors.question_stats(run=finished)
        q1, q2 = stats[0], stats[1]
        assert (q1.answered, q1.facility) == (6, 0.5)
        assert (q2.answered, q2.facility) == (4, 0.75)
        # Ranked by total, ties in joining order: lower half Edsger, Barbara, Grace (1 of 3
        # right), upper half Alan, Ada, Alan Turing (2 of 3 right).
        assert q1.discrimination == pytest.approx(1 / 3)
        # Q2: lower half Grace (wrong), Alan (right); upper half Ada, Alan Turing (both right).
        assert q2.discrimination == pytest.approx(0.5)
        assert [s.answered for s in stats[2:]] == [0, 0, 0]
        assert stats[2].facility is None

    def test_totals_distribution_includes_empty_bands(self, finished):
        assert selectors.totals_distribution(run=finished) == [
            Band(0, 2),
            Band(1, 2),
            Band(2, 2),
            Band(3, 0),
            Band(4, 0),
            Band(5, 0),
        ]

    def test_leaderboard_is_off_by_default(self, finished):
        assert selectors.leaderboard(run=finished) == []

    def test_leaderboard_shows_top_five_by_display_name(self, finished):
        finished.quiz.leaderboard = True
        finished.quiz.save()
        rows = selectors.leaderboard(run=QuizRun.objects.get(pk=finished.pk))
        assert len(rows) == 5
        assert [(r.rank, r.display_name, r.total) for r in rows[:3]] == [
            (1, "Ada", 2.0),
            (2, "Alan Turing", 2.0),
            (3, "Alan", 1.0),
        ]
        assert "Donald" not in [r.display_name for r in rows]

    def test_results_of_one_participant(self, finished, crowd):
        results, total = selectors.results_of(run=finished, participant=crowd[1])
        assert total == 1.0
        assert [r.answer.correct if r.answer else None for r in results] == [
            True,
            False,
            None,
            None,
            None,
        ]

    def test_csv_rows(self, finished, rostered, django_assert_num_queries):
        with django_assert_num_queries(2):
            rows = selectors.answers_csv_rows(run=finished)
        assert rows[0] == selectors.CSV_HEADER
        assert len(rows) == 1 + 6 + 4
        turing = next(r for r in rows[1:] if r[1] == "Alan Turing" and r[2].startswith("2."))
        assert turing == ["1001", "Alan Turing", "2. Which are even?", "A, B", "yes", "1", "2.5"]
        guest_row = next(r for r in rows[1:] if r[1] == "Barbara")
        assert guest_row == ["", "Barbara", "1. Which is a prime?", "C", "no", "0", "0.0"]

    def test_gift_export_round_trips_through_import(self, quiz, lesson):
        text = selectors.quiz_gift_export(quiz=quiz)
        copy = services.quiz_create_from_gift(lesson_id=lesson.pk, title="Copy", text=text)
        assert selectors.question_specs(quiz=copy) == selectors.question_specs(quiz=quiz)
