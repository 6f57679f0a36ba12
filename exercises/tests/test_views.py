"""The exercise's screens and actions through Django's test client: the phone's form, draft and
submission; the dashboard's controls and export; authoring; a student's pages after class; and
who may see what."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from classroom.models import Course, Participant, Student
from exercises import services
from exercises.models import Submission

from .conftest import TEMPLATE, spec_text
from .test_services import HOUSE, key_answers

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def teacher(course) -> Client:
    user = get_user_model().objects.create_user("ada", password="pw-teacher-1")
    course.instructors.add(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def stranger(db) -> Client:
    user = get_user_model().objects.create_user("eve", password="pw-stranger-1")
    Course.objects.create(code="OTHER", title="Other").instructors.add(user)
    client = Client()
    client.force_login(user)
    return client


def join(session, name: str) -> tuple[Client, Participant]:
    phone = Client()
    assert phone.post(f"/j/{session.join_code}/", {"display_name": name}).status_code == 302
    return phone, Participant.objects.get(session=session, display_name=name)


def live(phone: Client, session) -> str:
    return phone.get(f"/live/{session.join_code}/").content.decode()


class TestPhone:
    def test_the_form_names_each_input_by_its_checker_path(self, open_run):
        phone, _p = join(open_run.session, "Bo")
        html = live(phone, open_run.session)
        assert 'name="layers.0.z.0.0"' in html and 'name="loss"' in html
        assert 'inputmode="decimal"' in html
        assert "z₁⁽¹⁾" in html and "<svg" in html

    def test_before_the_exercise_opens_the_phone_shows_the_network_only(self, run):
        phone, _p = join(run.session, "Bo")
        html = live(phone, run.session)
        assert "<svg" in html and 'name="loss"' not in html

    def test_a_draft_keeps_what_was_typed_and_flags_what_the_parser_refuses(self, open_run):
        phone, participant = join(open_run.session, "Bo")
        url = f"/exercise/live/{open_run.session.join_code}/runs/{open_run.pk}/draft/"
        response = phone.post(url, {"layers.0.z.0.0": "0,2", "loss": "abc"}, **HX)
        html = response.content.decode()
        assert response.status_code == 200 and "1 value not a number yet" in html
        assert re.search(r'id="e-loss" hx-swap-oob="true"><span class="refused">', html)
        again = live(phone, open_run.session)
        assert 'value="0,2"' in again and 'value="abc"' in again

    def test_a_stranger_cannot_draft(self, open_run):
        url = f"/exercise/live/{open_run.session.join_code}/runs/{open_run.pk}/draft/"
        response = Client().post(url, {"loss": "1"}, **HX)
        assert response["HX-Redirect"] == "/"

    def test_submitting_shows_marking_then_each_field_marked(self, open_run):
        phone, participant = join(open_run.session, "Bo")
        url = f"/exercise/live/{open_run.session.join_code}/runs/{open_run.pk}/submit/"
        response = phone.post(url, key_answers(HOUSE, loss="1"), **HX)
        assert response.status_code == 200 and "Marking…" in response.content.decode()
        sub = Submission.objects.get(participant=participant)
        status_url = f"/exercise/live/{open_run.session.join_code}/submissions/{sub.pk}/"
        assert phone.get(status_url, **HX).status_code == 204
        services.submission_mark(submission_id=sub.pk)
        done = phone.get(status_url, **HX)
        html = done.content.decode()
        assert done.status_code == 286
        assert 'data-path="loss" ' not in html  # the attribute order: class, data-status, path
        assert re.search(r'data-status="incorrect"[^>]*data-path="loss"', html)
        assert re.search(r'data-status="correct"[^>]*data-path="layers.0.z.0.0"', html)

    def test_another_phones_submission_status_is_not_found(self, open_run):
        phone, participant = join(open_run.session, "Bo")
        other, _o = join(open_run.session, "Cy")
        sub = services.submission_create(
            run=open_run, participant=participant, values={"loss": "1"}
        )
        url = f"/exercise/live/{open_run.session.join_code}/submissions/{sub.pk}/"
        assert other.get(url, **HX).status_code == 404
        assert phone.get(url, **HX).status_code == 204

    def test_a_refused_submission_says_why(self, open_run):
        phone, _p = join(open_run.session, "Bo")
        services.run_close(run=open_run)
        url = f"/exercise/live/{open_run.session.join_code}/runs/{open_run.pk}/submit/"
        response = phone.post(url, {"loss": "1"}, **HX)
        assert response.status_code == 400 and "The exercise is closed" in response.content.decode()


class TestDashboard:
    def control(self, client, run, action):
        return client.post(f"/exercise/runs/{run.pk}/control/", {"action": action}, **HX)

    def test_the_instructor_opens_and_closes_submissions(self, teacher, run):
        assert self.control(teacher, run, "open").status_code == 200
        run.refresh_from_db()
        assert run.state == "open"
        assert self.control(teacher, run, "close").status_code == 200

    def test_another_courses_instructor_gets_404(self, stranger, run):
        assert self.control(stranger, run, "open").status_code == 404
        assert stranger.get(f"/exercise/runs/{run.pk}/submissions.csv").status_code == 404
        run.refresh_from_db()
        assert run.state == "waiting"

    def test_the_projector_shows_the_map_only_once_shown(self, teacher, open_run):
        _phone, participant = join(open_run.session, "Bo")
        sub = services.submission_create(
            run=open_run, participant=participant, values={"loss": "1"}
        )
        services.submission_mark(submission_id=sub.pk)
        projector = f"/teach/sessions/{open_run.session.pk}/projector/"
        assert 'id="mistake-map"' not in teacher.get(projector).content.decode()
        self.control(teacher, open_run, "map-show")
        html = teacher.get(projector).content.decode()
        assert 'id="mistake-map"' in html
        assert re.search(r"<strong>1</strong> of 1 submitted, <strong>1</strong> marked", html)

    def test_the_csv_has_every_field_of_every_submission(self, teacher, open_run):
        _phone, participant = join(open_run.session, "Bo")
        sub = services.submission_create(
            run=open_run, participant=participant, values=key_answers(HOUSE)
        )
        marked = services.submission_mark(submission_id=sub.pk)
        response = teacher.get(f"/exercise/runs/{open_run.pk}/submissions.csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][:4] == ["student_number", "name", "attempt", "path"]
        assert len(rows) - 1 == len(marked.marks)
        assert {r[5] for r in rows[1:]} == {"correct"}


class TestAuthoring:
    def url(self, activity):
        return f"/exercise/activities/{activity.pk}/"

    def test_a_refused_spec_names_the_layer(self, teacher, activity):
        data = json.loads(spec_text())
        data["layers"][0]["activation"] = "swish"
        response = teacher.post(self.url(activity), {"source": json.dumps(data), "attempts": "2"})
        assert response.status_code == 400 and "layer 1" in response.content.decode().lower()

    def test_a_template_is_previewed_with_three_samples_then_saved(self, teacher, activity):
        form = {"source": json.dumps(TEMPLATE), "attempts": "3", "per_student": "on"}
        preview = teacher.post(self.url(activity), form).content.decode()
        assert "Preview: not saved yet" in preview
        assert all(f'id="net-sample-{n}-title"' in preview for n in (1, 2, 3))
        assert not services.Exercise.objects.filter(activity=activity).exists()
        teacher.post(self.url(activity), {**form, "confirm": "yes"})
        assert services.Exercise.objects.get(activity=activity).per_student

    def test_another_courses_instructor_cannot_author(self, stranger, activity):
        assert stranger.get(self.url(activity)).status_code == 404


class TestAfterClass:
    @pytest.fixture
    def signed_in(self, course, open_run):
        student = Student.objects.create(
            course=course, name="Ann Lee", student_number="2401", signin_token="ann-token"
        )
        phone = Client()
        phone.get("/s/ann-token/")
        participant = Participant.objects.get(student=student)
        sub = services.submission_create(
            run=open_run, participant=participant, values=key_answers(HOUSE)
        )
        services.submission_mark(submission_id=sub.pk)
        return phone, student

    def test_a_student_sees_their_marks_and_the_solution(self, signed_in, open_run):
        phone, _student = signed_in
        assert "House price" in phone.get("/exercise/mine/").content.decode()
        html = phone.get(f"/exercise/runs/{open_run.pk}/review/").content.decode()
        assert "Your mark: <strong>100%</strong>" in html and "Forward pass" in html

    def test_another_student_sees_only_their_own(self, signed_in, course, open_run):
        Student.objects.create(
            course=course, name="Bo Chen", student_number="2402", signin_token="bo-token"
        )
        other = Client()
        other.get("/s/bo-token/")
        html = other.get(f"/exercise/runs/{open_run.pk}/review/").content.decode()
        assert "You did not submit this one in class" in html
        assert "Your mark:" not in html

    def test_a_guest_and_a_student_of_another_course_cannot_open_it(self, signed_in, open_run):
        elsewhere = Course.objects.create(code="OTHER", title="Other")
        Student.objects.create(
            course=elsewhere, name="Di", student_number="9", signin_token="di-token"
        )
        other = Client()
        other.get("/s/di-token/")
        assert other.get(f"/exercise/runs/{open_run.pk}/review/").status_code == 404
        guest, _p = join(open_run.session, "Cy")
        assert guest.get(f"/exercise/runs/{open_run.pk}/review/").status_code == 404

    def test_practice_is_marked_at_once_and_changes_nothing(self, signed_in, open_run):
        phone, _student = signed_in
        url = f"/exercise/runs/{open_run.pk}/practice/abc123/"
        html = phone.post(url, {"loss": "9.66"}).content.decode()
        assert "Marked:" in html and Submission.objects.count() == 1


def test_a_submission_takes_three_statements(
    open_run, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The hot path of a class submitting at once: the participant with its session, the run,
    and one statement that checks every rule and inserts (the class's numbers are read once
    per process)."""
    phone, _participant = join(open_run.session, "Bo")
    with django_capture_on_commit_callbacks(execute=True):  # the class's numbers, drawn
        phone.get(f"/live/{open_run.session.join_code}/")
    url = f"/exercise/live/{open_run.session.join_code}/runs/{open_run.pk}/submit/"
    with django_assert_num_queries(3):
        response = phone.post(url, key_answers(HOUSE), **HX)
    assert response.status_code == 200 and "Marking…" in response.content.decode()
