"""The benchmark's data: an instructor, a course taking guests, a lesson of three notes, and an
open live session in its lobby, made through the services.

Run by ``bench/poll.py`` in a subprocess with the benchmark's environment:
``python -m bench.fixture`` reads ``BENCH_INSTRUCTOR`` and ``BENCH_INSTRUCTOR_PASSWORD`` and
prints one JSON line: the join code, the session id, the initial version and the note titles.
"""

import json
import os

import django

NOTE_BODY = (
    "The sigmoid squashes any score into a probability:\n\n"
    "$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n\n"
    "- a large positive $z$ gives a probability near **1**\n"
    "- a large negative $z$ gives a probability near **0**\n"
    "- $\\sigma(0) = 0.5$\n"
)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.contrib.auth import get_user_model

    from classroom import selectors, services
    from classroom.models import Course, Lesson

    user = get_user_model().objects.create_user(
        username=os.environ["BENCH_INSTRUCTOR"],
        password=os.environ["BENCH_INSTRUCTOR_PASSWORD"],
    )
    course = Course.objects.create(title="Benchmark course", code="BENCH101", allow_guests=True)
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Benchmark lesson")
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


if __name__ == "__main__":
    main()
