"""The Django admin shows an instructor the rows of their own courses only (classroom.admin_scope).

Two instructors with the model permissions ``load_demo`` grants (every app's but accounts'),
each teaching one course that has a row of every model in the admin. Each test is run per
model: what Grace (course B) is refused of Ada's course A, paired with what she may do with
her own, and what a superuser sees.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Model
from django.forms import ModelChoiceField
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom.models import Activity, Course, Lesson, LiveSession, Participant, Student
from debates.models import DebateActivity, DebateRoom, Formation, Team, Vote
from discussions.models import Reply
from exercises.models import Exercise, ExerciseRun, Submission, Variant
from feedback.models import Assignment, Email, Feedback, Query
from quizzes.models import Answer, Question, Quiz, QuizRun

MODELS = [
    Course, Student, Lesson, Activity, LiveSession, Participant, Reply,
    Quiz, Question, QuizRun, Answer,
    DebateActivity, Formation, DebateRoom, Team, Vote,
    Exercise, ExerciseRun, Submission,
    Assignment, Feedback, Query, Email,
]  # fmt: skip


def instructor_create(username: str):
    # No password: the tests sign in with force_login, and hashing one is slow.
    user = get_user_model().objects.create_user(username, f"{username}@example.org", None)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.exclude(
            content_type__app_label__in=["auth", "admin", "contenttypes", "sessions"]
        )
    )
    return user


class CourseRows(dict[type[Model], Model]):
    """A course's row of each model in the admin; ``every`` holds all its rows as (model, pk)."""

    def __init__(self, rows: dict[type[Model], Model], *, every: set[tuple[type[Model], int]]):
        super().__init__(rows)
        self.every = every


def course_world(code: str, join_code: str, instructor) -> CourseRows:
    """A course taught by ``instructor`` with one row of every model in the admin."""
    course = Course.objects.create(code=code, title=f"Course {code}")
    course.instructors.add(instructor)
    student = Student.objects.create(
        course=course, name=f"Student {code}", student_number="1", signin_token=f"tok-{code}"
    )
    lesson = Lesson.objects.create(course=course, title=f"Lesson {code}")
    note = Activity.objects.create(lesson=lesson, position=1, kind="note", title="Note")
    quiz_activity = Activity.objects.create(lesson=lesson, position=2, kind="quiz", title="Quiz")
    debate_activity = Activity.objects.create(
        lesson=lesson, position=3, kind="debate", title="Debate"
    )
    exercise_activity = Activity.objects.create(
        lesson=lesson, position=4, kind="exercise", title="Exercise"
    )
    session = LiveSession.objects.create(lesson=lesson, join_code=join_code)
    participant = Participant.objects.create(
        session=session, student=student, display_name=student.name
    )
    quiz = Quiz.objects.create(activity=quiz_activity)
    question = Question.objects.create(quiz=quiz, position=1, type="single", text="Which?")
    run = QuizRun.objects.create(quiz=quiz, mode=QuizRun.Mode.LIVE, session=session)
    debate = DebateActivity.objects.create(activity=debate_activity)
    formation = Formation.objects.create(
        session=session,
        activity=debate_activity,
        seed=1,
        group_size=5,
        roles=[],
        motions=["This house would"],
        prep_seconds=60,
    )
    room = DebateRoom.objects.create(
        formation=formation, number=1, motion_position=0, motion="This house would"
    )
    exercise = Exercise.objects.create(activity=exercise_activity, source="{}")
    exercise_run = ExerciseRun.objects.create(exercise=exercise, session=session)
    numbers = Variant.objects.create(run=exercise_run, seed="class", spec={})
    assignment = Assignment.objects.create(course=course, title="A1", max_score=10)
    feedback = Feedback.objects.create(assignment=assignment, student=student, score=5)
    rows = [
        course, student, lesson, note, session, participant,
        Reply.objects.create(session=session, activity=note, participant=participant, text="Hi"),
        quiz, question, run,
        Answer.objects.create(
            run=run, question=question, participant=participant, correct=True, credit=1,
            points=1, answered_at=timezone.now(),
        ),
        debate, formation, room,
        Team.objects.create(room=room, side=Team.Side.FOR),
        Vote.objects.create(
            room=room, participant=participant, round=DebateRoom.VoteRound.BEFORE,
            choice=Vote.Choice.FOR,
        ),
        exercise, exercise_run,
        Submission.objects.create(
            run=exercise_run, participant=participant, variant=numbers, attempt=1,
            answers={}, answers_key="k", received_at=timezone.now(),
        ),
        assignment, feedback,
        Query.objects.create(feedback=feedback, reason="Why?"),
        Email.objects.create(feedback=feedback, kind="released", base_url="https://x"),
    ]  # fmt: skip
    extra = [quiz_activity, debate_activity, exercise_activity]
    return CourseRows(
        {type(row): row for row in rows}, every={(type(row), row.pk) for row in rows + extra}
    )


@pytest.fixture
def world(db):
    ada, grace = instructor_create("ada"), instructor_create("grace")
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", None)
    clients = {}
    for user in (ada, grace, boss):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    return SimpleNamespace(
        ada=ada,
        grace=grace,
        a=course_world("COMPA", "ACDEFG", ada),
        b=course_world("COMPB", "HJKMNP", grace),
        clients=clients,
    )


def url(model: type[Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def listed(client: Client, model: type[Model]) -> set[int]:
    response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def model_id(model: type[Model]) -> str:
    return model.__name__


def test_every_model_in_the_admin_is_covered_here():
    ours = {"classroom", "quizzes", "debates", "discussions", "exercises", "feedback"}
    registered = {model for model in admin.site._registry if model._meta.app_label in ours}

    assert registered == set(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_an_instructor_lists_only_their_own_courses_rows(world, model):
    rows = listed(world.clients["grace"], model)

    assert world.b[model].pk in rows
    assert world.a[model].pk not in rows


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_a_superuser_lists_every_courses_rows(world, model):
    rows = listed(world.clients["boss"], model)

    assert {world.a[model].pk, world.b[model].pk} <= rows


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_an_instructor_cannot_open_another_courses_row(world, model):
    client = world.clients["grace"]
    other = world.a[model].pk

    for view in ("change", "delete", "history"):
        response = client.get(url(model, view, other))
        assert response.status_code == 302, view
        assert response["Location"] == reverse("admin:index"), view


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_an_instructor_opens_their_own_courses_row(world, model):
    client = world.clients["grace"]
    own = world.b[model].pk

    for view in ("change", "delete", "history"):
        assert client.get(url(model, view, own)).status_code == 200, view


def offered(response) -> dict[str, set[tuple[type[Model], int]]]:
    """Every choice of a relation in the page's form and inline forms, by field name. An
    inline row's own hidden id is left out: the formset looks it up among the parent's rows."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend(inline.formset.forms)
        forms.append(inline.formset.empty_form)
    choices: dict[str, set[tuple[type[Model], int]]] = {}
    for form in forms:
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField) and name != form._meta.model._meta.pk.name:
                queryset = field.queryset
                choices.setdefault(name, set()).update(
                    (queryset.model, pk) for pk in queryset.values_list("pk", flat=True)
                )
    return choices


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_an_instructor_is_offered_only_their_own_rows_and_colleagues_in_forms(world, model):
    response = world.clients["grace"].get(url(model, "change", world.b[model].pk))
    user_model = get_user_model()
    theirs = world.a.every | {(user_model, world.ada.pk)}
    own = world.b.every | {(user_model, world.grace.pk)}
    assert len(theirs) == len(own) > len(MODELS)

    for name, choices in offered(response).items():
        assert not choices & theirs, f"{name} offers {sorted(choices & theirs, key=str)}"
        assert choices <= own, name
        assert choices, f"{name} offers nothing, not even Grace's own rows"


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_a_superuser_is_offered_every_courses_rows_in_forms(world, model):
    response = world.clients["boss"].get(url(model, "change", world.a[model].pk))
    b_rows = world.b.every

    for name, choices in offered(response).items():
        related = {choice for choice in choices if choice[0] is not get_user_model()}
        if related:
            assert related & b_rows, name


def course_form(course: Course, *, instructors: list[int], title: str) -> dict[str, object]:
    students = list(course.students.all())
    data = {
        "title": title,
        "code": course.code,
        "instructors": instructors,
        "allow_guests": "on",
        "term_ends": "",
        "students-TOTAL_FORMS": str(len(students)),
        "students-INITIAL_FORMS": str(len(students)),
        "students-MIN_NUM_FORMS": "0",
        "students-MAX_NUM_FORMS": "1000",
    }
    for number, student in enumerate(students):
        data |= {
            f"students-{number}-id": student.pk,
            f"students-{number}-course": course.pk,
            f"students-{number}-name": student.name,
            f"students-{number}-student_number": student.student_number,
            f"students-{number}-email": student.email,
        }
    return data


def test_an_instructor_cannot_make_themselves_instructor_of_another_course(world):
    course = world.a[Course]

    response = world.clients["grace"].post(
        url(Course, "change", course.pk),
        course_form(course, instructors=[world.ada.pk, world.grace.pk], title="Taken"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    course.refresh_from_db()
    assert list(course.instructors.all()) == [world.ada]
    assert course.title == "Course COMPA"


def test_an_instructor_edits_their_own_course(world):
    course = world.b[Course]

    response = world.clients["grace"].post(
        url(Course, "change", course.pk),
        course_form(course, instructors=[world.grace.pk], title="Renamed"),
    )

    assert response.status_code == 302
    assert response["Location"] == url(Course, "changelist")
    course.refresh_from_db()
    assert course.title == "Renamed"


def test_an_instructor_cannot_add_someone_who_teaches_none_of_their_courses(world):
    course = world.b[Course]

    response = world.clients["grace"].post(
        url(Course, "change", course.pk),
        course_form(course, instructors=[world.grace.pk, world.ada.pk], title="Renamed"),
    )

    assert response.status_code == 200
    assert "instructors" in response.context["adminform"].form.errors
    assert list(course.instructors.all()) == [world.grace]


def test_a_course_an_instructor_adds_for_a_colleague_stays_theirs(world):
    colleague = instructor_create("ken")
    world.b[Course].instructors.add(colleague)

    response = world.clients["grace"].post(
        url(Course, "add"),
        {
            "title": "New course",
            "code": "COMPC",
            "instructors": [colleague.pk],
            "allow_guests": "on",
            "students-TOTAL_FORMS": "0",
            "students-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    added = Course.objects.get(code="COMPC")
    assert set(added.instructors.all()) == {colleague, world.grace}


def test_an_instructor_cannot_add_a_course_for_someone_who_is_not_a_colleague(world):
    response = world.clients["grace"].post(
        url(Course, "add"),
        {
            "title": "New course",
            "code": "COMPC",
            "instructors": [world.ada.pk],
            "allow_guests": "on",
            "students-TOTAL_FORMS": "0",
            "students-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "instructors" in response.context["adminform"].form.errors
    assert not Course.objects.filter(code="COMPC").exists()


def test_an_instructor_cannot_add_a_lesson_to_another_course(world):
    response = world.clients["grace"].post(
        url(Lesson, "add"),
        {"course": world.a[Course].pk, "title": "Intruding", **empty_activities()},
    )

    assert response.status_code == 200
    assert "course" in response.context["adminform"].form.errors
    assert not Lesson.objects.filter(title="Intruding").exists()


def test_an_instructor_adds_a_lesson_to_their_own_course(world):
    response = world.clients["grace"].post(
        url(Lesson, "add"),
        {"course": world.b[Course].pk, "title": "Welcome", **empty_activities()},
    )

    assert response.status_code == 302
    assert Lesson.objects.get(title="Welcome").course == world.b[Course]


def empty_activities() -> dict[str, str]:
    return {"activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0"}


@pytest.mark.parametrize("model", [Student, Lesson, Activity], ids=model_id)
def test_the_course_filter_lists_only_the_instructors_courses(world, model):
    # A second course of Grace's, so that the filter has a choice to show.
    second = course_world("COMPB2", "QRTUVW", world.grace)[Course]

    page = world.clients["grace"].get(url(model, "changelist")).content.decode()

    assert f"course__id__exact={second.pk}" in page
    assert f"course__id__exact={world.b[Course].pk}" in page
    assert f"course__id__exact={world.a[Course].pk}" not in page


@pytest.mark.parametrize("model", [Student, Lesson, Activity], ids=model_id)
def test_the_course_filter_lists_every_course_for_a_superuser(world, model):
    page = world.clients["boss"].get(url(model, "changelist")).content.decode()

    assert f"course__id__exact={world.a[Course].pk}" in page
    assert f"course__id__exact={world.b[Course].pk}" in page
