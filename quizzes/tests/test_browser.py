"""In a real browser: the instructor runs two questions of the daily quiz with five phones.

One phone reloads mid-question and still shows its saved answer; one hears nothing of the
close (its polls answer "unchanged") and answers after the deadline, and is refused; the
projector's counts and bars are compared with the answers stored in the database.

With ``QUIZ_SCREENSHOTS=<directory>`` set, the phone, projector and dashboard are saved as PNGs
along the way (the pictures in the pull request come from there).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from classroom.models import Participant
from quizzes import services
from quizzes.models import Answer, QuizRun
from quizzes.selectors import typed_answer_key
from quizzes.tests.conftest import BROWSER_PASSWORD as PASSWORD
from tests.browser import guest_join, session_start

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("QUIZ_SCREENSHOTS", "")
POLL = re.compile(r"/live/[A-Z0-9]+/poll/")


def shot(page, name: str, full_page: bool = False) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def chart_bars(projector) -> dict[str, tuple[int, bool]]:
    bars = projector.locator("#quiz-chart g.bar")
    return {
        bars.nth(i).get_attribute("data-label"): (
            int(bars.nth(i).get_attribute("data-count")),
            bars.nth(i).get_attribute("data-right") == "yes",
        )
        for i in range(bars.count())
    }


def test_instructor_runs_two_questions_with_five_phones(
    gunicorn_server, quiz_lesson, desktop, phone, projector, wait_until
):
    quiz = quiz_lesson
    base = gunicorn_server.url
    desktop = desktop()
    code, _session_path = session_start(desktop, projector, base, username="ada", password=PASSWORD)

    names = ["Bo", "Cy", "Di", "Ed", "Flo"]
    phones = []
    for name in names:
        page = phone()
        guest_join(page, base, code, name)
        phones.append(page)
    desktop.locator("#participant-count").filter(has_text="5").wait_for()

    desktop.click("#next-button")
    desktop.locator("#quiz-open").wait_for()
    for page in phones:
        page.get_by_text("The quiz starts soon").wait_for()
    run = QuizRun.objects.get(quiz=quiz)
    shot(desktop, "dashboard-lobby")

    # Question 1, single choice, no time limit: closed by the instructor.
    desktop.click("#quiz-open")
    for page in phones:
        page.locator("button.quiz-choice").first.wait_for(timeout=5000)
    projector.locator(".quiz-tiles li").first.wait_for(timeout=5000)
    shot(phones[0], "phone-question")
    shot(projector, "projector-question")
    first = phones[0].locator("button.quiz-choice")
    assert [first.nth(i).locator(".quiz-letter").text_content() for i in range(4)] == list("ABCD")
    assert "perceptron" in phones[0].text_content(".quiz-question")

    picks = [0, 0, 1, 2, 0]  # A, A, B, C, A
    phones[1].locator("button.quiz-choice").nth(3).click()  # Cy first says D ...
    phones[1].locator(".quiz-received").wait_for()
    for page, pick in zip(phones, picks, strict=True):  # ... then A: the last one counts
        page.locator("button.quiz-choice").nth(pick).click()
        page.locator(f"button.quiz-choice:nth-child({pick + 1}).is-chosen").wait_for()
        assert "Answer received" in page.text_content(".quiz-received")
    shot(phones[2], "phone-answer-received")

    # Di reloads mid-question: her saved answer (B) is still marked.
    phones[2].reload()
    chosen = phones[2].locator('button.quiz-choice[aria-pressed="true"]')
    chosen.wait_for()
    assert chosen.locator(".quiz-letter").text_content() == "B"
    assert phones[2].locator('button.quiz-choice[aria-pressed="true"]').count() == 1

    desktop.locator("#quiz-answered").filter(has_text="5").wait_for(timeout=5000)
    assert Answer.objects.filter(run=run).count() == 5
    desktop.click("#quiz-close")
    desktop.click("#quiz-reveal")
    projector.locator("#quiz-chart g.bar").first.wait_for(timeout=5000)
    run.refresh_from_db()
    question = run.current_question
    letters = {c.pk: c.letter for c in question.choices.all()}
    stored = Counter(
        letters[pk]
        for ids in Answer.objects.filter(run=run, question=question).values_list(
            "choice_ids", flat=True
        )
        for pk in ids
    )
    bars = chart_bars(projector)
    assert {label: count for label, (count, _right) in bars.items()} == {
        letter: stored[letter] for letter in "ABCD"
    }
    assert [label for label, (_count, right) in bars.items() if right] == ["A"]
    assert "5 answers of 5 participants" in projector.text_content("#quiz-chart figcaption")
    for page, pick in zip(phones, picks, strict=True):
        verdict = page.locator(".quiz-verdict")
        verdict.wait_for(timeout=5000)
        assert ("Right" in verdict.text_content()) == (pick == 0)
    shot(phones[0], "phone-revealed-right", full_page=True)
    shot(phones[2], "phone-revealed-wrong", full_page=True)
    shot(projector, "projector-chart")

    # Question 2, numeric, with a time limit: the server closes it at its deadline.
    late = phones[4]
    desktop.fill("#quiz-time-limit", "10")
    desktop.click("#quiz-next")
    for page in phones:
        page.locator("#quiz-text").wait_for(timeout=5000)
    assert phones[0].get_attribute("#quiz-text", "inputmode") == "decimal"
    # From now on Flo's phone hears nothing new: every poll answers "unchanged".
    late.route(POLL, lambda route: route.fulfill(status=204))
    typed = ["3", "3,0", "2", "4"]
    for page, text in zip(phones[:4], typed, strict=True):
        page.fill("#quiz-text", text)
        page.click(".quiz-send")
        page.locator(".quiz-received").wait_for()
    shot(phones[0], "phone-numeric")
    shot(desktop, "dashboard-question", full_page=True)
    run.refresh_from_db()
    wait_until(
        lambda: QuizRun.objects.get(pk=run.pk).state == QuizRun.State.CLOSED,
        timeout=25,
        message="the server to close question 2 at its deadline",
    )
    assert late.locator("#quiz-text").is_visible()
    late.fill("#quiz-text", "3")
    late.click(".quiz-send")
    refused = late.locator(".quiz-refused")
    refused.wait_for()
    assert refused.text_content().strip().lower() == "this question has closed"
    flo = Participant.objects.get(session__join_code=code, display_name="Flo")
    run.refresh_from_db()
    assert not Answer.objects.filter(run=run, question=run.current_question, participant=flo)
    shot(late, "phone-late-refused")

    desktop.locator("#quiz-reveal").click(timeout=5000)
    projector.locator("#quiz-chart g.bar").first.wait_for(timeout=5000)
    # Typed numbers are one answer when their values are equal: "3" and "3,0" share a bar.
    stored_typed = Counter(
        typed_answer_key(text, numeric=True)
        for text in Answer.objects.filter(run=run, question=run.current_question).values_list(
            "text", flat=True
        )
    )
    bars = chart_bars(projector)
    assert {typed_answer_key(k, numeric=True): v[0] for k, v in bars.items()} == dict(stored_typed)
    assert sorted(count for count, _ in bars.values()) == [1, 1, 2]
    assert "4 answers of 5 participants" in projector.text_content("#quiz-chart figcaption")
    shot(projector, "projector-chart-numeric")
    desktop.locator(".quiz-after").wait_for(timeout=5000)
    shot(desktop, "dashboard-finished", full_page=True)
    for page in phones:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_student_takes_the_self_paced_quiz_on_a_phone(gunicorn_server, quiz_lesson, phone):
    from datetime import timedelta

    from django.utils import timezone

    from classroom.models import Student

    quiz = quiz_lesson
    student = Student.objects.create(
        course=quiz.activity.lesson.course,
        name="Ann Lee",
        student_number="2401",
        signin_token="ann-self-paced-token",
    )
    run = services.quiz_run_self_paced_create(
        quiz=quiz, closes_at=timezone.now() + timedelta(days=2)
    )
    base = gunicorn_server.url
    ann = phone()
    ann.goto(f"{base}/s/{student.signin_token}/")
    ann.goto(f"{base}/quiz/mine/")
    ann.get_by_text("Start").click()
    ann.wait_for_url(f"{base}/quiz/runs/{run.pk}/take/")
    first = ann.locator(f"#q{quiz.questions.order_by('position').first().pk}")
    first.locator("label.quiz-choice").first.click()
    first.locator("button.primary").click()
    ann.locator(".quiz-verdict").first.wait_for()
    assert "Right" in ann.text_content(".quiz-verdict")
    assert "1 of 2 answered" in ann.text_content("#take-progress")
    shot(ann, "phone-self-paced", full_page=True)
    assert Answer.objects.get(student=student).run_id == run.pk
    assert ann.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_typed_time_limit_survives_the_dashboard_refreshing(
    gunicorn_server, quiz_lesson, desktop, phone, projector
):
    base = gunicorn_server.url
    desktop = desktop()
    code, _session_path = session_start(desktop, projector, base, username="ada", password=PASSWORD)
    desktop.click("#next-button")
    desktop.locator("#quiz-open").wait_for()
    desktop.fill("#quiz-time-limit", "25")
    # A phone joining re-renders the dashboard's live fragment at its next poll.
    guest_join(phone(), base, code, "Bo")
    desktop.locator("#participant-count").filter(has_text="1").wait_for()
    assert desktop.input_value("#quiz-time-limit") == "25"
    desktop.click("#quiz-open")
    desktop.locator("#quiz-close").wait_for()
    run = QuizRun.objects.get(quiz=quiz_lesson)
    assert round((run.deadline - run.opened_at).total_seconds()) == 25
