"""Write a quiz activity's questions out as GIFT."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Quiz
from quizzes.selectors import quiz_gift_export


class Command(BaseCommand):
    help = "Write the questions of a quiz activity as GIFT, to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("--activity", type=int, required=True, help="The activity's id.")
        parser.add_argument(
            "-o", "--output", type=Path, help="The file to write (default: stdout)."
        )

    def handle(self, *args, activity: int, output: Path | None, **options):
        quiz = Quiz.objects.select_related("activity").filter(activity_id=activity).first()
        if quiz is None:
            raise CommandError(f"activity {activity} is not a quiz")
        text = quiz_gift_export(quiz=quiz)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {quiz.questions.count()} questions to {output}")
