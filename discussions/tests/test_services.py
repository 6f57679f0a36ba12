"""The discussion's writes: a reply is stored only while the discussion is current, and only
as text a person typed."""

from __future__ import annotations

import pytest

from classroom import services as core
from classroom.kinds import BadInput, TransitionError
from classroom.models import Participant
from discussions import services
from discussions.models import REPLY_MAX, Reply


@pytest.fixture
def phone(session) -> Participant:
    return core.participant_join_guest(session=session, display_name="Bo")


@pytest.fixture
def discussing(session):
    discussion = session.lesson.activities.get(kind="discussion")
    return core.live_session_goto(session=session, activity_id=discussion.pk)


class TestReplyCreate:
    def test_a_reply_to_the_current_discussion_is_stored(self, discussing, phone):
        reply = services.reply_create(session=discussing, participant=phone, text=" Why? ")
        assert Reply.objects.get() == reply
        assert (reply.text, reply.activity_id) == ("Why?", discussing.current_activity_id)

    def test_a_reply_when_another_activity_is_current_is_refused(self, session, phone):
        note = session.lesson.activities.get(title="Sigmoid")
        session = core.live_session_goto(session=session, activity_id=note.pk)
        with pytest.raises(TransitionError, match="the discussion is not open any more"):
            services.reply_create(session=session, participant=phone, text="Why?")
        assert not Reply.objects.exists()

    @pytest.mark.parametrize(
        ("text", "said"),
        [
            ("   ", "type a reply first"),
            ("x" * (REPLY_MAX + 1), f"at most {REPLY_MAX} characters"),
            ("null\x00byte", "cannot be shown"),
        ],
    )
    def test_a_bad_text_is_refused_by_name_and_not_stored(self, discussing, phone, text, said):
        with pytest.raises(BadInput, match=said):
            services.reply_create(session=discussing, participant=phone, text=text)
        assert not Reply.objects.exists()

    def test_the_longest_allowed_reply_is_stored(self, discussing, phone):
        services.reply_create(session=discussing, participant=phone, text="x" * REPLY_MAX)
        assert Reply.objects.get().text == "x" * REPLY_MAX


class TestReplyResent:
    def test_a_request_sent_again_with_its_key_stores_one_reply(self, discussing, phone):
        first = services.reply_create(session=discussing, participant=phone, text="a", key="k1")
        again = services.reply_create(session=discussing, participant=phone, text="a", key="k1")
        assert again.pk == first.pk
        assert Reply.objects.count() == 1

    def test_two_requests_with_their_own_keys_store_two_replies(self, discussing, phone):
        services.reply_create(session=discussing, participant=phone, text="a", key="k1")
        services.reply_create(session=discussing, participant=phone, text="a", key="k2")
        assert Reply.objects.count() == 2

    def test_a_resend_after_the_discussion_moved_on_is_still_acknowledged(self, discussing, phone):
        first = services.reply_create(session=discussing, participant=phone, text="a", key="k1")
        note = discussing.lesson.activities.get(title="Softmax")
        moved = core.live_session_goto(session=discussing, activity_id=note.pk)
        assert services.reply_create(session=moved, participant=phone, text="a", key="k1") == first
        with pytest.raises(TransitionError):
            services.reply_create(session=moved, participant=phone, text="a", key="k2")

    def test_the_database_refuses_the_same_key_twice(self, discussing, phone):
        from django.db import IntegrityError, transaction

        reply = services.reply_create(session=discussing, participant=phone, text="a", key="k1")
        reply.pk = None
        with pytest.raises(IntegrityError), transaction.atomic():
            reply.save()


class TestReplySetHidden:
    def test_hiding_and_showing_again(self, discussing, phone):
        reply = services.reply_create(session=discussing, participant=phone, text="off topic")
        services.reply_set_hidden(reply=reply, hidden=True)
        assert Reply.objects.get().hidden
        services.reply_set_hidden(reply=reply, hidden=False)
        assert not Reply.objects.get().hidden
