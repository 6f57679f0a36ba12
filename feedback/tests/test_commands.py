"""import_feedback and export_feedback: problems on stderr with their lines and a non-zero exit,
the dry run's exact output, and export → import changing nothing."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from feedback import services
from feedback.models import Assignment, Feedback

from .test_importing import database_state, roster_build

FILE = (
    "student_number,score,comments\r\n"
    '2402,8.50,"Good, but see the ""tests"" section.\r\nAnd the plot."\r\n'
    "2401,7,\r\n"
    "2403,,Not handed in\r\n"
)
BAD_FILE = FILE.replace("2401,7,", "2499,7,").replace("2403,,", "2403,12,")


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def assignment(db) -> Assignment:
    return roster_build()[0]


@pytest.fixture
def roster(assignment):
    return {s.student_number: s for s in assignment.course.students.all()}


@pytest.fixture
def marked(assignment, roster) -> Assignment:
    """Ann has feedback with a rubric item applied."""
    services.feedback_save(
        assignment=assignment,
        student=roster["2401"],
        score="6",
        comments="Old comment",
        rubric_item_ids=[assignment.rubric.first().pk],
    )
    return assignment


def write(tmp_path, text: str, name: str = "grades.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


class TestImportFeedback:
    def test_a_good_file_is_imported_and_counted(self, marked, tmp_path):
        out, _err = run(
            "import_feedback", str(write(tmp_path, FILE)), "--assignment", str(marked.pk)
        )
        assert out == "Imported 3 rows into “Assignment 1”: 2 created, 1 updated, 0 unchanged.\n"
        saved = {
            f.student.student_number: (f.score, f.comments, f.rubric_items.count())
            for f in Feedback.objects.filter(assignment=marked).select_related("student")
        }
        assert saved == {
            "2401": (Decimal("7.00"), "", 1),
            "2402": (
                Decimal("8.50"),
                'Good, but see the "tests" section.\r\nAnd the plot.',
                0,
            ),
            "2403": (None, "Not handed in", 0),
        }

    def test_problems_go_to_stderr_with_lines_and_nothing_is_imported(self, marked, tmp_path):
        path = write(tmp_path, BAD_FILE)
        before = database_state(marked)
        err = StringIO()
        with pytest.raises(CommandError, match="2 problem"):
            call_command("import_feedback", str(path), "--assignment", str(marked.pk), stderr=err)
        assert err.getvalue().splitlines() == [
            f"{path}:line 4: no student numbered 2499 is on the roster of COMP0088",
            f"{path}:line 5: the score 12 is above the assignment's maximum, 10",
        ]
        assert database_state(marked) == before

    def test_the_process_exits_non_zero_on_a_problem(self, marked, tmp_path):
        from django.core.management import ManagementUtility

        path = write(tmp_path, BAD_FILE)
        with pytest.raises(SystemExit) as exit_:
            ManagementUtility(
                ["manage.py", "import_feedback", str(path), "--assignment", str(marked.pk)]
            ).execute()
        assert exit_.value.code != 0

    def test_a_moodle_worksheet_with_semicolons_and_decimal_commas(self, assignment, tmp_path):
        text = (
            "\ufeffIdentifier;Full name;Email address;Status;Grade;Feedback comments\r\n"
            "Participant 1;Ann Lee;Ann.Lee@example.ac.uk;Submitted;7,50;Gut\r\n"
            "Participant 2;Bo Chen;bo.chen@example.ac.uk;No submission;;\r\n"
        )
        path = write(tmp_path, text)
        out, _err = run("import_feedback", str(path), "--assignment", str(assignment.pk))
        assert out == "Imported 2 rows into “Assignment 1”: 1 created, 0 updated, 1 unchanged.\n"
        feedback = Feedback.objects.get(assignment=assignment)
        assert (feedback.student.student_number, feedback.score) == ("2401", Decimal("7.50"))

    def test_dry_run_prints_each_row_and_changes_nothing(self, marked, tmp_path):
        before = database_state(marked)
        out, err = run(
            "import_feedback",
            str(write(tmp_path, FILE)),
            "--assignment",
            str(marked.pk),
            "--dry-run",
        )
        assert out == "2402\t8.5\n2401\t7\n2403\t\n"
        assert err == ""
        assert database_state(marked) == before

    def test_dry_run_of_a_file_with_a_problem_also_fails(self, marked, tmp_path):
        path = write(tmp_path, BAD_FILE)
        with pytest.raises(CommandError, match="nothing was imported"):
            run("import_feedback", str(path), "--assignment", str(marked.pk), "--dry-run")

    def test_dry_run_of_a_moodle_file_prints_the_matched_student_numbers(
        self, assignment, tmp_path
    ):
        text = 'Email address,Grade\nBO.CHEN@example.ac.uk,"10.00"\nann.lee@example.ac.uk,\n'
        out, _err = run(
            "import_feedback",
            str(write(tmp_path, text)),
            "--assignment",
            str(assignment.pk),
            "--dry-run",
        )
        assert out == "2402\t10\n2401\t\n"
        assert not Feedback.objects.exists()

    def test_an_unknown_assignment_is_refused(self, assignment, tmp_path):
        with pytest.raises(CommandError, match="there is no assignment 999999"):
            run("import_feedback", str(write(tmp_path, FILE)), "--assignment", "999999")

    def test_a_file_that_is_not_utf8_is_refused(self, assignment, tmp_path):
        path = tmp_path / "latin1.csv"
        path.write_bytes("student_number,score,comments\n2401,7,Très bien\n".encode("latin-1"))
        with pytest.raises(CommandError, match="cannot read"):
            run("import_feedback", str(path), "--assignment", str(assignment.pk))
        assert not Feedback.objects.exists()


class TestExportFeedback:
    def test_stdout_by_default_in_the_own_layout(self, marked, roster):
        services.feedback_save(
            assignment=marked, student=roster["2403"], score="10", comments='a, "b"\nc'
        )
        out, _err = run("export_feedback", "--assignment", str(marked.pk))
        assert out == (
            'student_number,score,comments\r\n2401,6,Old comment\r\n2403,10,"a, ""b""\nc"\r\n'
        )

    def test_an_unknown_assignment_is_refused(self, assignment):
        with pytest.raises(CommandError, match="there is no assignment 999999"):
            run("export_feedback", "--assignment", "999999")

    def test_import_after_export_changes_nothing(self, marked, tmp_path):
        run("import_feedback", str(write(tmp_path, FILE)), "--assignment", str(marked.pk))
        before = database_state(marked)
        path = tmp_path / "export.csv"
        _out, err = run("export_feedback", "--assignment", str(marked.pk), "--output", str(path))
        assert err == f"Wrote the feedback on “Assignment 1” to {path}\n"
        out, _err = run("import_feedback", str(path), "--assignment", str(marked.pk))
        assert out == "Imported 3 rows into “Assignment 1”: 0 created, 0 updated, 3 unchanged.\n"
        assert database_state(marked) == before
        again = tmp_path / "again.csv"
        run("export_feedback", "--assignment", str(marked.pk), "--output", str(again))
        assert again.read_bytes() == path.read_bytes()
