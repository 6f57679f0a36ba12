"""Feedback by file: the three layouts, every problem with its line, all or nothing, and the
export → import round trip."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom.models import Course, Student
from feedback import services
from feedback.importing import (
    FeedbackProblem,
    ImportResult,
    feedback_file_parse,
    feedback_file_write,
    feedback_import,
    score_format,
)
from feedback.models import Assignment, Feedback, FeedbackEdit

ROSTER = (
    # name, student number, email as stored (one in mixed case, one without)
    ("Ann Lee", "2401", "ann.lee@example.ac.uk"),
    ("Bo Chen", "2402", "Bo.Chen@Example.ac.uk"),
    ("Cy Diaz", "2403", ""),
)


def roster_build() -> tuple[Assignment, dict[str, Student]]:
    """A course with a roster of three, a student of another course, and an assignment out of
    10 with a rubric of two items. Shared with test_commands."""
    course = Course.objects.create(code="COMP0088", title="Machine Learning")
    students = {
        number: Student.objects.create(course=course, name=name, student_number=number, email=email)
        for name, number, email in ROSTER
    }
    other = Course.objects.create(code="COMP0099", title="Statistics")
    Student.objects.create(
        course=other, name="Di Ek", student_number="2404", email="di.ek@example.ac.uk"
    )
    assignment = services.assignment_create(
        course=course,
        title="Assignment 1",
        max_score=Decimal(10),
        rubric=[
            services.RubricLine(Decimal(4), "Forward pass right"),
            services.RubricLine(Decimal(-2), "No tests"),
        ],
    )
    return assignment, students


def database_state(assignment: Assignment) -> list[tuple]:
    """Everything an import could change, to compare before and after."""
    rows = Feedback.objects.filter(assignment=assignment).order_by("student__student_number")
    return [
        (
            f.student.student_number,
            f.score,
            f.comments,
            sorted(f.rubric_items.values_list("position", flat=True)),
            f.updated_at,
        )
        for f in rows.select_related("student")
    ] + [FeedbackEdit.objects.filter(feedback__assignment=assignment).count()]


def export(assignment: Assignment) -> str:
    out = io.StringIO(newline="")
    feedback_file_write(assignment=assignment, out=out)
    return out.getvalue()


def parse(text: str, assignment: Assignment):
    # A fresh instance, as a view or command would have: nothing cached.
    return feedback_file_parse(text, assignment=Assignment.objects.get(pk=assignment.pk))


def scores(assignment: Assignment) -> dict[str, tuple[Decimal | None, str]]:
    return {
        f.student.student_number: (f.score, f.comments)
        for f in Feedback.objects.filter(assignment=assignment).select_related("student")
    }


@pytest.fixture
def assignment(db) -> Assignment:
    return roster_build()[0]


@pytest.fixture
def roster(assignment) -> dict[str, Student]:
    return {s.student_number: s for s in assignment.course.students.all()}


@pytest.fixture
def marked(assignment, roster) -> Assignment:
    """Ann has feedback with both rubric items applied; the others have none."""
    services.feedback_save(
        assignment=assignment,
        student=roster["2401"],
        score="6",
        comments="Old comment",
        rubric_item_ids=assignment.rubric.values_list("pk", flat=True),
    )
    return assignment


class TestOwnLayout:
    def test_rows_are_matched_by_student_number(self, assignment, roster):
        parsed = parse(
            "student_number,score,comments\n2401,7.5,Good\n2402,10,\n2403,,Not handed in\n",
            assignment,
        )
        assert parsed.ok, parsed.problems
        assert parsed.layout == "own"
        assert [(r.line, r.student, r.score, r.comments) for r in parsed.rows] == [
            (2, roster["2401"], Decimal("7.50"), "Good"),
            (3, roster["2402"], Decimal("10.00"), ""),
            (4, roster["2403"], None, "Not handed in"),
        ]
        result = feedback_import(assignment=assignment, parsed=parsed)
        assert result == ImportResult(created=3, updated=0, unchanged=0)
        assert scores(assignment) == {
            "2401": (Decimal("7.50"), "Good"),
            "2402": (Decimal("10.00"), ""),
            "2403": (None, "Not handed in"),
        }

    def test_headers_are_found_in_any_case_order_and_spacing(self, assignment, roster):
        parsed = parse(" Comments ,SCORE, Student_Number\nWell done,8,2402\n", assignment)
        assert parsed.ok, parsed.problems
        assert [(r.student, r.score, r.comments) for r in parsed.rows] == [
            (roster["2402"], Decimal("8.00"), "Well done")
        ]

    def test_an_import_keeps_rubric_items_and_counts_what_changed(self, marked, roster):
        parsed = parse(
            "student_number,score,comments\n2401,7,New comment\n2402,5,\n2403,,\n", marked
        )
        result = feedback_import(assignment=marked, parsed=parsed)
        # Cy's row says nothing and Cy has no feedback: nothing is written for Cy.
        assert result == ImportResult(created=1, updated=1, unchanged=1)
        ann = Feedback.objects.get(assignment=marked, student=roster["2401"])
        assert (ann.score, ann.comments) == (Decimal("7.00"), "New comment")
        assert set(ann.rubric_items.all()) == set(marked.rubric.all())
        assert not Feedback.objects.filter(student=roster["2403"]).exists()

    def test_a_file_without_comments_keeps_the_comments(self, marked, roster):
        result = feedback_import(
            assignment=marked, parsed=parse("student_number,score\n2401,9\n", marked)
        )
        assert result == ImportResult(created=0, updated=1, unchanged=0)
        assert scores(marked)["2401"] == (Decimal("9.00"), "Old comment")

    def test_an_empty_score_clears_the_score(self, marked):
        feedback_import(
            assignment=marked,
            parsed=parse("student_number,score,comments\n2401,,Old comment\n", marked),
        )
        assert scores(marked)["2401"] == (None, "Old comment")

    def test_an_import_after_release_keeps_what_the_feedback_said(self, marked, roster):
        services.release_now(assignment=marked, base_url="https://example.org")
        feedback_import(assignment=marked, parsed=parse("student_number,score\n2401,9\n", marked))
        edit = FeedbackEdit.objects.get(feedback__student=roster["2401"])
        assert (edit.score, edit.comments, edit.edited_by) == (
            Decimal("6.00"),
            "Old comment",
            "import",
        )

    def test_parse_reads_the_course_and_the_roster_only(
        self, assignment, django_assert_num_queries
    ):
        fresh = Assignment.objects.get(pk=assignment.pk)
        with django_assert_num_queries(2):
            parsed = feedback_file_parse("student_number,score\n2401,7\n2402,8\n", assignment=fresh)
        assert parsed.ok


NBGRADER_HEADER = (
    "assignment,duedate,timestamp,student_id,last_name,first_name,email,"
    "raw_score,late_submission_penalty,score,max_score"
)


class TestNbgraderLayout:
    def test_rows_are_matched_by_student_id_other_columns_ignored(self, assignment, roster):
        text = (
            f"{NBGRADER_HEADER}\n"
            "ps1,2024-01-10 17:00:00,2024-01-10 16:58:03,2401,Lee,Ann,,8.0,0.5,7.5,10.0\n"
            "ps1,2024-01-10 17:00:00,,2402,Chen,Bo,someone@else.org,0.0,0.0,0.0,10.0\n"
        )
        parsed = parse(text, assignment)
        assert parsed.ok, parsed.problems
        assert parsed.layout == "nbgrader"
        feedback_import(assignment=assignment, parsed=parsed)
        assert scores(assignment) == {
            "2401": (Decimal("7.50"), ""),
            "2402": (Decimal("0.00"), ""),
        }

    def test_a_long_float_score_is_kept_to_two_decimals(self, assignment):
        text = f"{NBGRADER_HEADER}\nps1,,,2401,Lee,Ann,,,,6.666666666666667,10\n"
        assert parse(text, assignment).rows[0].score == Decimal("6.67")


MOODLE_HEADER = (
    '"Identifier","Full name","Email address","Status","Grade","Maximum Grade",'
    '"Grade can be changed","Last modified (submission)","Last modified (grade)",'
    '"Feedback comments"'
)


class TestMoodleLayout:
    def test_rows_are_matched_by_email_in_any_case(self, assignment, roster):
        text = (
            f"{MOODLE_HEADER}\n"
            '"Participant 101","Ann Lee","ANN.LEE@example.ac.uk","Submitted for grading",'
            '"7.50","10.00","Yes","Monday, 8 January 2024, 10:12 AM","-","Clear, well tested."\n'
            '"Participant 102","Bo Chen","bo.chen@example.ac.uk","Submitted for grading",'
            '"10.00","10.00","Yes","-","-","<p>Excellent</p>"\n'
        )
        parsed = parse(text, assignment)
        assert parsed.ok, parsed.problems
        assert parsed.layout == "moodle"
        feedback_import(assignment=assignment, parsed=parsed)
        assert scores(assignment) == {
            "2401": (Decimal("7.50"), "Clear, well tested."),
            "2402": (Decimal("10.00"), "<p>Excellent</p>"),
        }

    def test_an_empty_grade_is_no_score_and_an_empty_row_writes_nothing(self, marked, roster):
        text = (
            f"{MOODLE_HEADER}\n"
            '"Participant 101","Ann Lee","ann.lee@example.ac.uk","No submission","","10.00",'
            '"Yes","-","-","Ask me about it"\n'
            '"Participant 102","Bo Chen","bo.chen@example.ac.uk","No submission","","10.00",'
            '"Yes","-","-",""\n'
        )
        result = feedback_import(assignment=marked, parsed=parse(text, marked))
        assert result == ImportResult(created=0, updated=1, unchanged=1)
        assert scores(marked) == {"2401": (None, "Ask me about it")}

    def test_a_semicolon_file_reads_decimal_commas(self, assignment, roster):
        text = (
            "\ufeffIdentifier;Full name;Email address;Grade;Feedback comments\r\n"
            "Participant 101;Ann Lee;ann.lee@example.ac.uk;7,50;Gut, aber knapp\r\n"
            'Participant 102;Bo Chen;bo.chen@example.ac.uk;"9,25";"Sehr gut; ""klar"""\r\n'
        )
        parsed = parse(text, assignment)
        assert parsed.ok, parsed.problems
        feedback_import(assignment=assignment, parsed=parsed)
        assert scores(assignment) == {
            "2401": (Decimal("7.50"), "Gut, aber knapp"),
            "2402": (Decimal("9.25"), 'Sehr gut; "klar"'),
        }


class TestFileShapes:
    def test_bom_crlf_and_quoted_commas_and_newlines_in_comments(self, assignment, roster):
        text = (
            "\ufeffstudent_number,score,comments\r\n"
            '2401,7,"First, the good news.\r\nThen ""the rest""."\r\n'
            "2402,8,Fine\r\n"
        )
        parsed = parse(text, assignment)
        assert parsed.ok, parsed.problems
        assert [(r.line, r.comments) for r in parsed.rows] == [
            (2, 'First, the good news.\r\nThen "the rest".'),
            (4, "Fine"),
        ]

    def test_a_tab_separated_file_is_read(self, assignment, roster):
        parsed = parse("student_number\tscore\tcomments\n2401\t7\tA, B\n", assignment)
        assert [(r.student, r.score, r.comments) for r in parsed.rows] == [
            (roster["2401"], Decimal("7.00"), "A, B")
        ]

    def test_blank_lines_are_skipped_and_still_counted(self, assignment):
        parsed = parse("student_number,score\n\n2401,7\n,\n2499,7\n", assignment)
        assert parsed.problems == [
            FeedbackProblem(5, "no student numbered 2499 is on the roster of COMP0088")
        ]

    def test_a_problem_after_multiline_comments_names_the_file_line(self, assignment):
        text = 'student_number,score,comments\n2401,7,"one\ntwo\nthree"\n2402,11,\n'
        assert parse(text, assignment).problems == [
            FeedbackProblem(5, "the score 11 is above the assignment's maximum, 10")
        ]


GOOD = "student_number,score,comments\n2401,7,Fine\n2402,8,Good\n{row}\n"


@pytest.mark.parametrize(
    ("bad", "good", "reason"),
    [
        ("2499,5,", "2403,5,", "no student numbered 2499 is on the roster of COMP0088"),
        # A student of another course is not on this roster.
        ("2404,5,", "2403,5,", "no student numbered 2404 is on the roster of COMP0088"),
        ("2401,5,", "2403,5,", "Ann Lee (2401) is also on line 2"),
        (",5,", "2403,5,", "the row names no student: its student number and email are empty"),
        ("2403,abc,", "2403,5,", "the score 'abc' is not a number"),
        ("2403,1e1,", "2403,10,", "the score '1e1' is not a number"),
        # A decimal comma is read only where the comma is not the separator.
        ('2403,"7,5",', "2403,7.5,", "the score '7,5' is not a number"),
        ("2403,10.5,", "2403,10,", "the score 10.5 is above the assignment's maximum, 10"),
        ("2403,-1,", "2403,0,", "the score -1 is below 0"),
        (
            "2403,5,Ring\x07",
            "2403,5,Ring",
            "the comments hold a control character, which cannot be shown",
        ),
        (
            '2403,5,"open',
            '2403,5,"open"',
            "this line cannot be read as CSV: unexpected end of data",
        ),
    ],
)
def test_a_bad_row_is_named_by_its_line_and_the_same_file_without_it_imports(
    assignment, bad, good, reason
):
    bad_parsed = parse(GOOD.format(row=bad), assignment)
    assert bad_parsed.problems == [FeedbackProblem(4, reason)]
    assert not bad_parsed.ok
    good_parsed = parse(GOOD.format(row=good), assignment)
    assert good_parsed.ok, good_parsed.problems
    assert feedback_import(assignment=assignment, parsed=good_parsed).created == 3


def test_a_student_named_by_number_and_again_by_email_is_twice(assignment):
    text = "student_number,email,score\n2401,,5\n,ANN.LEE@example.ac.uk,6\n"
    assert parse(text, assignment).problems == [
        FeedbackProblem(3, "Ann Lee (2401) is also on line 2")
    ]
    text = "student_number,email,score\n2401,,5\n,bo.chen@example.ac.uk,6\n"
    assert parse(text, assignment).ok


def test_an_unknown_email_is_named_by_its_line(assignment):
    header = "Email address,Grade\n"
    assert parse(
        header + "ann.lee@example.ac.uk,5\nnobody@example.ac.uk,5\n", assignment
    ).problems == [
        FeedbackProblem(
            3, "no student with the email nobody@example.ac.uk is on the roster of COMP0088"
        )
    ]
    assert parse(header + "ann.lee@example.ac.uk,5\nbo.chen@example.ac.uk,5\n", assignment).ok


def test_an_nbgrader_max_score_other_than_the_assignments_is_named_by_its_line(assignment):
    row = "ps1,,,{number},,,,,,{score},{maximum}\n"
    text = NBGRADER_HEADER + "\n" + row.format(number="2401", score="7", maximum="10.0")
    bad = parse(text + row.format(number="2402", score="7", maximum="20"), assignment)
    assert bad.problems == [
        FeedbackProblem(3, "max_score is 20 but the assignment's maximum is 10")
    ]
    assert parse(text + row.format(number="2402", score="7", maximum="10"), assignment).ok


@pytest.mark.parametrize(
    ("bad_header", "good_header", "reason"),
    [
        (
            "name,score,comments",
            "student_number,score,comments",
            "the header has no student column: student_number, student_id or Email address",
        ),
        (
            "student_number,points,comments",
            "student_number,score,comments",
            "the header has no score column: score or Grade",
        ),
    ],
)
def test_a_missing_column_is_named_on_the_header_line(assignment, bad_header, good_header, reason):
    rows = "2401,7,Fine\n"
    assert parse(f"{bad_header}\n{rows}", assignment).problems == [FeedbackProblem(1, reason)]
    assert parse(f"{good_header}\n{rows}", assignment).ok


@pytest.mark.parametrize("text", ["", "\ufeff", " \r\n\r\n"])
def test_an_empty_file_is_a_problem(assignment, text):
    assert parse(text, assignment).problems == [FeedbackProblem(1, "the file is empty")]


def test_a_header_without_rows_is_a_problem(assignment):
    assert parse("student_number,score\n", assignment).problems == [
        FeedbackProblem(2, "the file has a header but no rows")
    ]
    assert parse("student_number,score\n2401,\n", assignment).ok


def test_every_problem_of_a_file_is_listed(assignment):
    text = "student_number,score\n2499,7\n2401,x\n2401,11\n"
    assert [(p.line, p.reason) for p in parse(text, assignment).problems] == [
        (2, "no student numbered 2499 is on the roster of COMP0088"),
        (3, "the score 'x' is not a number"),
        (4, "Ann Lee (2401) is also on line 3"),
        (4, "the score 11 is above the assignment's maximum, 10"),
    ]


class TestAllOrNothing:
    def test_a_file_with_a_problem_is_refused_and_changes_nothing(self, marked):
        before = database_state(marked)
        parsed = parse("student_number,score\n2401,9\n2402,8\n2499,5\n", marked)
        with pytest.raises(services.FeedbackError, match="nothing was imported"):
            feedback_import(assignment=marked, parsed=parsed)
        assert database_state(marked) == before

    def test_a_row_refused_while_importing_leaves_every_row_as_it_was(self, marked):
        parsed = parse("student_number,score\n2401,2\n2402,3\n2403,9\n", marked)
        assert parsed.ok
        before = database_state(marked)
        # The maximum changed between the preview and the import: the third row is refused.
        marked.max_score = Decimal(5)
        with pytest.raises(services.FeedbackError, match="not between 0 and the maximum"):
            feedback_import(assignment=marked, parsed=parsed)
        assert database_state(marked) == before

    def test_a_file_read_for_another_assignment_is_refused(self, marked):
        other = services.assignment_create(
            course=marked.course, title="Assignment 2", max_score=Decimal(10)
        )
        parsed = parse("student_number,score\n2401,9\n", other)
        before = database_state(marked)
        with pytest.raises(services.FeedbackError, match="another assignment"):
            feedback_import(assignment=marked, parsed=parsed)
        assert database_state(marked) == before


class TestExport:
    def test_the_own_layout_by_student_number_without_trailing_zeros(self, assignment, roster):
        for number, score, comments in (
            ("2403", "10.00", ""),
            ("2401", "7.50", 'Good, "very"\nSee me'),
            ("2402", "", "No score yet"),
        ):
            services.feedback_save(
                assignment=assignment, student=roster[number], score=score, comments=comments
            )
        assert export(assignment) == (
            "student_number,score,comments\r\n"
            '2401,7.5,"Good, ""very""\nSee me"\r\n'
            "2402,,No score yet\r\n"
            "2403,10,\r\n"
        )

    def test_students_without_feedback_are_left_out(self, marked):
        assert export(marked) == "student_number,score,comments\r\n2401,6,Old comment\r\n"

    @pytest.mark.parametrize(
        ("score", "text"),
        [(None, ""), (Decimal("0.00"), "0"), (Decimal("7.50"), "7.5"), (Decimal("10.00"), "10"),
         (Decimal("0.05"), "0.05"), (Decimal("100.00"), "100")],
    )  # fmt: skip
    def test_score_format(self, score, text):
        assert score_format(score) == text


# Comments a person could store: no control characters but tabs and line breaks, no direction
# overrides; commas, quotes, semicolons and line breaks on purpose.
COMMENT = st.lists(
    st.one_of(
        st.sampled_from([",", '"', ";", "\n", "\r\n", "\r", "\t", " ", "é", "$x^2$"]),
        st.characters(
            blacklist_categories=("Cc", "Cs"),
            blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        ),
    ),
    max_size=30,
).map("".join)
SCORE = st.one_of(st.none(), st.decimals(min_value=0, max_value=10, places=2))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(SCORE, COMMENT), min_size=3, max_size=3))
def test_import_after_export_changes_nothing(marked, roster, rows):
    Feedback.objects.filter(assignment=marked).delete()
    for number, (score, comments) in zip(sorted(roster), rows, strict=True):
        if score is not None or comments.strip():
            services.feedback_save(
                assignment=marked, student=roster[number], score=score, comments=comments
            )
    if not Feedback.objects.filter(assignment=marked).exists():
        return
    before = database_state(marked)
    text = export(marked)
    parsed = parse(text, marked)
    assert parsed.ok, parsed.problems
    result = feedback_import(assignment=marked, parsed=parsed)
    assert (result.created, result.updated) == (0, 0)
    assert database_state(marked) == before
    assert export(marked) == text


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('student_number,score;comments\t"\r\n 2401-9.é\ufeff'))
        | st.characters(),
        max_size=120,
    )
)
def test_any_text_is_read_into_rows_or_problems_with_lines(assignment, text):
    parsed = feedback_file_parse(text, assignment=assignment)
    assert parsed.ok or parsed.problems
    assert all(problem.line >= 1 for problem in parsed.problems)
    if parsed.ok:
        assert all(row.student.course_id == assignment.course_id for row in parsed.rows)
