"""Import an assignment's feedback from a grade file (this site's, nbgrader's or Moodle's), or
check it with --dry-run."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feedback.importing import feedback_file_parse, feedback_import, score_format
from feedback.models import Assignment
from feedback.services import FeedbackError


class Command(BaseCommand):
    help = (
        "Import scores and comments for an assignment from CSV: this site's layout "
        "(student_number, score, comments), nbgrader's grade export or Moodle's offline grading "
        "worksheet. A file with any problem imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--assignment", type=int, required=True, help="The assignment's id.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print each row as STUDENT_NUMBER<TAB>SCORE; change nothing.",
        )

    def handle(self, *args, file: Path, assignment: int, dry_run: bool, **options):
        try:
            # Bytes, not read_text(): newline translation would change the line breaks inside
            # quoted comments.
            text = file.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        found = Assignment.objects.select_related("course").filter(pk=assignment).first()
        if found is None:
            raise CommandError(f"there is no assignment {assignment}")
        parsed = feedback_file_parse(text, assignment=found)
        if not parsed.ok:
            for problem in parsed.problems:
                self.stderr.write(f"{file}:{problem}")
            raise CommandError(f"{len(parsed.problems)} problem(s) in {file}; nothing was imported")
        if dry_run:
            for row in parsed.rows:
                self.stdout.write(f"{row.student.student_number}\t{score_format(row.score)}")
            return
        try:
            result = feedback_import(assignment=found, parsed=parsed)
        except FeedbackError as error:
            raise CommandError(f"{error}; nothing was imported") from None
        self.stdout.write(
            f"Imported {len(parsed.rows)} rows into “{found.title}”: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
