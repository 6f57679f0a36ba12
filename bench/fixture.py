"""The benchmark's data: an instructor, a course taking guests, a lesson of three notes, and an
open live session in its lobby, made through the services.

Run by ``bench/poll.py`` in a subprocess with the benchmark's environment:
``python -m bench.fixture`` reads ``BENCH_INSTRUCTOR`` and ``BENCH_INSTRUCTOR_PASSWORD`` and
prints one JSON line: the join code, the session id, the initial version and the note titles.

:func:`exercise_main` makes ``bench/exercise_burst.py``'s data instead: the same instructor and
course, a lesson whose one activity is an exercise of ``exercises/specs/house_price.json``,
current in a live session and open for submissions.
"""

import json
import os
from pathlib import Path

import django

NOTE_BODY = (
    "The sigmoid squashes any score into a probability:\n\n"
    "$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n\n"
    "- a large positive $z$ gives a probability near **1**\n"
    "- a large negative $z$ gives a probability near **0**\n"
    "- $\\sigma(0) = 0.5$\n"
)


EXERCISE_SPEC = Path(__file__).resolve().parent.parent / "exercises" / "specs" / "house_price.json"


def instructor_lesson():
    """The instructor (``BENCH_INSTRUCTOR``, ``BENCH_INSTRUCTOR_PASSWORD``), a course taking
    guests that they teach, and an empty lesson of it: ``(user, lesson)``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.contrib.auth import get_user_model

    from classroom.models import Course, Lesson

    user = get_user_model().objects.create_user(
        username=os.environ["BENCH_INSTRUCTOR"],
        password=os.environ["BENCH_INSTRUCTOR_PASSWORD"],
    )
    course = Course.objects.create(title="Benchmark course", code="BENCH101", allow_guests=True)
    course.instructors.add(user)
    return user, Lesson.objects.create(course=course, title="Benchmark lesson")


def main() -> None:
    user, lesson = instructor_lesson()

    from classroom import selectors, services

    titles = [f"Benchmark note {n}" for n in (1, 2, 3)]
    for title in titles:
        services.activity_append(lesson_id=lesson.pk, kind="note", title=title, body=NOTE_BODY)
    session = services.live_session_start(lesson_id=lesson.pk, user=user)
    print(
        json.dumps(
            {
                "code": session.join_code,
                "session_id": session.pk,
                "version": selectors.live_version(join_code=session.join_code),
                "titles": titles,
            }
        )
    )


def exercise_main(spec_path: Path = EXERCISE_SPEC) -> None:
    """An exercise of ``spec_path`` (the class shares its numbers), current in a live session
    and open; prints one JSON line: the join code, the session id, the run id, and the right
    answer to every asked field as text keyed by its checker path (checked to score 100%)."""
    user, lesson = instructor_lesson()

    from classroom import services
    from exercises import services as exercise_services
    from exercises.checker import answers_flatten, fields_asked, key_compute, mark
    from exercises.models import ExerciseRun

    activity = services.activity_append(
        lesson_id=lesson.pk, kind="exercise", title="The forward and backward pass by hand"
    )
    exercise = exercise_services.exercise_save(activity=activity, source=spec_path.read_text())
    session = services.live_session_start(lesson_id=lesson.pk, user=user)
    services.live_session_goto(session=session, activity_id=activity.pk)
    run = exercise_services.run_open(
        run=ExerciseRun.objects.get(exercise=exercise, session=session)
    )
    spec = exercise_services.spec_of(exercise_services.variant_for(run=run, participant=None))
    key = answers_flatten(spec, key_compute(spec).to_json())
    answers = {f.path: f"{float(key[f.path]):.6f}" for f in fields_asked(spec)}
    score = mark(spec, answers).score
    if score != 1.0:
        raise SystemExit(f"the computed answers score {score}, not 1.0")
    print(
        json.dumps(
            {
                "code": session.join_code,
                "session_id": session.pk,
                "run_id": run.pk,
                "answers": answers,
            }
        )
    )


if __name__ == "__main__":
    main()
