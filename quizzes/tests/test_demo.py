from __future__ import annotations

from classroom.models import Activity
from quizzes.demo import demo_quiz_load
from quizzes.models import Question


def test_demo_quiz_has_six_to_eight_questions_with_numeric_and_multiple_select(lesson):
    activity = Activity.objects.create(lesson=lesson, position=1, kind="quiz", title="Daily Quiz")
    quiz = demo_quiz_load(activity=activity)
    types = list(quiz.questions.values_list("type", flat=True))
    assert 6 <= len(types) <= 8
    assert {"numeric", "multiple"} <= set(types)
    assert all(q.explanation for q in quiz.questions.all())


def test_loading_the_demo_again_keeps_the_same_questions(lesson):
    activity = Activity.objects.create(lesson=lesson, position=1, kind="quiz", title="Daily Quiz")
    demo_quiz_load(activity=activity)
    before = list(Question.objects.values_list("pk", flat=True))
    demo_quiz_load(activity=activity)
    assert list(Question.objects.values_list("pk", flat=True)) == before


def test_load_demo_command_makes_the_daily_quiz_a_real_quiz(db):
    from django.core.management import call_command

    call_command("load_demo", "--quiet")
    call_command("load_demo", "--quiet")
    quiz_activity = Activity.objects.get(kind="quiz")
    assert quiz_activity.title == "Daily Quiz"
    assert quiz_activity.quiz.questions.count() >= 6
