"""What phones, the projector and the dashboard read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from classroom.models import Participant
from debates import selectors, services
from debates.models import Formation

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def formed(session, config, phones) -> Formation:
    phones(20)
    return services.groups_form(session_id=session.pk, activity_id=config.activity_id, seed=7)


def seat_at(formed, number, order):
    return formed.rooms.get(number=number).seats.select_related("participant").get(order=order)


class TestPhone:
    def test_a_phone_shows_motion_side_role_brief_and_team_mates(
        self, formed, django_assert_num_queries
    ):
        seat = seat_at(formed, 1, 0)
        with django_assert_num_queries(3):
            view = selectors.debate_phone(
                participant=seat.participant, activity_id=formed.activity_id, now=T0
            )
        assert view.room.motion == formed.rooms.get(number=1).motion
        assert view.seat.side == seat.team.side
        assert [b.name for b in view.briefs] == ["Introducer"]
        assert view.briefs[0].brief == formed.roles[0]["brief"]
        mates = set(seat.team.seats.exclude(pk=seat.pk).values_list("participant_id", flat=True))
        assert {m.participant_id for m in view.teammates} == mates
        assert view.you_are_next  # the first speaker is next while the debate prepares

    def test_the_next_speaker_is_told_before_their_turn(self, formed):
        room = formed.rooms.get(number=1)
        services.debate_start(room_id=room.pk, now=T0)
        first, second, third = (seat_at(formed, 1, i).participant for i in range(3))

        def view(p):
            return selectors.debate_phone(participant=p, activity_id=formed.activity_id, now=at(5))

        assert view(first).you_are_speaking and not view(first).you_are_next
        assert view(second).you_are_next
        assert not view(third).you_are_next

    def test_the_prep_countdown_runs_from_its_start(self, formed):
        services.prep_start(formation_id=formed.pk, now=T0)
        p = seat_at(formed, 1, 0).participant
        view = selectors.debate_phone(participant=p, activity_id=formed.activity_id, now=at(60))
        assert view.prep_remaining == formed.prep_seconds - 60

    def test_audience_sees_the_open_vote_of_another_debate_with_their_choice(self, formed):
        room = formed.rooms.get(number=1)
        voter = seat_at(formed, 2, 0).participant
        services.vote_open(room_id=room.pk, vote_round="before")
        services.vote_cast(room_id=room.pk, participant_id=voter.pk, choice="for")
        view = selectors.debate_phone(participant=voter, activity_id=formed.activity_id)
        assert [(v.room_id, v.round, v.my_choice) for v in view.votes_open] == [
            (room.pk, "before", "for")
        ]

    def test_a_phone_before_the_groups_are_formed_sees_nothing(self, session, config, phones):
        (p,) = phones(1)
        assert selectors.debate_phone(participant=p, activity_id=config.activity_id) is None


class TestBoard:
    def test_the_board_lists_every_team_and_the_speaking_order_with_ticks(
        self, formed, django_assert_num_queries
    ):
        room = formed.rooms.get(number=1)
        services.debate_start(room_id=room.pk, now=T0)
        services.debate_next(room_id=room.pk, now=at(100))
        with django_assert_num_queries(3):
            board = selectors.debate_board(
                session_id=formed.session_id, activity_id=formed.activity_id, now=at(110)
            )
        first = board.rooms[0]
        assert sum(len(t.members) for r in board.rooms for t in r.teams) == 20
        assert [s.spoken for s in first.order[:3]] == [True, False, False]
        assert first.speaking == first.order[1]
        assert first.timer["remaining"] == first.order[1].seconds - 10
        assert board.rules == tuple(formed.rules)


def test_room_timer_gives_the_fields_a_browser_counts_from(formed):
    room = formed.rooms.get(number=1)
    services.debate_start(room_id=room.pk, now=T0)
    services.debate_pause(room_id=room.pk, now=at(20))
    snap = selectors.room_timer(room_id=room.pk, now=at(50))
    assert snap["status"] == "paused"
    assert snap["paused_at"] - snap["started_at"] == 20
    assert snap["remaining"] == snap["allotted_seconds"] - 20


def test_never_spoke_lists_who_spoke_in_no_debate_including_the_unseated(formed, phones):
    (late,) = phones(1)
    room = formed.rooms.get(number=1)
    services.debate_start(room_id=room.pk, now=T0)
    services.debate_next(room_id=room.pk, now=at(60))
    services.debate_next(room_id=room.pk, now=at(120))
    spoke = {seat_at(formed, 1, i).participant_id for i in (0, 1)}
    missing = selectors.never_spoke(session_id=formed.session_id)
    everyone = set(Participant.objects.values_list("pk", flat=True))
    assert {m.participant_id for m in missing} == everyone - spoke
    assert [m.seated for m in missing if m.participant_id == late.pk] == [False]


def test_vote_results_count_only_the_audience_who_voted_twice(formed):
    room = formed.rooms.get(number=1)
    audience = [s.participant_id for s in formed.rooms.get(number=2).seats.all()]
    services.vote_open(room_id=room.pk, vote_round="before")
    for voter in audience[:4]:
        services.vote_cast(room_id=room.pk, participant_id=voter, choice="undecided")
    services.debate_start(room_id=room.pk, now=T0)
    services.debate_end(room_id=room.pk, now=at(10))
    services.vote_open(room_id=room.pk, vote_round="after")
    for voter in audience[1:6]:
        services.vote_cast(room_id=room.pk, participant_id=voter, choice="for")
    result = selectors.vote_results(room_id=room.pk)
    assert result.counted == 3
    assert result.winner == "for"


class TestStages:
    @pytest.fixture
    def eight(self, session, config, phones) -> Formation:
        phones(8)
        formation = services.groups_form(
            session_id=session.pk, activity_id=config.activity_id, seed=7
        )
        first = formation.rooms.get()
        services.debate_start(room_id=first.pk, now=T0)
        services.debate_end(room_id=first.pk, now=at(30))
        return formation

    def test_the_board_shows_the_next_stage_is_ready_once_the_first_is_over(self, eight):
        board = selectors.debate_board(session_id=eight.session_id, activity_id=eight.activity_id)
        assert (board.stage, board.stages, board.next_stage_ready) == (1, 2, True)
        assert board.summary == "two debates one after the other: roles rotate for the second"

    def test_the_board_shows_the_stage_under_way_and_keeps_the_one_before(
        self, eight, django_assert_num_queries
    ):
        services.stage_advance(formation_id=eight.pk)
        with django_assert_num_queries(3):
            board = selectors.debate_board(
                session_id=eight.session_id, activity_id=eight.activity_id
            )
        assert [r.number for r in board.rooms] == [2]
        assert [r.number for r in board.earlier] == [1]
        assert board.rooms[0].motion == eight.motions[1]
        assert not board.next_stage_ready

    def test_a_phone_shows_its_new_role_and_the_one_before(self, eight):
        seat = eight.seats.select_related("participant").first()
        services.stage_advance(formation_id=eight.pk)
        with_new = selectors.debate_phone(
            participant=seat.participant, activity_id=eight.activity_id
        )
        assert with_new.room.number == 2
        assert with_new.earlier_seat.role_label == seat.role_label
        assert not set(with_new.seat.roles) & set(seat.roles)
        assert (with_new.stage, with_new.stages) == (2, 2)


class TestScheduleBeforeForming:
    @pytest.mark.parametrize(
        ("present", "summary"),
        [
            (8, "two debates one after the other: roles rotate for the second"),
            (20, "two debates side by side"),
        ],
    )
    def test_the_schedule_follows_the_participants_present(self, config, present, summary):
        setup = selectors.debate_setup(activity_id=config.activity_id)
        assert selectors.debate_schedule(setup=setup, students=present).summary == summary

    def test_without_a_motion_or_with_one_student_there_is_no_schedule(self, config):
        setup = selectors.debate_setup(activity_id=config.activity_id)
        assert selectors.debate_schedule(setup=setup, students=1) is None
        config.motions.all().delete()
        setup = selectors.debate_setup(activity_id=config.activity_id)
        assert selectors.debate_schedule(setup=setup, students=8) is None
