"""The quiz's pages and writes through the real URL stack: phones answering, the instructor's
controls, results and exports, the student's own pages; each refusal beside its allowed case."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom import services as core
from classroom.models import Course, Participant, Student
from quizzes import selectors, services
from quizzes.models import Answer, QuizRun

from .conftest import choice_id

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def teacher(course):
    user = get_user_model().objects.create_user("ada", password="pw-teacher-1")
    course.instructors.add(user)
    return user


@pytest.fixture
def stranger(db):
    """An instructor of another course."""
    user = get_user_model().objects.create_user("eve", password="pw-stranger-1")
    Course.objects.create(title="Other", code="OTHER1").instructors.add(user)
    return user


@pytest.fixture
def live(quiz, session):
    """The quiz is the current activity of the session: its run waits in the lobby."""
    core.live_session_goto(session=session, activity_id=quiz.activity_id)
    return QuizRun.objects.get(quiz=quiz, session=session)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def phone_join(session, name: str, client: Client | None = None) -> tuple[Client, Participant]:
    client = client or Client()
    token = client.get(f"/j/{session.join_code}/").context["csrf_token"]
    response = client.post(
        f"/j/{session.join_code}/", {"display_name": name, "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
    return client, Participant.objects.get(session=session, display_name=name)


def answer_url(session) -> str:
    return reverse("quizzes:answer", args=[session.join_code])


def refusal(response) -> str:
    """The refusal a phone shows, as the service worded it."""
    found = re.search(r'<p class="error quiz-refused"[^>]*>([^<]*)</p>', response.content.decode())
    return found.group(1).lower() if found else ""


def open_question(run, position: int, limit: int | None = None) -> QuizRun:
    run.refresh_from_db()
    if run.state == QuizRun.State.LOBBY:
        run = services.question_open(run=run, time_limit_seconds=limit)
    while run.current_question.position < position:
        if run.state == QuizRun.State.OPEN:
            services.question_close(run=run)
        if run.state != QuizRun.State.REVEALED:
            services.results_reveal(run=run)
        run = services.question_next(run=run, time_limit_seconds=limit)
    return run


# --- phones --------------------------------------------------------------------------------


class TestPhoneAnswer:
    def test_phone_shows_the_question_with_letters_and_text(self, live, session, questions):
        run = open_question(live, 1)
        client, _ = phone_join(session, "Bo")
        page = client.get(f"/live/{session.join_code}/").content.decode()
        assert "Which is a prime?" in page
        for choice in run.current_question.choices.all():
            assert f'value="{choice.pk}"' in page
            assert f'<span class="quiz-letter">{choice.letter}</span>' in page
            assert f'<span class="quiz-choice-text">{choice.text}</span>' in page

    def test_numeric_question_opens_the_decimal_keypad(self, live, session):
        open_question(live, 4)
        client, _ = phone_join(session, "Bo")
        page = client.get(f"/live/{session.join_code}/").content.decode()
        assert re.search(r'<input id="quiz-text"[^>]*inputmode="decimal"', page)

    def test_short_text_question_has_no_decimal_keypad(self, live, session):
        open_question(live, 5)
        client, _ = phone_join(session, "Bo")
        page = client.get(f"/live/{session.join_code}/").content.decode()
        assert '<input id="quiz-text"' in page and 'inputmode="decimal"' not in page

    def test_answer_is_stored_and_received_at_once(self, live, session, questions):
        run = open_question(live, 1)
        client, bo = phone_join(session, "Bo")
        seven = choice_id(questions["Q1"], "A")
        response = client.post(
            answer_url(session), {"question": run.current_question_id, "choice": seven}, **HX
        )
        assert response.status_code == 200
        assert "Answer received" in response.content.decode()
        assert Answer.objects.get(run=run, participant=bo).choice_ids == [seven]

    def test_answer_after_the_instructor_closed_is_refused(self, live, session, questions):
        run = open_question(live, 1)
        client, bo = phone_join(session, "Bo")
        services.question_close(run=run)
        response = client.post(
            answer_url(session),
            {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "A")},
            **HX,
        )
        assert response.status_code == 409
        assert refusal(response) == "this question has closed"
        assert not Answer.objects.filter(participant=bo).exists()

    def test_changed_answer_after_the_close_is_refused_and_the_first_kept(
        self, live, session, questions
    ):
        """The open question was cached by the first answer; the close files a new version."""
        run = open_question(live, 1)
        client, bo = phone_join(session, "Bo")
        first, second = choice_id(questions["Q1"], "A"), choice_id(questions["Q1"], "B")
        data = {"question": run.current_question_id}
        assert client.post(answer_url(session), {**data, "choice": first}, **HX).status_code == 200
        services.question_close(run=run)
        response = client.post(answer_url(session), {**data, "choice": second}, **HX)
        assert response.status_code == 409
        assert refusal(response) == "this question has closed"
        assert Answer.objects.get(participant=bo).choice_ids == [first]

    def test_answer_within_the_grace_after_the_deadline_is_kept(self, live, session, questions):
        run = open_question(live, 1, limit=30)
        QuizRun.objects.filter(pk=run.pk).update(
            deadline=timezone.now() - services.GRACE + timedelta(milliseconds=500)
        )
        client, bo = phone_join(session, "Bo")
        response = client.post(
            answer_url(session),
            {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "B")},
            **HX,
        )
        assert response.status_code == 200
        assert Answer.objects.filter(participant=bo).count() == 1

    def test_answer_past_the_deadline_and_grace_is_refused(self, live, session, questions):
        run = open_question(live, 1, limit=30)
        QuizRun.objects.filter(pk=run.pk).update(
            deadline=timezone.now() - services.GRACE - timedelta(milliseconds=500)
        )
        client, bo = phone_join(session, "Bo")
        response = client.post(
            answer_url(session),
            {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "B")},
            **HX,
        )
        assert response.status_code == 409
        assert refusal(response) == "this question has closed"
        assert not Answer.objects.filter(participant=bo).exists()

    def test_changed_answer_replaces_the_first(self, live, session, questions):
        run = open_question(live, 1)
        client, bo = phone_join(session, "Bo")
        for letter in ("B", "A"):
            client.post(
                answer_url(session),
                {"question": run.current_question_id, "choice": choice_id(questions["Q1"], letter)},
                **HX,
            )
        assert list(Answer.objects.filter(participant=bo).values_list("choice_ids", flat=True)) == [
            [choice_id(questions["Q1"], "A")]
        ]

    def test_reloaded_phone_shows_its_saved_answer(self, live, session, questions):
        run = open_question(live, 1)
        client, _ = phone_join(session, "Bo")
        chosen = choice_id(questions["Q1"], "C")
        client.post(answer_url(session), {"question": run.current_question_id, "choice": chosen})
        page = client.get(f"/live/{session.join_code}/").content.decode()
        button = re.search(rf'<button class="quiz-choice[^"]*"[^>]*value="{chosen}"[^>]*>', page)
        assert 'aria-pressed="true"' in button.group(0)

    def test_another_phone_does_not_show_that_answer(self, live, session, questions):
        run = open_question(live, 1)
        client, _ = phone_join(session, "Bo")
        chosen = choice_id(questions["Q1"], "C")
        client.post(answer_url(session), {"question": run.current_question_id, "choice": chosen})
        other, _ = phone_join(session, "Cy")
        page = other.get(f"/live/{session.join_code}/").content.decode()
        assert 'aria-pressed="true"' not in page

    def test_reloaded_phone_shows_its_saved_number(self, live, session):
        run = open_question(live, 4)
        client, _ = phone_join(session, "Bo")
        client.post(answer_url(session), {"question": run.current_question_id, "text": "41,8"})
        page = client.get(f"/live/{session.join_code}/").content.decode()
        assert re.search(r'<input id="quiz-text"[^>]*value="41,8"', page)

    def test_unreadable_number_is_refused_with_the_reason(self, live, session):
        run = open_question(live, 4)
        client, bo = phone_join(session, "Bo")
        response = client.post(
            answer_url(session), {"question": run.current_question_id, "text": "forty"}, **HX
        )
        assert response.status_code == 400
        assert 'class="error quiz-refused"' in response.content.decode()
        assert 'value="forty"' in response.content.decode()
        assert not Answer.objects.filter(participant=bo).exists()

    def test_answer_for_another_question_than_the_open_one_is_refused(
        self, live, session, questions
    ):
        run = open_question(live, 1)
        client, bo = phone_join(session, "Bo")
        response = client.post(
            answer_url(session),
            {"question": questions["Q2"].pk, "choice": choice_id(questions["Q2"], "A")},
            **HX,
        )
        assert response.status_code == 409
        assert run.current_question_id != questions["Q2"].pk
        assert not Answer.objects.filter(participant=bo).exists()

    def test_browser_without_a_participant_is_sent_to_join(self, live, session, questions):
        run = open_question(live, 1)
        response = Client().post(
            answer_url(session),
            {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "A")},
            **HX,
        )
        assert response.headers["HX-Redirect"] == reverse("classroom:join")
        assert not Answer.objects.exists()

    def test_answer_needs_the_csrf_token(self, live, session, questions):
        run = open_question(live, 1)
        client, bo = phone_join(session, "Bo", Client(enforce_csrf_checks=True))
        data = {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "A")}
        assert client.post(answer_url(session), data, **HX).status_code == 403
        assert not Answer.objects.filter(participant=bo).exists()
        token = client.get(f"/live/{session.join_code}/").context["csrf_token"]
        response = client.post(answer_url(session), data, HTTP_X_CSRFTOKEN=str(token), **HX)
        assert response.status_code == 200
        assert Answer.objects.filter(participant=bo).count() == 1

    def test_revealed_phone_shows_right_or_wrong_and_the_explanation(
        self, live, session, questions, quiz
    ):
        questions["Q1"].explanation = "Seven has no divisors but 1 and itself."
        questions["Q1"].save()
        run = open_question(live, 1)
        right, _ = phone_join(session, "Bo")
        wrong, _ = phone_join(session, "Cy")
        for client, letter in ((right, "A"), (wrong, "B")):
            client.post(
                answer_url(session),
                {"question": run.current_question_id, "choice": choice_id(questions["Q1"], letter)},
            )
        services.question_close(run=run)
        services.results_reveal(run=run)
        right_page = right.get(f"/live/{session.join_code}/").content.decode()
        wrong_page = wrong.get(f"/live/{session.join_code}/").content.decode()
        assert "✓ Right!" in right_page and "Not this time" not in right_page
        assert "✗ Not this time" in wrong_page and "✓ Right!" not in wrong_page
        for page in (right_page, wrong_page):
            assert "Seven has no divisors" in page
            assert "✓ right answer" in page
        # The feedback of the chosen choice only.
        assert '<p class="quiz-feedback">even</p>' not in right_page
        assert '<p class="quiz-feedback">even</p>' in wrong_page


# --- the projector and the dashboard -------------------------------------------------------


class TestBoards:
    def test_projector_chart_counts_match_the_stored_answers(
        self, live, session, questions, teacher
    ):
        run = open_question(live, 1)
        picks = ["A", "A", "B", "C", "A"]
        for number, letter in enumerate(picks):
            client, _ = phone_join(session, f"P{number}")
            client.post(
                answer_url(session),
                {"question": run.current_question_id, "choice": choice_id(questions["Q1"], letter)},
            )
        phone_join(session, "Silent")
        services.question_close(run=run)
        services.results_reveal(run=run)
        page = signed_in(teacher).get(f"/teach/sessions/{session.pk}/projector/")
        html = page.content.decode()
        bars = re.findall(r'data-label="(\w)" data-count="(\d+)" data-right="(\w+)"', html)
        stored = dict.fromkeys("ABC", 0)
        for ids in Answer.objects.filter(run=run).values_list("choice_ids", flat=True):
            for pk in ids:
                stored[next(c.letter for c in questions["Q1"].choices.all() if c.pk == pk)] += 1
        assert {label: int(count) for label, count, _ in bars} == stored
        assert [label for label, _, right in bars if right == "yes"] == ["A"]
        assert "5 answers of 6 participants" in html
        assert "✓ right" in html

    def test_projector_shows_no_chart_before_the_reveal(self, live, session, teacher):
        open_question(live, 1)
        html = signed_in(teacher).get(f"/teach/sessions/{session.pk}/projector/").content
        assert b"quiz-chart-svg" not in html
        assert b"quiz-tiles" in html

    def test_dashboard_counts_answers_as_they_arrive(self, live, session, questions, teacher):
        run = open_question(live, 1)
        instructor = signed_in(teacher)
        before = instructor.get(f"/teach/sessions/{session.pk}/").content.decode()
        assert '<strong id="quiz-answered">0</strong>' in before
        client, _ = phone_join(session, "Bo")
        client.post(
            answer_url(session),
            {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "A")},
        )
        after = instructor.get(f"/teach/sessions/{session.pk}/").content.decode()
        assert '<strong id="quiz-answered">1</strong>' in after

    def test_leaderboard_shows_on_the_projector_only_when_turned_on(
        self, live, session, questions, teacher
    ):
        run = open_question(live, 1)
        client, _ = phone_join(session, "Bo")
        client.post(
            answer_url(session),
            {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "A")},
        )
        services.question_close(run=run)
        services.results_reveal(run=run)
        instructor = signed_in(teacher)
        projector = f"/teach/sessions/{session.pk}/projector/"
        assert b"quiz-leaders" not in instructor.get(projector).content
        instructor.post(reverse("quizzes:run-options", args=[run.pk]), {"leaderboard": "on"})
        assert b"quiz-leaders" in instructor.get(projector).content


class TestControls:
    def test_instructor_opens_closes_and_reveals(self, live, teacher):
        instructor = signed_in(teacher)
        url = reverse("quizzes:run-control", args=[live.pk])
        for action, state in (("open", "open"), ("close", "closed"), ("reveal", "revealed")):
            response = instructor.post(url, {"action": action}, **HX)
            assert response.status_code == 200
            live.refresh_from_db()
            assert live.state == state

    def test_open_with_a_time_limit_sets_the_server_deadline(self, live, teacher):
        before = timezone.now()
        signed_in(teacher).post(
            reverse("quizzes:run-control", args=[live.pk]),
            {"action": "open", "time_limit": "20"},
            **HX,
        )
        live.refresh_from_db()
        assert (
            before + timedelta(seconds=20)
            <= live.deadline
            <= timezone.now() + timedelta(seconds=20)
        )

    def test_a_time_limit_of_zero_is_refused_with_the_reason(self, live, teacher):
        response = signed_in(teacher).post(
            reverse("quizzes:run-control", args=[live.pk]),
            {"action": "open", "time_limit": "0"},
            **HX,
        )
        assert response.status_code == 400
        assert "a time limit is at least one second" in response.content.decode()
        live.refresh_from_db()
        assert live.state == QuizRun.State.LOBBY

    def test_a_move_the_state_does_not_allow_names_the_state(self, live, teacher):
        response = signed_in(teacher).post(
            reverse("quizzes:run-control", args=[live.pk]), {"action": "reveal"}, **HX
        )
        assert response.status_code == 400
        assert "the quiz is in the lobby" in response.content.decode()

    def test_instructor_of_another_course_cannot_control(self, live, stranger):
        response = signed_in(stranger).post(
            reverse("quizzes:run-control", args=[live.pk]), {"action": "open"}, **HX
        )
        assert response.status_code == 404
        live.refresh_from_db()
        assert live.state == QuizRun.State.LOBBY

    def test_anonymous_visitor_is_sent_to_sign_in(self, live):
        response = Client().post(reverse("quizzes:run-control", args=[live.pk]), {"action": "open"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        live.refresh_from_db()
        assert live.state == QuizRun.State.LOBBY

    def test_controls_need_the_csrf_token(self, live, teacher):
        client = Client(enforce_csrf_checks=True)
        client.force_login(teacher)
        url = reverse("quizzes:run-control", args=[live.pk])
        assert client.post(url, {"action": "open"}, **HX).status_code == 403
        live.refresh_from_db()
        assert live.state == QuizRun.State.LOBBY
        token = client.get(f"/teach/sessions/{live.session_id}/").context["csrf_token"]
        response = client.post(url, {"action": "open"}, HTTP_X_CSRFTOKEN=str(token), **HX)
        assert response.status_code == 200
        live.refresh_from_db()
        assert live.state == QuizRun.State.OPEN

    def test_speed_bonus_waits_until_the_question_closes(self, live, teacher, quiz):
        instructor = signed_in(teacher)
        url = reverse("quizzes:run-options", args=[live.pk])
        open_question(live, 1)
        refused = instructor.post(url, {"speed_bonus": "on"}, **HX)
        assert refused.status_code == 400
        assert "close question 1 first" in refused.content.decode()
        quiz.refresh_from_db()
        assert quiz.speed_bonus is False
        services.question_close(run=live)
        assert instructor.post(url, {"speed_bonus": "on"}, **HX).status_code == 200
        quiz.refresh_from_db()
        assert quiz.speed_bonus is True

    def test_due_closes_the_question_once_the_deadline_and_grace_passed(self, live, teacher):
        run = open_question(live, 1, limit=30)
        instructor = signed_in(teacher)
        url = reverse("quizzes:run-due", args=[run.pk, "projector"])
        instructor.post(url, **HX)
        run.refresh_from_db()
        assert run.state == QuizRun.State.OPEN
        QuizRun.objects.filter(pk=run.pk).update(
            deadline=timezone.now() - services.GRACE - timedelta(milliseconds=100)
        )
        assert instructor.post(url, **HX).status_code == 200
        run.refresh_from_db()
        assert run.state == QuizRun.State.CLOSED


# --- after the quiz ------------------------------------------------------------------------


def finish_quiz(run, session, questions, students=()):
    """Two guests and the given rostered students answer question 1; the quiz is then run to
    its end."""
    run = open_question(run, 1)
    clients = []
    for number, letter in enumerate(("A", "B")):
        client, _ = phone_join(session, f"Guest {number}")
        clients.append(client)
        client.post(
            answer_url(session),
            {"question": run.current_question_id, "choice": choice_id(questions["Q1"], letter)},
        )
    for student, letter in students:
        client = Client()
        client.get(f"/s/{student.signin_token}/")
        clients.append(client)
        client.post(
            answer_url(session),
            {"question": run.current_question_id, "choice": choice_id(questions["Q1"], letter)},
        )
    run = open_question(run, 5)
    services.question_close(run=run)
    services.results_reveal(run=run)
    return run, clients


class TestResults:
    def test_finished_dashboard_shows_item_statistics_and_the_csv_link(
        self, live, session, questions, teacher
    ):
        run, _ = finish_quiz(live, session, questions)
        html = signed_in(teacher).get(f"/teach/sessions/{session.pk}/").content.decode()
        assert "Facility" in html and "Discrimination" in html
        assert "50% right" in html
        assert reverse("quizzes:run-csv", args=[run.pk]) in html

    def test_instructor_exports_the_answers_as_csv(self, live, session, questions, teacher):
        run, _ = finish_quiz(live, session, questions)
        response = signed_in(teacher).get(reverse("quizzes:run-csv", args=[run.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == [
            "student number",
            "name",
            "question",
            "answer",
            "correct",
            "points",
            "seconds to answer",
        ]
        assert sorted((r[1], r[3], r[4]) for r in rows[1:]) == [
            ("Guest 0", "A", "yes"),
            ("Guest 1", "B", "no"),
        ]

    def test_instructor_of_another_course_cannot_export(self, live, session, questions, stranger):
        run, _ = finish_quiz(live, session, questions)
        assert signed_in(stranger).get(reverse("quizzes:run-csv", args=[run.pk])).status_code == 404
        assert (
            signed_in(stranger).get(reverse("quizzes:run-report", args=[run.pk])).status_code == 404
        )

    def test_a_phone_cannot_export(self, live, session, questions):
        run, clients = finish_quiz(live, session, questions)
        response = clients[0].get(reverse("quizzes:run-csv", args=[run.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_a_typed_formula_is_not_run_by_a_spreadsheet(self, live, session, teacher):
        run = open_question(live, 5)
        client, _ = phone_join(session, "=HYPERLINK(1)")
        client.post(answer_url(session), {"question": run.current_question_id, "text": "sigmoid"})
        response = signed_in(teacher).get(reverse("quizzes:run-csv", args=[run.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[1][1] == "'=HYPERLINK(1)"

    def test_a_typed_negative_number_is_kept_as_typed(self, live, session, teacher):
        run = open_question(live, 4)
        client, _ = phone_join(session, "Bo")
        client.post(answer_url(session), {"question": run.current_question_id, "text": "-42"})
        response = signed_in(teacher).get(reverse("quizzes:run-csv", args=[run.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[1][3] == "-42"


@pytest.fixture
def two_students(course):
    ann = Student.objects.create(
        course=course, name="Ann Lee", student_number="2401", signin_token="ann-token-views"
    )
    ben = Student.objects.create(
        course=course, name="Ben Ng", student_number="2402", signin_token="ben-token-views"
    )
    return ann, ben


class TestStudentPages:
    def test_student_sees_their_own_results_after_the_quiz(
        self, live, session, questions, two_students
    ):
        ann, ben = two_students
        run, clients = finish_quiz(live, session, questions, [(ann, "A"), (ben, "C")])
        ann_client, ben_client = clients[2], clients[3]
        ann_page = ann_client.get(reverse("quizzes:my-results", args=[run.pk])).content.decode()
        ben_page = ben_client.get(reverse("quizzes:my-results", args=[run.pk])).content.decode()
        assert re.search(r"Score: <strong>1</strong> of 5", ann_page)
        assert re.search(r"Score: <strong>0</strong> of 5", ben_page)
        assert ann_page.count("your answer") == 1 and ben_page.count("your answer") == 1

    def test_results_wait_until_the_quiz_is_over(self, live, session, questions, two_students):
        ann, _ = two_students
        client = Client()
        client.get(f"/s/{ann.signin_token}/")
        open_question(live, 1)
        page = client.get(reverse("quizzes:my-results", args=[live.pk])).content.decode()
        assert "once the quiz is over" in page and "Score:" not in page

    def test_a_guest_has_no_after_class_pages(self, live, session, questions):
        run, clients = finish_quiz(live, session, questions)
        guest = clients[0]
        assert guest.get(reverse("quizzes:my-results", args=[run.pk])).status_code == 404
        assert guest.get(reverse("quizzes:mine")).status_code == 404

    def test_a_student_of_another_course_cannot_see_the_results(
        self, live, session, questions, two_students
    ):
        run, _ = finish_quiz(live, session, questions, [(two_students[0], "A")])
        other_course = Course.objects.create(title="Other", code="OTHER2")
        outsider = Student.objects.create(
            course=other_course, name="Out", student_number="9", signin_token="out-token-views"
        )
        client = Client()
        client.get(f"/s/{outsider.signin_token}/")
        assert client.get(reverse("quizzes:my-results", args=[run.pk])).status_code == 404


class TestSelfPaced:
    def test_instructor_opens_the_quiz_until_a_deadline(self, quiz, teacher):
        closes = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        response = signed_in(teacher).post(
            reverse("quizzes:self-paced-create", args=[quiz.pk]), {"closes_at": closes}
        )
        assert response.status_code == 302
        run = QuizRun.objects.get(quiz=quiz, mode=QuizRun.Mode.SELF_PACED)
        assert run.closes_at > timezone.now() + timedelta(days=1)

    def test_a_deadline_in_the_past_is_refused(self, quiz, teacher):
        closes = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        response = signed_in(teacher).post(
            reverse("quizzes:self-paced-create", args=[quiz.pk]), {"closes_at": closes}
        )
        assert response.status_code == 400
        assert "the deadline must be in the future" in response.content.decode()
        assert not QuizRun.objects.filter(quiz=quiz, mode=QuizRun.Mode.SELF_PACED).exists()

    def test_student_takes_it_at_their_own_url_and_results_stay_apart(
        self, live, session, quiz, questions, two_students
    ):
        ann, _ = two_students
        run = services.quiz_run_self_paced_create(
            quiz=quiz, closes_at=timezone.now() + timedelta(days=1)
        )
        client = Client()
        client.get(f"/s/{ann.signin_token}/")
        mine = client.get(reverse("quizzes:mine")).content.decode()
        assert reverse("quizzes:take", args=[run.pk]) in mine
        page = client.get(reverse("quizzes:take", args=[run.pk])).content.decode()
        assert "Which is a prime?" in page
        response = client.post(
            reverse("quizzes:take-answer", args=[run.pk, questions["Q1"].pk]),
            {"choice": choice_id(questions["Q1"], "A")},
            **HX,
        )
        assert response.status_code == 200 and "✓ Right" in response.content.decode()
        assert Answer.objects.get(student=ann).run_id == run.pk
        assert not Answer.objects.filter(run=live).exists()

    def test_self_paced_answer_after_the_deadline_is_refused(self, quiz, questions, two_students):
        ann, _ = two_students
        run = services.quiz_run_self_paced_create(
            quiz=quiz, closes_at=timezone.now() + timedelta(days=1)
        )
        client = Client()
        client.get(f"/s/{ann.signin_token}/")
        QuizRun.objects.filter(pk=run.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
        response = client.post(
            reverse("quizzes:take-answer", args=[run.pk, questions["Q1"].pk]),
            {"choice": choice_id(questions["Q1"], "A")},
            **HX,
        )
        assert response.status_code == 409
        assert "this quiz has closed" in response.content.decode()
        assert not Answer.objects.exists()
        assert client.get(reverse("quizzes:take", args=[run.pk])).status_code == 302

    def test_a_guest_cannot_take_the_self_paced_quiz(self, quiz, questions, session):
        run = services.quiz_run_self_paced_create(
            quiz=quiz, closes_at=timezone.now() + timedelta(days=1)
        )
        guest, _ = phone_join(session, "Bo")
        response = guest.post(
            reverse("quizzes:take-answer", args=[run.pk, questions["Q1"].pk]),
            {"choice": choice_id(questions["Q1"], "A")},
        )
        assert response.status_code == 404
        assert not Answer.objects.exists()


GOOD_GIFT = """::One::What is 2+2? {#4}

::Two::Pick the even one. {=2 ~3}
"""
BAD_GIFT = """::One::What is 2+2? {#4}

::Match::Match them. {=a -> b =c -> d}
"""


class TestGiftUpload:
    def test_upload_previews_then_imports_all(self, quiz, teacher):
        instructor = signed_in(teacher)
        url = reverse("quizzes:gift", args=[quiz.pk])
        upload = SimpleUploadedFile("quiz.gift", GOOD_GIFT.encode(), "text/plain")
        preview = instructor.post(url, {"file": upload})
        html = preview.content.decode()
        assert preview.status_code == 200
        assert "<code>numeric</code></td><td>What is 2+2?" in html
        assert "<code>single</code></td><td>Pick the even one." in html
        assert quiz.questions.count() == 5  # nothing changed by the preview
        confirmed = instructor.post(url, {"gift_text": GOOD_GIFT, "confirm": "yes"})
        assert confirmed.status_code == 302
        assert [q.title for q in quiz.questions.order_by("position")] == ["One", "Two"]

    def test_the_quiz_page_offers_its_questions_as_editable_gift_text(self, quiz, teacher):
        instructor = signed_in(teacher)
        html = instructor.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()
        source = html.split('<textarea id="gift-source" name="gift_text"')[1].split("</textarea>")[
            0
        ]

        assert unescape(source.split(">", 1)[1]) == selectors.quiz_gift_export(quiz=quiz)

    def test_edited_text_previews_then_imports_without_a_file(self, quiz, teacher):
        instructor = signed_in(teacher)
        url = reverse("quizzes:gift", args=[quiz.pk])
        preview = instructor.post(url, {"gift_text": GOOD_GIFT})
        assert preview.status_code == 200
        assert quiz.questions.count() == 5
        instructor.post(url, {"gift_text": GOOD_GIFT, "confirm": "yes"})
        assert [q.title for q in quiz.questions.order_by("position")] == ["One", "Two"]

    def test_a_file_with_an_error_imports_nothing_and_names_the_line(self, quiz, teacher):
        instructor = signed_in(teacher)
        url = reverse("quizzes:gift", args=[quiz.pk])
        upload = SimpleUploadedFile("quiz.gift", BAD_GIFT.encode(), "text/plain")
        preview = instructor.post(url, {"file": upload})
        assert preview.status_code == 400
        assert "<strong>line 3</strong>" in preview.content.decode()
        confirmed = instructor.post(url, {"gift_text": BAD_GIFT, "confirm": "yes"})
        assert confirmed.status_code == 400
        assert quiz.questions.count() == 5

    def test_instructor_of_another_course_cannot_upload(self, quiz, stranger):
        response = signed_in(stranger).post(
            reverse("quizzes:gift", args=[quiz.pk]), {"gift_text": GOOD_GIFT, "confirm": "yes"}
        )
        assert response.status_code == 404
        assert quiz.questions.count() == 5

    def test_import_returns_to_the_dashboard_it_came_from(self, quiz, teacher, session):
        response = signed_in(teacher).post(
            reverse("quizzes:gift", args=[quiz.pk]),
            {"gift_text": GOOD_GIFT, "confirm": "yes", "next": f"/teach/sessions/{session.pk}/"},
        )
        assert response["Location"] == f"/teach/sessions/{session.pk}/"

    def test_import_never_redirects_off_the_site(self, quiz, teacher):
        response = signed_in(teacher).post(
            reverse("quizzes:gift", args=[quiz.pk]),
            {"gift_text": GOOD_GIFT, "confirm": "yes", "next": "https://evil.example/"},
        )
        assert response["Location"] == reverse("quizzes:quiz", args=[quiz.pk])

    def test_the_quiz_page_lists_the_questions_for_its_instructor_only(
        self, quiz, teacher, stranger
    ):
        url = reverse("quizzes:quiz", args=[quiz.pk])
        assert "Which is a prime?" in signed_in(teacher).get(url).content.decode()
        assert signed_in(stranger).get(url).status_code == 404


class TestCloseAtTheDeadline:
    def test_the_task_closes_a_question_past_its_deadline_and_grace(self, live):
        from quizzes.tasks import question_close_due

        run = open_question(live, 1, limit=30)
        QuizRun.objects.filter(pk=run.pk).update(
            deadline=timezone.now() - services.GRACE - timedelta(milliseconds=100)
        )
        question_close_due(run.pk)
        run.refresh_from_db()
        assert run.state == QuizRun.State.CLOSED

    def test_the_task_leaves_a_question_before_its_deadline_open(self, live):
        from quizzes.tasks import question_close_due

        run = open_question(live, 1, limit=30)
        question_close_due(run.pk)
        run.refresh_from_db()
        assert run.state == QuizRun.State.OPEN


class TestHotPath:
    def test_an_answer_costs_a_fixed_number_of_queries(
        self, live, session, questions, django_assert_num_queries
    ):
        """The participant with its session, then the one statement that stores the answer:
        the open question comes from the cache, filed under the session's version."""
        run = open_question(live, 1)
        clients = [phone_join(session, name)[0] for name in ("Bo", "Cy")]
        data = {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "A")}
        clients[0].post(answer_url(session), data, **HX)
        with django_assert_num_queries(2):
            response = clients[1].post(answer_url(session), data, **HX)
        assert "Answer received" in response.content.decode()

    def test_the_first_answer_after_a_change_reads_the_question_once(
        self, live, session, questions, django_assert_num_queries
    ):
        """After the question opens (a new version), the first answer also reads the run and
        the question's choices; the next answer does not."""
        run = open_question(live, 1)
        clients = [phone_join(session, name)[0] for name in ("Bo", "Cy")]
        data = {"question": run.current_question_id, "choice": choice_id(questions["Q1"], "A")}
        with django_assert_num_queries(4):
            clients[0].post(answer_url(session), data, **HX)
        with django_assert_num_queries(2):
            clients[1].post(answer_url(session), data, **HX)
