"""A speech's clock carries its end on the server, the allotted time and the grace: phones stop
counting there (issue 12, point 6), the projector and the dashboard count the over time."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from classroom import services as core
from classroom.models import Course, Lesson, Student
from debates import services, timing
from debates.activity import speech_clock
from debates.demo import demo_debate_configure
from debates.models import DebateRoom, Seat

GRACE = 15


def snapshot(state: timing.TimerState, now: float) -> dict:
    return timing.timer_snapshot(state, now)


class TestSpeechClock:
    def started(self) -> timing.TimerState:
        state = timing.timer_new(["a", "b"], [120, 120], grace_seconds=GRACE)
        return timing.start(state, 1_000.0)

    def test_a_running_speech_ends_at_its_time_and_grace(self):
        clock = speech_clock(snapshot(self.started(), 1_010.0))
        assert clock.deadline_ms == 1_120_000
        assert clock.ends_ms == 1_120_000 + GRACE * 1000
        assert not clock.is_over

    def test_a_speech_past_its_time_and_grace_is_over(self):
        at_the_end = speech_clock(snapshot(self.started(), 1_000.0 + 120 + GRACE))
        just_before = speech_clock(snapshot(self.started(), 1_000.0 + 120 + GRACE - 0.5))
        assert at_the_end.is_over
        assert not just_before.is_over

    def test_added_time_moves_the_end(self):
        state = timing.add_time(self.started(), 30)
        assert speech_clock(snapshot(state, 1_010.0)).ends_ms == (1_150 + GRACE) * 1000

    def test_a_paused_speech_has_no_end(self):
        state = timing.pause(self.started(), 1_030.0)
        clock = speech_clock(snapshot(state, 2_000.0))
        assert clock.frozen_ms == 90_000
        assert clock.ends_ms is None and not clock.is_over

    def test_no_speech_no_clock(self):
        state = timing.timer_new(["a"], [60])
        assert speech_clock(snapshot(state, 1_000.0)) is None


@pytest.fixture
def debate(db):
    """A debate of ten rostered students whose first speech began ``over`` seconds past its end
    (negative: before it), with an instructor."""
    user = get_user_model().objects.create_user("ada", password="pw-for-tests")
    course = Course.objects.create(code="COMP0088", title="Machine Learning")
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    activity = core.activity_append(lesson_id=lesson.pk, kind="debate", title="Debate")
    demo_debate_configure(activity=activity)
    session = core.live_session_start(lesson_id=lesson.pk)
    core.live_session_goto(session=session, activity_id=activity.pk)
    for n in range(10):
        student = Student.objects.create(
            course=course, name=f"Student {n:02d}", student_number=f"{n:04d}",
            signin_token=f"clock-token-{n}",
        )  # fmt: skip
        core.participant_join_student(session=session, student=student)
    formation = services.groups_form(session_id=session.pk, activity_id=activity.pk)
    room = DebateRoom.objects.filter(formation=formation).order_by("number").first()
    seats = list(Seat.objects.filter(room=room).order_by("order").select_related("participant"))

    def start(*, over: int) -> None:
        ago = seats[0].seconds + GRACE + over
        services.debate_start(room_id=room.pk, now=timezone.now() - timedelta(seconds=ago))

    teacher = Client()
    teacher.force_login(user)
    phone = Client()
    phone.get(f"/s/{seats[3].participant.student.signin_token}/")
    return session, start, phone, teacher


def clock_of(html: str) -> str:
    return re.search(r'<span class="countdown speech-clock[^"]*"[^>]*>[^<]*</span>', html).group(0)


class TestScreensAtTheEnd:
    def test_a_phone_shows_times_up_once_the_speech_is_over(self, debate):
        session, start, phone, _teacher = debate
        start(over=5)
        clock = clock_of(phone.get(f"/live/{session.join_code}/").content.decode())
        assert "is-ended" in clock and ">Time's up<" in clock
        assert re.search(r'data-ends="\d+"', clock)

    def test_a_phone_counts_until_the_speech_is_over(self, debate):
        session, start, phone, _teacher = debate
        start(over=-5)
        clock = clock_of(phone.get(f"/live/{session.join_code}/").content.decode())
        assert "is-ended" not in clock and re.search(r">\+0:\d\d<", clock)
        assert re.search(r'data-ends="\d+"', clock)

    @pytest.mark.parametrize("screen", ["projector/", ""])
    def test_the_projector_and_dashboard_count_the_over_time(self, debate, screen):
        session, start, _phone, teacher = debate
        start(over=5)
        html = teacher.get(f"/teach/sessions/{session.pk}/{screen}").content.decode()
        clock = clock_of(html)
        assert "data-ends" not in clock and re.search(r">\+0:\d\d<", clock)
