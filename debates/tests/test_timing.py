"""Timer arithmetic under pause, resume and added time, with explicit clock values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debates import timing
from debates.timing import SpeakingSeat, TimerError

T0 = 1_700_000_000.0


def fresh(allotted=(120, 120, 120), grace=15):
    return timing.timer_new(range(len(allotted)), allotted, grace_seconds=grace)


def started(allotted=(120, 120, 120), grace=15):
    return timing.start(fresh(allotted, grace), T0)


class TestArithmetic:
    def test_a_running_speech_counts_down_from_its_allotted_time(self):
        state = started()
        assert timing.remaining(state, T0 + 30) == 90
        assert timing.elapsed(state, T0 + 30) == 30

    def test_a_pause_stops_the_clock_and_resume_continues_from_there(self):
        state = timing.pause(started(), T0 + 30)
        assert timing.remaining(state, T0 + 500) == 90
        state = timing.resume(state, T0 + 100)
        assert timing.remaining(state, T0 + 110) == 80
        state = timing.resume(timing.pause(state, T0 + 120), T0 + 200)
        assert timing.remaining(state, T0 + 200) == 70
        assert state.paused_seconds == 150

    def test_added_time_extends_the_speech_even_while_paused(self):
        state = timing.pause(started(), T0 + 100)
        state = timing.add_time(state)
        assert timing.remaining(state, T0 + 100) == 50
        state = timing.add_time(timing.resume(state, T0 + 100))
        assert timing.remaining(state, T0 + 100) == 80

    def test_overtime_counts_past_the_end(self):
        state = started()
        assert timing.overtime(state, T0 + 119) == 0
        assert timing.overtime(state, T0 + 140) == 20

    def test_before_the_start_the_full_time_remains(self):
        assert timing.remaining(fresh(), T0 + 99) == 120


class TestPhase:
    @pytest.mark.parametrize(
        ("after", "phase"),
        [
            (0, "ok"),
            (89.9, "ok"),
            (90, "amber"),
            (119.9, "amber"),
            (120, "red"),
            (135, "red"),
            (135.1, "overtime"),
        ],
    )
    def test_phase_turns_amber_in_the_last_30_s_red_at_the_end_overtime_after_grace(
        self, after, phase
    ):
        assert timing.phase(started(grace=15), T0 + after) == phase

    def test_added_time_takes_a_red_speech_back_to_amber(self):
        state = started()
        assert timing.phase(state, T0 + 125) == "red"
        assert timing.phase(timing.add_time(state), T0 + 125) == "amber"


class TestTransitions:
    def test_next_ticks_the_speaker_and_starts_the_next_speech_now(self):
        state = timing.next_speaker(started(), T0 + 100)
        assert state.spoken == (True, False, False)
        assert state.current == 1
        assert timing.remaining(state, T0 + 110) == 110

    def test_next_while_paused_waits_at_the_start_of_the_next_speech(self):
        state = timing.next_speaker(timing.pause(started(), T0 + 50), T0 + 60)
        assert state.status == "paused"
        assert timing.remaining(state, T0 + 90) == 120
        assert timing.remaining(timing.resume(state, T0 + 90), T0 + 100) == 110

    def test_next_clears_time_added_to_the_previous_speech(self):
        state = timing.next_speaker(timing.add_time(started()), T0 + 10)
        assert timing.remaining(state, T0 + 10) == 120

    def test_next_after_the_last_speaker_finishes_with_everyone_ticked(self):
        state = started()
        for moment in (10, 20, 30):
            state = timing.next_speaker(state, T0 + moment)
        assert state.status == "finished"
        assert state.spoken == (True, True, True)

    def test_back_returns_the_floor_and_the_tick_to_the_previous_speaker(self):
        state = timing.next_speaker(timing.next_speaker(started(), T0 + 10), T0 + 20)
        state = timing.back(state, T0 + 30)
        assert state.current == 1
        assert state.spoken == (True, False, False)
        assert timing.remaining(state, T0 + 40) == 110

    def test_back_at_the_first_speaker_is_refused(self):
        with pytest.raises(TimerError, match="the first speaker has the floor"):
            timing.back(started(), T0 + 5)

    def test_back_from_a_finished_debate_reopens_the_last_speech_paused(self):
        state = timing.end(started(allotted=(60,)), T0 + 10)
        state = timing.back(state, T0 + 20)
        assert (state.status, state.current, state.spoken) == ("paused", 0, (False,))

    def test_end_ticks_a_speaker_whose_clock_ran(self):
        state = timing.end(timing.next_speaker(started(), T0 + 10), T0 + 15)
        assert state.status == "finished"
        assert state.spoken == (True, True, False)

    def test_end_does_not_tick_a_speaker_whose_clock_never_ran(self):
        state = timing.end(timing.next_speaker(started(), T0 + 10), T0 + 10)
        assert state.spoken == (True, False, False)

    @pytest.mark.parametrize(
        ("control", "status"),
        [
            (lambda s: timing.pause(s, T0), "ready"),
            (lambda s: timing.resume(s, T0), "ready"),
            (lambda s: timing.next_speaker(s, T0), "ready"),
            (lambda s: timing.add_time(s), "ready"),
        ],
    )
    def test_controls_before_the_start_are_refused_naming_the_status(self, control, status):
        with pytest.raises(TimerError, match=f"the timer is {status}"):
            control(fresh())

    def test_starting_twice_is_refused(self):
        with pytest.raises(TimerError, match="cannot start: the timer is running"):
            timing.start(started(), T0 + 1)

    def test_pausing_a_paused_timer_is_refused(self):
        with pytest.raises(TimerError, match="cannot pause: the timer is paused"):
            timing.pause(timing.pause(started(), T0 + 1), T0 + 2)

    def test_resuming_a_running_timer_is_refused(self):
        with pytest.raises(TimerError, match="cannot resume: the timer is running"):
            timing.resume(started(), T0 + 1)

    def test_adding_no_time_is_refused(self):
        with pytest.raises(TimerError, match="added time must be positive; got 0"):
            timing.add_time(started(), 0)

    def test_a_speaking_time_of_zero_is_refused(self):
        with pytest.raises(TimerError, match="speaking times must be positive"):
            timing.timer_new([1, 2], [120, 0])


# Each control is (kind, seconds after the previous control).
controls = st.lists(
    st.tuples(
        st.sampled_from(["pause", "resume", "add", "wait"]),
        st.floats(min_value=0, max_value=100, allow_nan=False),
    ),
    max_size=25,
)


@given(controls=controls)
def test_remaining_is_allotted_plus_added_minus_the_running_time(controls):
    state = started(allotted=(120,))
    now, running, added = T0, 0.0, 0
    for kind, gap in controls:
        if state.status == "running":
            running += gap
        now += gap
        if kind == "pause" and state.status == "running":
            state = timing.pause(state, now)
        elif kind == "resume" and state.status == "paused":
            state = timing.resume(state, now)
        elif kind == "add":
            state = timing.add_time(state)
            added += timing.ADD_SECONDS
    assert timing.remaining(state, now) == pytest.approx(120 + added - running, abs=1e-6)


@given(controls=controls, probe=st.floats(min_value=0, max_value=500, allow_nan=False))
def test_a_browser_computes_the_same_time_from_the_snapshot_fields(controls, probe):
    state = started()
    now = T0
    for kind, gap in controls:
        now += gap
        if kind == "pause" and state.status == "running":
            state = timing.pause(state, now)
        elif kind == "resume" and state.status == "paused":
            state = timing.resume(state, now)
        elif kind == "add":
            state = timing.add_time(state)
    snap = timing.timer_snapshot(state, now)
    later = now + probe
    clock = snap["paused_at"] if snap["paused_at"] is not None else later
    shown = snap["allotted_seconds"] - (clock - snap["started_at"] - snap["paused_seconds"])
    assert shown == pytest.approx(timing.remaining(state, later), abs=1e-6)


@given(st.floats(min_value=0, max_value=1000), st.floats(min_value=0, max_value=1000))
def test_remaining_never_increases_as_time_passes(first, second):
    state = started()
    early, late = sorted((first, second))
    assert timing.remaining(state, T0 + late) <= timing.remaining(state, T0 + early)


class TestPrep:
    def test_prep_counts_down_from_its_start_and_stops_at_zero(self):
        assert timing.prep_remaining(T0, 600, T0 + 60) == 540
        assert timing.prep_remaining(T0, 600, T0 + 700) == 0

    def test_prep_not_started_shows_the_full_time(self):
        assert timing.prep_remaining(None, 600, T0) == 600


def seats(side, groups):
    return [SpeakingSeat(key=f"{side}{i}", roles=tuple(g)) for i, g in enumerate(groups)]


FIVE = [[0], [1], [2], [3], [4]]


class TestSpeakingOrder:
    def test_sides_alternate_for_first_introducers_first_finishers_last(self):
        order = timing.speaking_order(seats("F", FIVE), seats("A", FIVE), 5)
        assert order == ["F0", "A0", "F1", "A1", "F2", "A2", "F3", "A3", "F4", "A4"]

    def test_a_team_of_six_speaks_its_extra_argument_before_the_finishers(self):
        six = [[0], [1], [2], [3], [3], [4]]
        order = timing.speaking_order(seats("F", six), seats("A", FIVE), 5)
        assert order[:2] == ["F0", "A0"]
        assert order[-2:] == ["F5", "A4"]
        assert order[-3] == "F4"
        assert len(order) == 11

    def test_a_team_of_four_merged_seat_speaks_once(self):
        four = [[0], [1], [2, 3], [4]]
        order = timing.speaking_order(seats("F", FIVE), seats("A", four), 5)
        assert order == ["F0", "A0", "F1", "A1", "F2", "A2", "F3", "F4", "A3"]

    def test_one_against_one_each_speaks_once_for_first(self):
        one = [[0, 1, 2, 3, 4]]
        assert timing.speaking_order(seats("F", one), seats("A", one), 5) == ["F0", "A0"]

    def test_two_against_two_open_then_close(self):
        two = [[0, 1, 2, 3], [4]]
        order = timing.speaking_order(seats("F", two), seats("A", two), 5)
        assert order == ["F0", "A0", "F1", "A1"]
