"""Debate activities: their settings, and per live session the groups, rooms, seats and votes.

The terms (team, side, seat, role, ...) are defined in :mod:`debates.formation`; the timer's
in :mod:`debates.timing`; the vote's in :mod:`debates.voting`.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from classroom.models import Activity, LiveSession, Participant

DEBATE_KIND = "debate"


class DebateActivity(models.Model):
    """The settings of an activity of kind ``debate``."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="debate")
    group_size = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(1)])
    prep_minutes = models.PositiveSmallIntegerField(default=10)
    grace_seconds = models.PositiveSmallIntegerField(
        default=15, help_text="Seconds after the speaking time before a speech is over time."
    )

    class Meta:
        verbose_name = "debate activity"
        verbose_name_plural = "debate activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(group_size__gte=1), name="debate_group_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.activity)


class Motion(models.Model):
    debate = models.ForeignKey(DebateActivity, on_delete=models.CASCADE, related_name="motions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["debate", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "position"], name="motion_position_unique_in_debate"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Role(models.Model):
    """A role of every team, in speaking order within the team; roles rotate by name."""

    debate = models.ForeignKey(DebateActivity, on_delete=models.CASCADE, related_name="roles")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    brief = models.TextField(blank=True, help_text="What the role must do, shown on phones.")
    seconds = models.PositiveSmallIntegerField(default=120, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["debate", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "position"], name="role_position_unique_in_debate"
            ),
            models.UniqueConstraint(fields=["debate", "name"], name="role_name_unique_in_debate"),
            models.CheckConstraint(condition=Q(seconds__gte=1), name="role_seconds_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Formation(models.Model):
    """The groups formed for one debate activity in one live session.

    ``roles`` and ``motions`` are copies of the activity's roles (a list of ``{"name", "brief",
    "seconds"}``) and motions (a list of texts) when the groups were formed, so later edits
    change neither a session under way nor its history. ``rules`` are the sentences that
    explain the result to the instructor. ``stages`` is fixed when the groups are first formed
    (two when a class too small for a debate per motion debates the motions one after the
    other); ``stage`` is the one under way, and ``seed`` and ``rules`` are that stage's.
    """

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="debate_formations"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    seed = models.BigIntegerField()
    group_size = models.PositiveSmallIntegerField()
    roles = models.JSONField()
    motions = models.JSONField()
    rules = models.JSONField(default=list)
    prep_seconds = models.PositiveIntegerField()
    prep_started_at = models.DateTimeField(null=True, blank=True)
    stages = models.PositiveSmallIntegerField(default=1)
    stage = models.PositiveSmallIntegerField(default=1, help_text="The stage under way, from 1.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "activity"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "activity"], name="one_formation_per_activity_per_session"
            ),
            models.CheckConstraint(
                condition=Q(stage__gte=1, stage__lte=F("stages")),
                name="formation_stage_within_its_stages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} in {self.session}"


class DebateRoom(models.Model):
    """One debate of a formation, with its own timer."""

    class State(models.TextChoices):
        PREP = "prep", "Preparing"
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        FINISHED = "finished", "Finished"

    class VoteRound(models.TextChoices):
        BEFORE = "before", "Before the debate"
        AFTER = "after", "After the debate"

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="rooms")
    number = models.PositiveSmallIntegerField(help_text="1, 2, ... within the formation.")
    stage = models.PositiveSmallIntegerField(default=1)
    motion_position = models.PositiveSmallIntegerField()
    motion = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREP)
    # The timer (see debates.timing): the current position in the speaking order and its clock.
    current_position = models.PositiveSmallIntegerField(default=0)
    speech_started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.FloatField(default=0.0)
    added_seconds = models.PositiveIntegerField(default=0)
    grace_seconds = models.PositiveSmallIntegerField(default=15)
    chair = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vote_open = models.CharField(
        max_length=10,
        choices=VoteRound.choices,
        blank=True,
        default="",
        help_text="The round the audience may vote in now; blank when voting is closed.",
    )

    class Meta:
        ordering = ["formation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["formation", "number"], name="room_number_unique_in_formation"
            ),
            models.CheckConstraint(
                condition=Q(state="paused", paused_at__isnull=False)
                | (~Q(state="paused") & Q(paused_at__isnull=True)),
                name="room_paused_at_set_exactly_when_paused",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["running", "paused"]) | Q(speech_started_at__isnull=False),
                name="room_speech_started_when_running",
            ),
        ]

    def __str__(self) -> str:
        return f"Debate {self.number}"


class Team(models.Model):
    class Side(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"

    room = models.ForeignKey(DebateRoom, on_delete=models.CASCADE, related_name="teams")
    side = models.CharField(max_length=10, choices=Side.choices)

    class Meta:
        ordering = ["room", "side"]
        constraints = [
            models.UniqueConstraint(fields=["room", "side"], name="one_team_per_side_per_room"),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.get_side_display()}"


class Seat(models.Model):
    """A participant's place in a team, one per stage. ``roles`` are positions in
    ``formation.roles``; ``order`` is the seat's position in its room's speaking order;
    ``stage`` is its room's."""

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="seats")
    room = models.ForeignKey(DebateRoom, on_delete=models.CASCADE, related_name="seats")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="debate_seats"
    )
    stage = models.PositiveSmallIntegerField(default=1)
    roles = models.JSONField()
    role_label = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField()
    seconds = models.PositiveIntegerField()
    spoken = models.BooleanField(default=False)

    class Meta:
        ordering = ["room", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["formation", "stage", "participant"],
                name="one_seat_per_participant_per_stage",
            ),
            models.UniqueConstraint(fields=["room", "order"], name="one_seat_per_speaking_slot"),
            models.CheckConstraint(condition=Q(seconds__gte=1), name="seat_seconds_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.role_label}"


class Vote(models.Model):
    """An audience member's vote in one round; a changed vote replaces the earlier one."""

    class Choice(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"
        UNDECIDED = "undecided", "Undecided"

    room = models.ForeignKey(DebateRoom, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="debate_votes"
    )
    round = models.CharField(max_length=10, choices=DebateRoom.VoteRound.choices)
    choice = models.CharField(max_length=10, choices=Choice.choices)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["room", "round", "cast_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "participant", "round"], name="one_vote_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.choice} ({self.round})"
