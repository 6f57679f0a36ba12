"""The debate services: state transitions, refusals naming the state, and what they write."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from classroom.models import LiveSession, Participant
from debates import services, timing
from debates.formation import role_groups
from debates.models import DebateRoom, Formation, Motion, Seat, Vote
from debates.services import DebateError
from debates.snapshots import timer_state

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def version(session) -> int:
    return LiveSession.objects.get(pk=session.pk).version


def form(session, activity, seed=1, **kwargs) -> Formation:
    return services.groups_form(session_id=session.pk, activity_id=activity.pk, seed=seed, **kwargs)


def assert_seats_valid(formation: Formation) -> None:
    for room in formation.rooms.all():
        orders = sorted(room.seats.values_list("order", flat=True))
        assert orders == list(range(len(orders))), "speaking order has no gaps"
        for team in room.teams.all():
            groups = sorted(tuple(r) for r in team.seats.values_list("roles", flat=True))
            assert groups == sorted(role_groups(len(groups), len(formation.roles)))


@pytest.fixture
def formed(session, config, phones) -> Formation:
    phones(20)
    return form(session, config.activity)


def room(formed, number=1) -> DebateRoom:
    return formed.rooms.get(number=number)


class TestGroupsForm:
    def test_every_present_participant_gets_exactly_one_seat(self, session, config, phones):
        present = phones(23)
        formation = form(session, config.activity)
        seated = Counter(formation.seats.values_list("participant_id", flat=True))
        assert seated == Counter(p.pk for p in present)
        assert formation.rooms.count() == 2
        assert_seats_valid(formation)

    def test_only_the_listed_participants_are_seated(self, session, config, phones):
        present = phones(12)
        formation = form(session, config.activity, participant_ids=[p.pk for p in present[:10]])
        assert formation.seats.count() == 10

    def test_rooms_take_the_motions_in_turn_and_keep_their_text(self, session, config, phones):
        phones(20)
        formation = form(session, config.activity)
        texts = list(config.motions.values_list("text", flat=True))
        assert list(formation.rooms.values_list("motion", flat=True)) == texts

    def test_a_merged_seat_speaks_with_the_speaking_times_added(self, session, config, phones):
        config.roles.filter(name="Argument 3").update(seconds=90)
        phones(9)
        formation = form(session, config.activity)
        merged = formation.seats.get(roles=[2, 3])
        assert merged.seconds == 120 + 90
        assert merged.role_label == "Argument 2 + Argument 3"

    def test_phones_are_told(self, session, config, phones):
        phones(10)
        before = version(session)
        form(session, config.activity)
        assert version(session) == before + 1

    def test_forming_twice_is_refused(self, formed, session, config):
        with pytest.raises(DebateError, match=f"already formed \\(seed {formed.seed}\\)"):
            form(session, config.activity)

    def test_a_debate_without_a_motion_is_refused(self, session, config, phones):
        phones(10)
        Motion.objects.filter(debate=config).delete()
        with pytest.raises(DebateError, match="no motion"):
            form(session, config.activity)
        assert not Formation.objects.exists()

    def test_one_participant_is_refused(self, session, config, phones):
        phones(1)
        with pytest.raises(DebateError, match="at least 2 students present; there are 1"):
            form(session, config.activity)
        assert not Formation.objects.exists()

    def test_a_participant_of_another_session_is_refused(self, session, config, phones, lesson):
        present = phones(10)
        other = LiveSession.objects.create(lesson=lesson, join_code="HJKMNP")
        stranger = Participant.objects.create(session=other, display_name="Zed")
        ids = [p.pk for p in present] + [stranger.pk]
        with pytest.raises(DebateError, match=f"participants \\[{stranger.pk}\\] are not in"):
            form(session, config.activity, participant_ids=ids)

    def test_an_activity_of_another_kind_is_refused(self, session, lesson, phones):
        phones(10)
        note = lesson.activities.create(position=2, kind="note", title="Note")
        with pytest.raises(DebateError, match="is of kind 'note', not 'debate'"):
            form(session, note)

    def test_rostered_students_rotate_roles_across_sessions_of_the_course(
        self, session, config, lesson, make_students, join
    ):
        students = make_students(20)
        first = form(
            session, config.activity, participant_ids=[p.pk for p in join(session, students)]
        )
        earlier = {
            seat.participant.student_id: seat.roles
            for seat in first.seats.select_related("participant")
        }
        later = LiveSession.objects.create(lesson=lesson, join_code="QRTUVW")
        second = form(
            later, config.activity, seed=2, participant_ids=[p.pk for p in join(later, students)]
        )
        for seat in second.seats.select_related("participant"):
            assert not set(seat.roles) & set(earlier[seat.participant.student_id])


class TestGroupsReshuffle:
    def test_a_reshuffle_regroups_the_same_participants_with_a_new_seed(self, formed):
        seated = set(formed.seats.values_list("participant_id", flat=True))
        services.groups_reshuffle(formation_id=formed.pk, seed=99)
        formed.refresh_from_db()
        assert formed.seed == 99
        assert set(formed.seats.values_list("participant_id", flat=True)) == seated
        assert_seats_valid(formed)

    def test_a_reshuffle_after_a_debate_started_is_refused(self, formed):
        services.debate_start(room_id=room(formed, 2).pk, now=T0)
        with pytest.raises(DebateError, match="debate 2 is running"):
            services.groups_reshuffle(formation_id=formed.pk, seed=99)
        assert Formation.objects.get(pk=formed.pk).seed == formed.seed


class TestSeatChanges:
    def test_a_swap_exchanges_seats(self, formed):
        a = room(formed, 1).seats.first()
        b = room(formed, 2).seats.last()
        services.seat_swap(
            formation_id=formed.pk, participant_a=a.participant_id, participant_b=b.participant_id
        )
        moved = Seat.objects.get(participant_id=a.participant_id)
        assert (moved.room_id, moved.roles) == (b.room_id, b.roles)
        assert_seats_valid(formed)

    def test_a_move_rederives_roles_of_both_teams(self, formed):
        mover = room(formed, 1).seats.first()
        target = room(formed, 2)
        services.seat_move(
            formation_id=formed.pk,
            participant_id=mover.participant_id,
            room_id=target.pk,
            side="against",
        )
        seat = Seat.objects.get(participant_id=mover.participant_id)
        assert (seat.room_id, seat.team.side) == (target.pk, "against")
        assert target.teams.get(side="against").seats.count() == 6
        assert_seats_valid(formed)

    def test_a_move_to_a_running_debate_is_refused(self, formed):
        mover = room(formed, 1).seats.first()
        services.debate_start(room_id=room(formed, 2).pk, now=T0)
        with pytest.raises(DebateError, match="debate 2 is running"):
            services.seat_move(
                formation_id=formed.pk,
                participant_id=mover.participant_id,
                room_id=room(formed, 2).pk,
                side="for",
            )

    def test_a_late_arrival_is_seated_in_a_preparing_debate(self, formed, phones):
        (late,) = phones(1)
        services.debate_start(room_id=room(formed, 1).pk, now=T0)
        seat = services.late_arrival_place(formation_id=formed.pk, participant_id=late.pk)
        assert seat.room.number == 2
        assert_seats_valid(formed)

    def test_a_late_arrival_when_every_debate_started_is_refused(self, formed, phones):
        (late,) = phones(1)
        for number in (1, 2):
            services.debate_start(room_id=room(formed, number).pk, now=T0)
        with pytest.raises(DebateError, match="debate 1 is running, debate 2 is running"):
            services.late_arrival_place(formation_id=formed.pk, participant_id=late.pk)
        assert not Seat.objects.filter(participant=late).exists()

    def test_a_participant_holds_one_seat_in_a_stage_in_the_database(self, formed):
        seat = room(formed, 1).seats.first()
        with pytest.raises(IntegrityError), transaction.atomic():
            Seat.objects.create(
                formation=formed,
                room=seat.room,
                team=seat.team,
                participant=seat.participant,
                roles=[0],
                role_label="Introducer",
                order=99,
                seconds=120,
            )


class TestPrep:
    def test_prep_starts_once(self, formed):
        services.prep_start(formation_id=formed.pk, now=T0)
        with pytest.raises(DebateError, match="preparation already started at 10:00:00"):
            services.prep_start(formation_id=formed.pk, now=at(5))


class TestTimer:
    def test_start_pause_resume_and_added_time_keep_the_clock(self, formed, session):
        pk = room(formed).pk
        before = version(session)
        services.debate_start(room_id=pk, now=T0)
        services.debate_pause(room_id=pk, now=at(30))
        services.debate_resume(room_id=pk, now=at(90))
        services.debate_add_time(room_id=pk, now=at(95))
        r = DebateRoom.objects.get(pk=pk)
        assert (r.state, r.paused_seconds, r.added_seconds) == ("running", 60, 30)
        state = timer_state(r, list(r.seats.order_by("order")))
        assert timing.remaining(state, at(100).timestamp()) == 120 + 30 - 40
        assert version(session) == before + 4

    def test_next_ticks_the_speaker_and_the_last_next_finishes(self, formed):
        pk = room(formed).pk
        services.debate_start(room_id=pk, now=T0)
        count = room(formed).seats.count()
        for i in range(count):
            services.debate_next(room_id=pk, now=at(10 * (i + 1)))
        r = DebateRoom.objects.get(pk=pk)
        assert r.state == "finished"
        assert not r.seats.filter(spoken=False).exists()

    def test_back_unticks_the_previous_speaker(self, formed):
        pk = room(formed).pk
        services.debate_start(room_id=pk, now=T0)
        services.debate_next(room_id=pk, now=at(10))
        services.debate_back(room_id=pk, now=at(20))
        r = DebateRoom.objects.get(pk=pk)
        assert r.current_position == 0
        assert not r.seats.filter(spoken=True).exists()

    def test_back_at_the_first_speaker_is_refused(self, formed):
        pk = room(formed).pk
        services.debate_start(room_id=pk, now=T0)
        with pytest.raises(DebateError, match="first speaker has the floor"):
            services.debate_back(room_id=pk, now=at(5))

    @pytest.mark.parametrize(
        "control",
        [
            services.debate_pause,
            services.debate_resume,
            services.debate_next,
            services.debate_add_time,
        ],
    )
    def test_controls_before_the_start_are_refused_naming_prep(self, formed, control):
        with pytest.raises(DebateError, match="debate 1: it is prep"):
            control(room_id=room(formed).pk, now=T0)

    def test_resume_while_running_is_refused_and_pause_is_allowed(self, formed):
        pk = room(formed).pk
        services.debate_start(room_id=pk, now=T0)
        with pytest.raises(DebateError, match="cannot resume debate 1: it is running"):
            services.debate_resume(room_id=pk, now=at(1))
        assert services.debate_pause(room_id=pk, now=at(1)).state == "paused"

    def test_starting_a_finished_debate_is_refused(self, formed):
        pk = room(formed).pk
        services.debate_end(room_id=pk, now=T0)
        with pytest.raises(DebateError, match="cannot start debate 1: it is finished"):
            services.debate_start(room_id=pk, now=at(1))

    def test_end_ticks_a_speaker_who_has_been_speaking(self, formed):
        pk = room(formed).pk
        services.debate_start(room_id=pk, now=T0)
        services.debate_end(room_id=pk, now=at(40))
        assert room(formed).seats.get(order=0).spoken


class TestChair:
    def test_a_participant_of_the_session_can_chair(self, formed):
        chair = room(formed).seats.first().participant
        assert (
            services.chair_assign(room_id=room(formed).pk, participant_id=chair.pk).chair == chair
        )
        assert services.chair_assign(room_id=room(formed).pk, participant_id=None).chair is None

    def test_a_stranger_cannot_chair(self, formed, lesson):
        other = LiveSession.objects.create(lesson=lesson, join_code="HJKMNP")
        stranger = Participant.objects.create(session=other, display_name="Zed")
        with pytest.raises(DebateError, match="are not in live session"):
            services.chair_assign(room_id=room(formed).pk, participant_id=stranger.pk)


class TestVote:
    @pytest.fixture
    def audience(self, formed):
        """Debate 1's room, and the debaters of debate 2 as its audience."""
        return room(formed, 1), [s.participant_id for s in room(formed, 2).seats.all()]

    def test_a_changed_vote_replaces_the_earlier_one(self, audience):
        r, voters = audience
        services.vote_open(room_id=r.pk, vote_round="before")
        services.vote_cast(room_id=r.pk, participant_id=voters[0], choice="for")
        services.vote_cast(room_id=r.pk, participant_id=voters[0], choice="against")
        assert list(Vote.objects.values_list("round", "choice")) == [("before", "against")]

    def test_a_vote_does_not_make_every_phone_refetch(self, audience, session):
        r, voters = audience
        services.vote_open(room_id=r.pk, vote_round="before")
        before = version(session)
        services.vote_cast(room_id=r.pk, participant_id=voters[0], choice="for")
        assert version(session) == before

    def test_a_vote_when_closed_is_refused(self, audience):
        r, voters = audience
        with pytest.raises(DebateError, match="voting in debate 1 is closed"):
            services.vote_cast(room_id=r.pk, participant_id=voters[0], choice="for")

    def test_a_speaker_of_the_debate_cannot_vote_in_it(self, audience):
        r, _voters = audience
        services.vote_open(room_id=r.pk, vote_round="before")
        speaker = r.seats.first().participant_id
        with pytest.raises(DebateError, match="you speak in debate 1; its audience votes"):
            services.vote_cast(room_id=r.pk, participant_id=speaker, choice="for")

    def test_an_unknown_choice_is_refused(self, audience):
        r, voters = audience
        services.vote_open(room_id=r.pk, vote_round="before")
        with pytest.raises(DebateError, match="not 'maybe'"):
            services.vote_cast(room_id=r.pk, participant_id=voters[0], choice="maybe")

    def test_the_before_vote_closes_when_the_debate_starts(self, audience):
        r, _voters = audience
        services.vote_open(room_id=r.pk, vote_round="before")
        assert services.debate_start(room_id=r.pk, now=T0).vote_open == ""

    def test_the_after_vote_opens_only_once_finished(self, audience):
        r, _voters = audience
        services.debate_start(room_id=r.pk, now=T0)
        with pytest.raises(DebateError, match="opens when debate 1 is finished; it is running"):
            services.vote_open(room_id=r.pk, vote_round="after")
        services.debate_end(room_id=r.pk, now=at(10))
        assert services.vote_open(room_id=r.pk, vote_round="after").vote_open == "after"

    def test_closing_a_closed_vote_is_refused(self, audience):
        r, _voters = audience
        with pytest.raises(DebateError, match="no vote of debate 1 is open"):
            services.vote_close(room_id=r.pk)

    def test_one_vote_per_round_in_the_database(self, audience):
        r, voters = audience
        Vote.objects.create(room=r, participant_id=voters[0], round="before", choice="for")
        with pytest.raises(IntegrityError), transaction.atomic():
            Vote.objects.create(room=r, participant_id=voters[0], round="before", choice="against")


class TestStages:
    """Both motions in every class: a class too small for a debate per motion debates them one
    after the other, everyone seated again with the roles rotated."""

    @pytest.fixture
    def eight(self, session, config, phones) -> Formation:
        phones(8)
        return form(session, config.activity)

    def finish(self, formation: Formation, number: int) -> None:
        services.debate_start(room_id=room(formation, number).pk, now=T0)
        services.debate_end(room_id=room(formation, number).pk, now=at(30))

    def test_eight_participants_debate_the_first_motion_now_and_the_second_after(self, eight):
        assert (eight.stage, eight.stages) == (1, 2)
        (only,) = eight.rooms.all()
        assert (only.number, only.stage, only.motion_position) == (1, 1, 0)
        assert eight.seats.filter(stage=1).count() == 8
        assert any("Two debates one after the other" in rule for rule in eight.rules)

    def test_twenty_participants_debate_both_motions_side_by_side(self, formed):
        assert (formed.stage, formed.stages) == (1, 1)
        assert list(formed.rooms.values_list("stage", "motion_position")) == [(1, 0), (1, 1)]

    def test_the_second_motion_seats_everyone_present_again_with_new_roles(
        self, eight, session, phones
    ):
        services.prep_start(formation_id=eight.pk, now=T0)
        self.finish(eight, 1)
        (late,) = phones(1)
        before = version(session)
        services.stage_advance(formation_id=eight.pk, seed=5)
        eight.refresh_from_db()
        assert (eight.stage, eight.prep_started_at, eight.seed) == (2, None, 5)
        second = room(eight, 2)
        assert (second.stage, second.state, second.motion) == (2, "prep", eight.motions[1])
        first_roles = dict(eight.seats.filter(stage=1).values_list("participant_id", "roles"))
        second_roles = dict(eight.seats.filter(stage=2).values_list("participant_id", "roles"))
        assert set(second_roles) == {*first_roles, late.pk}
        for participant, roles in first_roles.items():
            assert not set(roles) & set(second_roles[participant]), participant
        assert_seats_valid(eight)
        assert version(session) == before + 1

    def test_the_second_motion_while_the_first_runs_is_refused_naming_its_state(self, eight):
        services.debate_start(room_id=room(eight, 1).pk, now=T0)
        with pytest.raises(DebateError, match="cannot start the next motion: debate 1 is running"):
            services.stage_advance(formation_id=eight.pk)
        assert eight.rooms.count() == 1
        services.debate_end(room_id=room(eight, 1).pk, now=at(30))
        services.stage_advance(formation_id=eight.pk)
        assert eight.rooms.count() == 2

    def test_there_is_no_stage_after_the_last(self, eight):
        self.finish(eight, 1)
        services.stage_advance(formation_id=eight.pk)
        self.finish(eight, 2)
        with pytest.raises(DebateError, match="under way are the last: all 2 stages"):
            services.stage_advance(formation_id=eight.pk)

    def test_debates_side_by_side_have_no_next_stage(self, formed):
        for number in (1, 2):
            self.finish(formed, number)
        with pytest.raises(DebateError, match="under way are the last: all 1 stage of"):
            services.stage_advance(formation_id=formed.pk)

    def test_a_debate_of_the_stage_before_cannot_be_run_again(self, eight):
        self.finish(eight, 1)
        services.stage_advance(formation_id=eight.pk)
        with pytest.raises(DebateError, match="debate 1 is over: the class has moved on"):
            services.debate_back(room_id=room(eight, 1).pk, now=at(60))
        assert room(eight, 1).state == "finished"

    def test_an_open_vote_of_the_first_debate_closes_when_the_second_begins(self, eight):
        self.finish(eight, 1)
        services.vote_open(room_id=room(eight, 1).pk, vote_round="after")
        services.stage_advance(formation_id=eight.pk)
        assert room(eight, 1).vote_open == ""

    def test_a_reshuffle_of_the_second_motion_keeps_the_first_and_the_rotation(self, eight):
        self.finish(eight, 1)
        services.stage_advance(formation_id=eight.pk, seed=5)
        first = list(eight.seats.filter(stage=1).values_list("pk", "roles"))
        services.groups_reshuffle(formation_id=eight.pk, seed=6)
        assert list(eight.seats.filter(stage=1).values_list("pk", "roles")) == first
        before = dict(eight.seats.filter(stage=1).values_list("participant_id", "roles"))
        for participant, roles in eight.seats.filter(stage=2).values_list(
            "participant_id", "roles"
        ):
            assert not set(roles) & set(before[participant])
        assert list(eight.rooms.values_list("number", "stage")) == [(1, 1), (2, 2)]

    def test_changes_by_hand_apply_to_the_second_motion(self, eight, phones):
        self.finish(eight, 1)
        services.stage_advance(formation_id=eight.pk)
        (late,) = phones(1)
        seat = services.late_arrival_place(formation_id=eight.pk, participant_id=late.pk)
        assert (seat.stage, seat.room.number) == (2, 2)
        a, b = room(eight, 2).seats.all()[:2]
        services.seat_swap(
            formation_id=eight.pk, participant_a=a.participant_id, participant_b=b.participant_id
        )
        assert Seat.objects.get(stage=2, participant_id=a.participant_id).roles == b.roles

    def test_a_participant_holds_one_seat_per_stage_in_the_database(self, eight):
        seat = room(eight, 1).seats.first()
        fields = {
            "formation": eight,
            "room": seat.room,
            "team": seat.team,
            "participant": seat.participant,
            "roles": [0],
            "role_label": "Introducer",
            "seconds": 120,
        }
        Seat.objects.create(stage=2, order=98, **fields)
        with pytest.raises(IntegrityError), transaction.atomic():
            Seat.objects.create(stage=1, order=99, **fields)
