from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from classroom.models import Activity
from quizzes import selectors
from quizzes.models import Question, Quiz

from .conftest import QUIZ_GIFT


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def gift_file(tmp_path):
    path = tmp_path / "daily_quiz.gift"
    path.write_text(QUIZ_GIFT, encoding="utf-8")
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "bad.gift"
    path.write_text("Fine? {T}\n\nEssay {}\n\nMatch {=a -> b}\n", encoding="utf-8")
    return path


class TestImportGift:
    def test_dry_run_prints_type_and_first_words_and_changes_nothing(self, lesson, gift_file):
        out, _err = run("import_gift", str(gift_file), "--lesson", str(lesson.pk), "--dry-run")
        assert out.splitlines() == [
            "single\tWhich is a prime?",
            "multiple\tWhich are even?",
            "truefalse\tThe sigmoid's outputs lie in (0, 1).",
            "numeric\tWhat is 6 × 7?",
            "short\tName the S-shaped function.",
        ]
        assert not Activity.objects.exists()

    def test_import_appends_a_quiz_to_the_agenda(self, lesson, gift_file):
        run("import_gift", str(gift_file), "--lesson", str(lesson.pk))
        activity = Activity.objects.get(lesson=lesson)
        assert (activity.kind, activity.title) == ("quiz", "Daily quiz")
        assert activity.quiz.questions.count() == 5

    def test_importing_again_replaces_the_questions(self, lesson, gift_file, tmp_path):
        run("import_gift", str(gift_file), "--lesson", str(lesson.pk))
        gift_file.write_text("Only one? {T}\n", encoding="utf-8")
        run("import_gift", str(gift_file), "--lesson", str(lesson.pk))
        assert Activity.objects.filter(lesson=lesson).count() == 1
        assert list(Question.objects.values_list("text", flat=True)) == ["Only one?"]

    def test_errors_are_printed_with_lines_exit_non_zero_and_import_nothing(self, lesson, bad_file):
        err = StringIO()
        with pytest.raises(CommandError, match="2 error"):
            call_command("import_gift", str(bad_file), "--lesson", str(lesson.pk), stderr=err)
        lines = err.getvalue().splitlines()
        assert [line.split(": ", 1)[0] for line in lines] == [
            f"{bad_file}:line 3",
            f"{bad_file}:line 5",
        ]
        assert not Activity.objects.exists()
        assert not Quiz.objects.exists()

    def test_dry_run_of_a_bad_file_also_fails(self, lesson, bad_file):
        with pytest.raises(CommandError):
            run("import_gift", str(bad_file), "--lesson", str(lesson.pk), "--dry-run")

    def test_unknown_lesson_is_refused(self, db, gift_file):
        with pytest.raises(CommandError, match="no lesson 999"):
            run("import_gift", str(gift_file), "--lesson", "999")

    def test_process_exits_non_zero_on_error(self, lesson, bad_file):
        with pytest.raises(SystemExit) as exit_:
            call_command_from_argv("import_gift", str(bad_file), "--lesson", str(lesson.pk))
        assert exit_.value.code != 0


def call_command_from_argv(*args):
    from django.core.management import ManagementUtility

    ManagementUtility(["manage.py", *args]).execute()


class TestExportGift:
    def test_export_then_import_gives_the_same_questions(self, lesson, quiz, tmp_path):
        target = tmp_path / "out.gift"
        run("export_gift", "--activity", str(quiz.activity_id), "-o", str(target))
        run("import_gift", str(target), "--lesson", str(lesson.pk), "--title", "Copy")
        copy = Quiz.objects.get(activity__title="Copy")
        assert selectors.question_specs(quiz=copy) == selectors.question_specs(quiz=quiz)

    def test_export_to_standard_output(self, quiz):
        out, _err = run("export_gift", "--activity", str(quiz.activity_id))
        assert out == selectors.quiz_gift_export(quiz=quiz)

    def test_activity_that_is_not_a_quiz_is_refused(self, lesson):
        note = Activity.objects.create(lesson=lesson, position=1, kind="note", title="Hi")
        with pytest.raises(CommandError, match="is not a quiz"):
            run("export_gift", "--activity", str(note.pk))
