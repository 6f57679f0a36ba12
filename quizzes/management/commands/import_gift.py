"""Import a GIFT file as a quiz activity of a lesson, or check it with --dry-run."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from classroom.models import Lesson
from quizzes.gift import gift_parse
from quizzes.services import QuizError, quiz_create_from_gift

FIRST_WORDS = 8


def _title_from(path: Path, category: str) -> str:
    if category:
        return category.rsplit("/", 1)[-1].strip() or path.stem
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize()


class Command(BaseCommand):
    help = (
        "Import a GIFT file as a quiz appended to a lesson's agenda (replacing the questions of "
        "the lesson's quiz of the same title, if any). A file with any error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--lesson", type=int, required=True, help="The lesson's id.")
        parser.add_argument(
            "--title", help="The quiz activity's title (default: the category or the file name)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the questions; change nothing."
        )

    def handle(self, *args, file: Path, lesson: int, title: str | None, dry_run: bool, **opts):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        if not Lesson.objects.filter(pk=lesson).exists():
            raise CommandError(f"there is no lesson {lesson}")
        result = gift_parse(text)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"{file}:{error}")
            raise CommandError(f"{len(result.errors)} error(s) in {file}; nothing was imported")
        if dry_run:
            for question in result.questions:
                words = " ".join(question.text.split()[:FIRST_WORDS])
                self.stdout.write(f"{question.type}\t{words}")
            return
        title = title or _title_from(file, result.questions[0].category)
        try:
            quiz = quiz_create_from_gift(lesson_id=lesson, title=title, text=text)
        except QuizError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Imported {len(result.questions)} questions into “{title}” "
            f"(activity {quiz.activity_id}, position {quiz.activity.position})."
        )
