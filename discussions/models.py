"""A discussion's replies."""

from django.db import models
from django.db.models import Q

from classroom.models import Activity, LiveSession, Participant

REPLY_MAX = 280


class Reply(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="replies")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="replies")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="replies")
    text = models.CharField(max_length=REPLY_MAX)
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The phone's idempotency key for the request that sent it: a resent request stores nothing.
    key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "replies"
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "key"], condition=~Q(key=""), name="reply_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]
