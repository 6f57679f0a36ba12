"""Roster import: preview with every bad row named, nothing saved until confirmed, no duplicates."""

from __future__ import annotations

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from classroom import services
from classroom.models import Student
from classroom.roster import roster_parse

GOOD = "name,student_number,email\nAnn Lee,2401,ann@example.ac.uk\nBo Chen,2402,bo@example.ac.uk\n"
BAD = (
    "name,student_number,email\n"
    "Ann Lee,2401,ann@example.ac.uk\n"
    ",2402,nobody@example.ac.uk\n"
    "Cy Dee,2401,cy@example.ac.uk\n"
    "Di Eve,2404,not-an-email\n"
)


def test_good_file_parses_every_row():
    parsed = roster_parse(GOOD)
    assert parsed.ok
    assert [(r.line, r.name, r.student_number) for r in parsed.rows] == [
        (2, "Ann Lee", "2401"),
        (3, "Bo Chen", "2402"),
    ]


def test_every_bad_row_is_named_with_its_line_and_reason():
    parsed = roster_parse(BAD)
    assert not parsed.ok
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (3, "missing name"),
        (4, "duplicate student number 2401 (also on line 2)"),
        (5, "bad email 'not-an-email'"),
    ]


def test_header_aliases_and_semicolons_are_understood():
    parsed = roster_parse("Full name;Student ID;E-mail\nAnn Lee;2401;ANN@example.ac.uk\n")
    assert parsed.ok
    assert parsed.rows[0].email == "ann@example.ac.uk"


def test_a_file_without_the_needed_columns_is_refused():
    parsed = roster_parse("first,last\nAnn,Lee\n")
    assert [p.reason for p in parsed.problems] == [
        "the header row has no column name and no column student_number"
    ]


def test_upload_previews_and_saves_nothing(course, teacher_client):
    upload = SimpleUploadedFile("roster.csv", GOOD.encode(), content_type="text/csv")
    response = teacher_client.post(f"/teach/courses/{course.pk}/roster/", {"file": upload})
    assert response.status_code == 200
    assert "Import 2 students" in response.content.decode()
    assert not Student.objects.exists()


def test_bad_upload_lists_problems_offers_no_import_and_saves_nothing(course, teacher_client):
    upload = SimpleUploadedFile("roster.csv", BAD.encode(), content_type="text/csv")
    response = teacher_client.post(f"/teach/courses/{course.pk}/roster/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "duplicate student number 2401 (also on line 2)" in html
    assert "Import" not in html.split("valid row")[1]
    assert not Student.objects.exists()


def test_confirming_a_bad_file_saves_nothing(course, teacher_client):
    teacher_client.post(f"/teach/courses/{course.pk}/roster/", {"csv_text": BAD, "confirm": "yes"})
    assert not Student.objects.exists()


def test_confirm_imports_and_reimport_updates_without_duplicates(course, teacher_client):
    teacher_client.post(f"/teach/courses/{course.pk}/roster/", {"csv_text": GOOD, "confirm": "yes"})
    changed = GOOD.replace("Bo Chen", "Bo Chen-Wu")
    teacher_client.post(
        f"/teach/courses/{course.pk}/roster/", {"csv_text": changed, "confirm": "yes"}
    )
    assert Student.objects.filter(course=course).count() == 2
    assert Student.objects.get(student_number="2402").name == "Bo Chen-Wu"


def test_import_gives_each_student_an_unguessable_link(course):
    services.roster_import(course=course, rows=roster_parse(GOOD).rows)
    tokens = list(Student.objects.values_list("signin_token", flat=True))
    assert len(set(tokens)) == 2
    assert all(len(t) >= 32 for t in tokens)


def test_reissued_link_replaces_the_old_one(student):
    old = student.signin_token
    services.signin_link_reissue(student=student)
    assert student.signin_token != old
    assert not Student.objects.filter(signin_token=old).exists()


def test_links_are_emailed_to_every_student_with_an_address(course, teacher_client):
    services.roster_import(course=course, rows=roster_parse(GOOD).rows)
    teacher_client.post(f"/teach/courses/{course.pk}/email/")
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.ac.uk", "bo@example.ac.uk"]
    ann = Student.objects.get(student_number="2401")
    assert f"/s/{ann.signin_token}/" in next(m.body for m in mail.outbox if "ann@" in m.to[0])


def test_printable_cards_show_each_students_qr(course, teacher_client):
    services.roster_import(course=course, rows=roster_parse(GOOD).rows)
    html = teacher_client.get(f"/teach/courses/{course.pk}/cards/").content.decode()
    assert html.count("<svg") == 2
    assert "Ann Lee" in html and "Bo Chen" in html
