"""Write an assignment's feedback as CSV in this site's layout (student_number, score,
comments), which import_feedback reads back unchanged."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feedback.importing import feedback_file_write
from feedback.models import Assignment


class Command(BaseCommand):
    help = (
        "Write an assignment's feedback (student_number, score, comments) as CSV, to a file or "
        "standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--assignment", type=int, required=True, help="The assignment's id.")
        parser.add_argument(
            "-o", "--output", type=Path, help="The file to write (default: stdout)."
        )

    def handle(self, *args, assignment: int, output: Path | None, **options):
        found = Assignment.objects.filter(pk=assignment).first()
        if found is None:
            raise CommandError(f"there is no assignment {assignment}")
        buffer = io.StringIO(newline="")
        feedback_file_write(assignment=found, out=buffer)
        text = buffer.getvalue()
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error}") from None
        self.stderr.write(f"Wrote the feedback on “{found.title}” to {output}")
