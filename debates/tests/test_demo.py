"""The demo lesson's debate configuration."""

from __future__ import annotations

import pytest

from classroom.demo.content import AGENDA, DEBATE_SPEAKING_SECONDS
from classroom.models import Activity
from debates.activity import speaking_time_text
from debates.demo import DEMO_MOTIONS, demo_debate_configure
from debates.models import DebateActivity, Motion, Role
from debates.services import DEFAULT_ROLES, DEFAULT_SPEAKING_SECONDS, DebateError


def snapshot(config):
    return (
        list(config.motions.values_list("position", "text")),
        list(config.roles.values_list("position", "name", "brief", "seconds")),
    )


def test_configuring_twice_gives_the_same_debate(activity):
    first = snapshot(demo_debate_configure(activity=activity))
    again = snapshot(demo_debate_configure(activity=activity))
    assert first == again
    assert DebateActivity.objects.count() == 1
    assert [text for _p, text in first[0]] == list(DEMO_MOTIONS)
    assert [name for _p, name, _b, _s in first[1]] == [name for name, _brief in DEFAULT_ROLES]


def test_edits_to_an_existing_debate_are_replaced_by_the_demo(activity, config):
    Motion.objects.create(debate=config, position=5, text="An extra motion")
    Role.objects.filter(debate=config, name="Finisher").update(brief="Something else")
    demo_debate_configure(activity=activity)
    assert config.motions.count() == len(DEMO_MOTIONS)
    finisher = config.roles.get(name="Finisher")
    assert finisher.brief != "Something else"


def test_the_demo_changes_only_the_introducer_and_finisher_briefs_from_the_defaults(activity):
    config = demo_debate_configure(activity=activity)
    briefs = dict(config.roles.values_list("name", "brief"))
    changed = {name for name, brief in DEFAULT_ROLES if briefs[name] != brief}
    assert changed == {"Introducer", "Finisher"}


def test_an_activity_of_another_kind_is_refused(lesson):
    note = Activity.objects.create(lesson=lesson, position=3, kind="note", title="A note")
    with pytest.raises(DebateError, match="is of kind 'note'"):
        demo_debate_configure(activity=note)
    assert not DebateActivity.objects.exists()


def test_the_slide_states_the_speaking_time_the_debate_runs(lesson):
    (item,) = [item for item in AGENDA if item["kind"] == "debate"]
    activity = Activity.objects.create(
        lesson=lesson,
        position=2,
        kind="debate",
        title=item["title"],
        body=item["body"],
        config=item["config"],
    )
    config = demo_debate_configure(activity=activity)
    seconds = set(config.roles.values_list("seconds", flat=True))
    assert seconds == {DEBATE_SPEAKING_SECONDS}
    # The phone's words for the time ("1 minute") are the slide's.
    slide = " ".join(item["body"].split())
    assert f"then {speaking_time_text(DEBATE_SPEAKING_SECONDS)} per speaker." in slide


def test_without_a_speaking_time_in_its_config_the_demo_debate_takes_the_default(activity):
    config = demo_debate_configure(activity=activity)
    assert set(config.roles.values_list("seconds", flat=True)) == {DEFAULT_SPEAKING_SECONDS}
