"""The debate's views: who may control what, bad input, CSRF, and what each screen shows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classroom.models import LiveSession, Participant
from debates import activity as debate_activity
from debates import selectors, services
from debates.models import DebateRoom, Seat, Vote

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def instructor(course):
    user = get_user_model().objects.create_user("ada", password="pw")
    course.instructors.add(user)
    return user


@pytest.fixture
def teacher(client, instructor) -> Client:
    client.force_login(instructor)
    return client


@pytest.fixture
def live(session, activity, config) -> LiveSession:
    session.current_activity = activity
    session.status = LiveSession.Status.RUNNING
    session.save()
    return session


@pytest.fixture
def guests(live):
    def make(count: int, prefix: str = "Guest") -> list[Participant]:
        start = Participant.objects.filter(session=live).count()
        return [
            Participant.objects.create(session=live, display_name=f"{prefix} {n:02d}")
            for n in range(start, start + count)
        ]

    return make


def phone_of(participant: Participant) -> Client:
    client = Client()
    store = client.session
    store[f"p:{participant.session_id}"] = participant.pk
    store.save()
    return client


def groups_url(live, activity) -> str:
    return reverse("debates:groups", args=[live.pk, activity.pk])


def room_url(room) -> str:
    return reverse("debates:room-control", args=[room.pk])


def formed(live, activity, count: int, guests) -> list[Participant]:
    people = guests(count)
    services.groups_form(session_id=live.pk, activity_id=activity.pk, seed=7)
    return people


class TestInstructorAccess:
    def test_the_instructor_forms_groups_and_sees_every_team(self, teacher, live, activity, guests):
        people = guests(10)
        response = teacher.post(groups_url(live, activity), {"action": "form"}, **HX)
        assert response.status_code == 200
        html = response.content.decode()
        for participant in people:
            assert participant.display_name in html
        for seat in Seat.objects.filter(formation__session=live):
            assert seat.role_label in html
        board = selectors.debate_board(session_id=live.pk, activity_id=activity.pk)
        assert board.rules and board.rules[0] in html

    def test_another_instructor_cannot_form_groups(self, client, live, activity, guests):
        guests(10)
        stranger = get_user_model().objects.create_user("eve", password="pw")
        client.force_login(stranger)
        response = client.post(groups_url(live, activity), {"action": "form"}, **HX)
        assert response.status_code == 404
        assert selectors.formation_id_of(session_id=live.pk, activity_id=activity.pk) is None

    def test_another_instructor_cannot_control_a_room(self, client, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        client.force_login(get_user_model().objects.create_user("eve", password="pw"))
        response = client.post(room_url(room), {"action": "start"}, **HX)
        assert response.status_code == 404
        room.refresh_from_db()
        assert room.state == DebateRoom.State.PREP

    def test_nobody_signed_in_is_sent_to_sign_in(self, client, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        response = client.post(room_url(room), {"action": "start"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        room.refresh_from_db()
        assert room.state == DebateRoom.State.PREP

    def test_a_phone_cannot_use_the_instructors_room_controls(self, live, activity, guests):
        people = formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        response = phone_of(people[0]).post(room_url(room), {"action": "start"}, **HX)
        assert response.status_code == 302
        room.refresh_from_db()
        assert room.state == DebateRoom.State.PREP


class TestTimerControls:
    def test_start_pause_and_resume_change_the_clock_attributes(
        self, teacher, live, activity, guests
    ):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        started = teacher.post(room_url(room), {"action": "start"}, **HX)
        assert started.status_code == 200
        assert 'class="countdown speech-clock"' in started.content.decode()
        assert "data-deadline=" in started.content.decode()
        paused = teacher.post(room_url(room), {"action": "pause"}, **HX)
        assert 'data-frozen-ms="' in paused.content.decode()
        room.refresh_from_db()
        assert room.state == DebateRoom.State.PAUSED
        resumed = teacher.post(room_url(room), {"action": "resume"}, **HX)
        assert resumed.status_code == 200
        room.refresh_from_db()
        assert room.state == DebateRoom.State.RUNNING

    def test_a_step_the_state_refuses_answers_400_naming_the_state(
        self, teacher, live, activity, guests
    ):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        response = teacher.post(room_url(room), {"action": "pause"}, **HX)
        assert response.status_code == 400
        assert "cannot pause debate 1: it is prep" in response.content.decode()
        room.refresh_from_db()
        assert room.state == DebateRoom.State.PREP

    def test_an_unknown_action_is_refused_by_name(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        response = teacher.post(room_url(room), {"action": "explode"}, **HX)
        assert response.status_code == 400
        assert "unknown action &#x27;explode&#x27;" in response.content.decode()

    def test_without_htmx_a_refusal_comes_back_as_a_message(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        response = teacher.post(room_url(room), {"action": "pause"}, follow=True)
        assert "cannot pause debate 1: it is prep" in response.content.decode()

    def test_next_ticks_the_speaker_on_the_dashboard(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        teacher.post(room_url(room), {"action": "start"}, **HX)
        response = teacher.post(room_url(room), {"action": "next"}, **HX)
        first = Seat.objects.get(room=room, order=0)
        assert first.spoken
        assert "1 of 10 have spoken" in response.content.decode()

    def test_added_time_moves_the_deadline_by_thirty_seconds(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        before = teacher.post(room_url(room), {"action": "start"}, **HX).content.decode()
        after = teacher.post(room_url(room), {"action": "add"}, **HX).content.decode()
        deadline = re.compile(r'data-deadline="(\d+)" data-amber="30" data-grace')
        assert int(deadline.search(after)[1]) - int(deadline.search(before)[1]) == 30_000


class TestGroupChanges:
    def test_swap_exchanges_two_students_roles(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        a, b = Seat.objects.order_by("order")[:2]
        response = teacher.post(
            groups_url(live, activity),
            {"action": "swap", "a": a.participant_id, "b": b.participant_id},
            **HX,
        )
        assert response.status_code == 200
        assert Seat.objects.get(participant_id=a.participant_id).role_label == b.role_label

    def test_swap_of_a_student_with_themself_is_refused(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        a = Seat.objects.order_by("order")[0]
        response = teacher.post(
            groups_url(live, activity),
            {"action": "swap", "a": a.participant_id, "b": a.participant_id},
            **HX,
        )
        assert response.status_code == 400
        assert "choose two different students to swap" in response.content.decode()

    def test_swap_without_a_choice_asks_for_one(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        a = Seat.objects.order_by("order")[0]
        response = teacher.post(
            groups_url(live, activity), {"action": "swap", "a": a.participant_id, "b": ""}, **HX
        )
        assert response.status_code == 400
        assert "choose the second student to swap" in response.content.decode()

    @pytest.mark.parametrize("raw", ["\u00b2", "1\u0663", "-1"])
    def test_an_id_that_is_not_plain_digits_is_refused_by_name(
        self, teacher, live, activity, guests, raw
    ):
        formed(live, activity, 10, guests)
        a = Seat.objects.order_by("order")[0]
        response = teacher.post(
            groups_url(live, activity), {"action": "swap", "a": a.participant_id, "b": raw}, **HX
        )
        assert response.status_code == 400
        assert "is not the second student to swap" in response.content.decode()

    def test_move_to_the_other_side(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        seat = Seat.objects.select_related("team").filter(team__side="for").first()
        response = teacher.post(
            groups_url(live, activity),
            {
                "action": "move",
                "participant": seat.participant_id,
                "target": f"{seat.room_id}:against",
            },
            **HX,
        )
        assert response.status_code == 200
        assert Seat.objects.get(participant_id=seat.participant_id).team.side == "against"

    def test_move_to_a_side_that_does_not_exist_is_refused(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        seat = Seat.objects.select_related("team").filter(team__side="for").first()
        response = teacher.post(
            groups_url(live, activity),
            {"action": "move", "participant": seat.participant_id, "target": f"{seat.room_id}:up"},
            **HX,
        )
        assert response.status_code == 400
        assert "a side is &#x27;for&#x27; or &#x27;against&#x27;, not &#x27;up&#x27;" in (
            response.content.decode()
        )
        assert Seat.objects.get(participant_id=seat.participant_id).team.side == "for"

    def test_a_late_arrival_gets_a_seat(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        (late,) = guests(1, prefix="Late")
        response = teacher.post(
            groups_url(live, activity), {"action": "late", "participant": late.pk}, **HX
        )
        assert response.status_code == 200
        assert Seat.objects.filter(participant=late).exists()

    def test_placing_a_late_arrival_without_choosing_one_is_refused(
        self, teacher, live, activity, guests
    ):
        formed(live, activity, 10, guests)
        guests(1, prefix="Late")
        response = teacher.post(
            groups_url(live, activity), {"action": "late", "participant": ""}, **HX
        )
        assert response.status_code == 400
        assert "choose the late arrival to place" in response.content.decode()

    def test_changes_before_the_groups_exist_are_refused(self, teacher, live, activity, guests):
        guests(10)
        response = teacher.post(groups_url(live, activity), {"action": "reshuffle"}, **HX)
        assert response.status_code == 400
        assert "the groups are not formed yet" in response.content.decode()

    def test_start_prep_shows_a_running_countdown(self, teacher, live, activity, guests):
        formed(live, activity, 10, guests)
        response = teacher.post(groups_url(live, activity), {"action": "prep"}, **HX)
        assert response.status_code == 200
        assert re.search(r'id="prep-clock" data-deadline="\d+"', response.content.decode())


class TestChair:
    def test_a_chair_controls_their_room_from_the_phone(self, live, activity, guests):
        people = formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        services.chair_assign(room_id=room.pk, participant_id=people[3].pk)
        url = reverse("debates:chair-control", args=[live.join_code, room.pk])
        response = phone_of(people[3]).post(url, {"action": "start"}, **HX)
        assert response.status_code == 200
        assert "You chair debate 1" in response.content.decode()
        room.refresh_from_db()
        assert room.state == DebateRoom.State.RUNNING

    def test_a_phone_that_is_not_the_chair_is_refused(self, live, activity, guests):
        people = formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        services.chair_assign(room_id=room.pk, participant_id=people[3].pk)
        url = reverse("debates:chair-control", args=[live.join_code, room.pk])
        response = phone_of(people[4]).post(url, {"action": "start"}, **HX)
        assert response.status_code == 403
        room.refresh_from_db()
        assert room.state == DebateRoom.State.PREP

    def test_a_chair_controls_only_their_own_room(self, live, activity, guests):
        people = formed(live, activity, 20, guests)
        first, second = DebateRoom.objects.order_by("number")
        services.chair_assign(room_id=first.pk, participant_id=people[0].pk)
        chair = phone_of(people[0])
        url = reverse("debates:chair-control", args=[live.join_code, second.pk])
        assert chair.post(url, {"action": "start"}, **HX).status_code == 403
        second.refresh_from_db()
        assert second.state == DebateRoom.State.PREP

    def test_a_chair_cannot_hand_the_chair_on(self, live, activity, guests):
        people = formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        services.chair_assign(room_id=room.pk, participant_id=people[3].pk)
        url = reverse("debates:chair-control", args=[live.join_code, room.pk])
        response = phone_of(people[3]).post(url, {"action": "chair", "chair": people[4].pk}, **HX)
        assert response.status_code == 400
        room.refresh_from_db()
        assert room.chair_id == people[3].pk

    def test_the_instructor_hands_a_room_to_a_chair_and_takes_it_back(
        self, teacher, live, activity, guests
    ):
        people = formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        teacher.post(room_url(room), {"action": "chair", "chair": people[2].pk}, **HX)
        room.refresh_from_db()
        assert room.chair_id == people[2].pk
        teacher.post(room_url(room), {"action": "chair", "chair": ""}, **HX)
        room.refresh_from_db()
        assert room.chair_id is None


class TestChairInput:
    def test_a_chair_id_that_is_not_plain_digits_is_refused_by_name(
        self, teacher, live, activity, guests
    ):
        people = formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        response = teacher.post(room_url(room), {"action": "chair", "chair": "\u00b2"}, **HX)
        assert response.status_code == 400
        assert "is not a participant to chair" in response.content.decode()
        room.refresh_from_db()
        assert room.chair_id is None
        teacher.post(room_url(room), {"action": "chair", "chair": str(people[1].pk)}, **HX)
        room.refresh_from_db()
        assert room.chair_id == people[1].pk


class TestCsrf:
    def test_a_room_control_without_the_token_is_refused(self, instructor, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        client = Client(enforce_csrf_checks=True)
        client.force_login(instructor)
        assert client.post(room_url(room), {"action": "start"}, **HX).status_code == 403
        room.refresh_from_db()
        assert room.state == DebateRoom.State.PREP

    def test_a_room_control_with_the_token_is_accepted(self, instructor, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        client = Client(enforce_csrf_checks=True)
        client.force_login(instructor)
        page = client.get(reverse("classroom:dashboard", args=[live.pk])).content.decode()
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page)[1]
        response = client.post(room_url(room), {"action": "start"}, HTTP_X_CSRFTOKEN=token, **HX)
        assert response.status_code == 200
        room.refresh_from_db()
        assert room.state == DebateRoom.State.RUNNING

    def test_a_vote_without_the_token_is_refused(self, live, activity, guests):
        formed(live, activity, 20, guests)
        room = DebateRoom.objects.order_by("number").first()
        voter = Seat.objects.exclude(room=room).first().participant
        services.vote_open(room_id=room.pk, vote_round="before")
        client = Client(enforce_csrf_checks=True)
        store = client.session
        store[f"p:{live.pk}"] = voter.pk
        store.save()
        url = reverse("debates:vote", args=[live.join_code, room.pk])
        assert client.post(url, {"choice": "for"}, **HX).status_code == 403
        assert not Vote.objects.exists()


class TestPhone:
    def test_the_phone_shows_role_brief_side_and_team_mates(self, live, activity, guests):
        people = formed(live, activity, 10, guests)
        seat = Seat.objects.select_related("team").get(participant=people[0])
        html = phone_of(people[0]).get(reverse("classroom:live", args=[live.join_code]))
        html = html.content.decode()
        brief = services.DEFAULT_ROLES[seat.roles[0]][1].replace("'", "&#x27;")
        assert seat.role_label in html and brief in html
        side = "For the motion" if seat.team.side == "for" else "Against the motion"
        assert side in html
        for mate in Seat.objects.filter(team=seat.team).exclude(pk=seat.pk):
            assert mate.participant.display_name in html

    def test_before_the_groups_the_phone_waits(self, live, guests):
        (guest,) = guests(1)
        html = phone_of(guest).get(reverse("classroom:live", args=[live.join_code]))
        assert "The groups are being formed" in html.content.decode()

    def test_the_next_speaker_is_told_with_a_vibration(self, live, activity, guests):
        people = formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        services.debate_start(room_id=room.pk)
        second = Seat.objects.get(room=room, order=1).participant
        third = Seat.objects.get(room=room, order=2).participant
        url = reverse("classroom:live", args=[live.join_code])
        assert people  # every guest is seated
        assert 'id="you-next" data-vibrate' in phone_of(second).get(url).content.decode()
        assert "you-next" not in phone_of(third).get(url).content.decode()


class TestVote:
    def vote_url(self, live, room) -> str:
        return reverse("debates:vote", args=[live.join_code, room.pk])

    def test_the_audience_votes_and_sees_its_choice_and_may_change_it(self, live, activity, guests):
        formed(live, activity, 20, guests)
        room = DebateRoom.objects.order_by("number").first()
        voter = Seat.objects.exclude(room=room).first().participant
        services.vote_open(room_id=room.pk, vote_round="before")
        phone = phone_of(voter)
        first = phone.post(self.vote_url(live, room), {"choice": "against"}, **HX)
        assert first.status_code == 200
        assert "Your vote: <strong>Against</strong>" in first.content.decode()
        again = phone.post(self.vote_url(live, room), {"choice": "for"}, **HX)
        assert "Your vote: <strong>For</strong>" in again.content.decode()
        assert list(Vote.objects.values_list("choice", flat=True)) == ["for"]

    def test_an_unknown_choice_is_refused_by_name(self, live, activity, guests):
        formed(live, activity, 20, guests)
        room = DebateRoom.objects.order_by("number").first()
        voter = Seat.objects.exclude(room=room).first().participant
        services.vote_open(room_id=room.pk, vote_round="before")
        response = phone_of(voter).post(self.vote_url(live, room), {"choice": "maybe"}, **HX)
        assert response.status_code == 400
        assert "not &#x27;maybe&#x27;" in response.content.decode()
        assert not Vote.objects.exists()

    def test_a_speaker_cannot_vote_in_their_own_debate(self, live, activity, guests):
        formed(live, activity, 20, guests)
        room = DebateRoom.objects.order_by("number").first()
        speaker = Seat.objects.filter(room=room).first().participant
        services.vote_open(room_id=room.pk, vote_round="before")
        response = phone_of(speaker).post(self.vote_url(live, room), {"choice": "for"}, **HX)
        assert response.status_code == 400
        assert "you speak in debate 1" in response.content.decode()
        assert not Vote.objects.exists()

    def test_the_projector_charts_the_swing_of_those_who_voted_twice(
        self, teacher, live, activity, guests
    ):
        formed(live, activity, 20, guests)
        room = DebateRoom.objects.order_by("number").first()
        audience = [s.participant_id for s in Seat.objects.exclude(room=room)[:3]]
        services.vote_open(room_id=room.pk, vote_round="before")
        for pk, choice in zip(audience, ("against", "against", "for"), strict=True):
            services.vote_cast(room_id=room.pk, participant_id=pk, choice=choice)
        services.debate_start(room_id=room.pk)
        services.debate_end(room_id=room.pk)
        services.vote_open(room_id=room.pk, vote_round="after")
        # The third voter does not vote again, so only the first two count.
        for pk, choice in zip(audience[:2], ("for", "against"), strict=True):
            services.vote_cast(room_id=room.pk, participant_id=pk, choice=choice)
        services.vote_close(room_id=room.pk)
        html = teacher.get(reverse("classroom:projector", args=[live.pk])).content.decode()
        assert "<svg" in html
        # Before: against 2 of 2; after: for 1, against 1 of 2.
        assert "For +50 pts" in html and "Against \u221250 pts" in html
        assert "2 voted both times; 1 voted once, not counted" in html


class TestScreens:
    def test_the_projector_lists_every_team_during_prep(self, teacher, live, activity, guests):
        people = formed(live, activity, 10, guests)
        html = teacher.get(reverse("classroom:projector", args=[live.pk])).content.decode()
        assert "Prepare your case" in html
        for participant in people:
            assert participant.display_name in html

    def test_the_dashboard_names_who_never_spoke_once_debates_end(
        self, teacher, live, activity, guests
    ):
        people = formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        services.debate_start(room_id=room.pk)
        services.debate_next(room_id=room.pk)
        services.debate_end(room_id=room.pk)
        # Ten students debate the two motions one after the other: the second one ends unheard.
        services.stage_advance(formation_id=room.formation_id)
        services.debate_end(room_id=DebateRoom.objects.get(stage=2).pk)
        html = teacher.get(reverse("classroom:dashboard", args=[live.pk])).content.decode()
        section = html.split("Never spoke in this session", 1)[1].split("</section>", 1)[0]
        spoke = {s.participant.display_name for s in Seat.objects.filter(spoken=True)}
        assert len(spoke) == 2
        for participant in people:
            assert (participant.display_name in section) == (participant.display_name not in spoke)

    def test_a_phone_poll_takes_a_bounded_number_of_queries(
        self, live, activity, guests, django_assert_max_num_queries
    ):
        people = formed(live, activity, 10, guests)
        services.debate_start(room_id=DebateRoom.objects.get().pk)
        phone = phone_of(people[0])
        url = reverse("classroom:live-poll", args=[live.join_code])
        with django_assert_max_num_queries(12):
            assert phone.get(url, {"v": "0"}, **HX).status_code == 200


class TestClockAttributes:
    def test_a_running_deadline_is_now_plus_what_remains(self, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        start = timezone.now()
        services.debate_start(room_id=room.pk, now=start)
        services.debate_pause(room_id=room.pk, now=start + timedelta(seconds=20))
        services.debate_resume(room_id=room.pk, now=start + timedelta(seconds=50))
        services.debate_add_time(room_id=room.pk, now=start + timedelta(seconds=55))
        later = start + timedelta(seconds=70)
        timer = selectors.room_timer(room_id=room.pk, now=later)
        clock = debate_activity.speech_clock(timer)
        assert clock.deadline_ms - later.timestamp() * 1000 == pytest.approx(
            timer["remaining"] * 1000, abs=1
        )

    def test_a_paused_clock_is_frozen_at_what_remains(self, live, activity, guests):
        formed(live, activity, 10, guests)
        room = DebateRoom.objects.get()
        start = timezone.now()
        services.debate_start(room_id=room.pk, now=start)
        services.debate_pause(room_id=room.pk, now=start + timedelta(seconds=20))
        timer = selectors.room_timer(room_id=room.pk, now=start + timedelta(seconds=90))
        clock = debate_activity.speech_clock(timer)
        assert clock.deadline_ms is None
        assert clock.frozen_ms == round(timer["remaining"] * 1000)


class TestStages:
    def dashboard(self, teacher, live) -> str:
        return teacher.get(reverse("classroom:dashboard", args=[live.pk])).content.decode()

    @pytest.mark.parametrize(
        ("present", "plan"),
        [
            (8, "two debates one after the other: roles rotate for the second"),
            (20, "two debates side by side"),
        ],
    )
    def test_the_dashboard_says_what_will_happen_before_forming(
        self, teacher, live, guests, present, plan
    ):
        guests(present)
        html = self.dashboard(teacher, live)
        assert f"{present} participants present: <strong>{plan}</strong>" in html
        assert 'id="form-groups"' in html

    def test_the_second_motion_is_offered_once_the_first_is_over_and_phones_get_new_roles(
        self, teacher, live, activity, guests
    ):
        people = formed(live, activity, 8, guests)
        first = DebateRoom.objects.get()
        before = Seat.objects.get(participant=people[0])
        assert 'id="next-stage"' not in self.dashboard(teacher, live)
        services.debate_start(room_id=first.pk)
        services.debate_end(room_id=first.pk)
        html = self.dashboard(teacher, live)
        assert "▶ Start the second motion: debate 2, roles rotate" in html
        response = teacher.post(groups_url(live, activity), {"action": "next-stage"}, **HX)
        assert response.status_code == 200
        assert 'id="next-stage"' not in response.content.decode()
        second = DebateRoom.objects.get(stage=2)
        assert "now the second motion (2 of 2)" in response.content.decode()
        after = Seat.objects.get(participant=people[0], stage=2)
        phone = phone_of(people[0]).get(reverse("classroom:live", args=[live.join_code]))
        phone = phone.content.decode()
        assert f"Debate {second.number}" in phone
        assert f'id="my-role">{after.role_label}<' in phone
        assert f"In the debate before you were {before.role_label}" in phone

    def test_the_second_motion_before_the_first_is_over_is_refused_by_name(
        self, teacher, live, activity, guests
    ):
        formed(live, activity, 8, guests)
        services.debate_start(room_id=DebateRoom.objects.get().pk)
        response = teacher.post(groups_url(live, activity), {"action": "next-stage"}, **HX)
        assert response.status_code == 400
        assert "cannot start the next motion: debate 1 is running" in response.content.decode()
        assert DebateRoom.objects.count() == 1

    def test_a_phone_is_told_the_second_motion_follows(self, live, activity, guests):
        people = formed(live, activity, 8, guests)
        room = DebateRoom.objects.get()
        services.debate_start(room_id=room.pk)
        services.debate_end(room_id=room.pk)
        html = phone_of(people[0]).get(reverse("classroom:live", args=[live.join_code]))
        assert "Next, the second motion." in html.content.decode()

    def test_the_projector_announces_the_second_motion_and_its_preparation(
        self, teacher, live, activity, guests
    ):
        formed(live, activity, 8, guests)
        room = DebateRoom.objects.get()
        services.debate_start(room_id=room.pk)
        services.debate_end(room_id=room.pk)
        url = reverse("classroom:projector", args=[live.pk])
        assert "Next: the second motion, with new roles" in teacher.get(url).content.decode()
        services.stage_advance(formation_id=room.formation_id)
        html = teacher.get(url).content.decode()
        assert "Prepare the second motion: new roles" in html
        for seat in Seat.objects.filter(stage=2).select_related("participant"):
            assert seat.participant.display_name in html


class TestSpeakingTime:
    @pytest.mark.parametrize(
        ("seconds", "words"),
        [(60, "1 minute"), (120, "2 minutes"), (45, "45 seconds"), (90, "90 seconds"),
         (150, "2 min 30 s")],
    )  # fmt: skip
    def test_a_speaking_time_reads_as_a_person_says_it(self, seconds, words):
        assert debate_activity.speaking_time_text(seconds) == words

    def test_the_role_card_shows_the_speaking_time_large(self, live, activity, config, guests):
        config.roles.update(seconds=60)
        people = formed(live, activity, 9, guests)  # a team of four merges two roles
        url = reverse("classroom:live", args=[live.join_code])
        for person in people:
            seat = Seat.objects.get(participant=person)
            html = phone_of(person).get(url).content.decode()
            words = "2 minutes" if len(seat.roles) == 2 else "1 minute"
            assert f'<strong class="speak-time-value">{words}</strong>' in html
