"""Members' time assembled from queue_log: log-in sessions and pauses."""

from __future__ import annotations

from django.db import models


class AgentSession(models.Model):
    """A dynamic member's login to a queue: ADDMEMBER until REMOVEMEMBER (ended_at null while logged in).

    ADDMEMBER/REMOVEMEMBER name the member by interface; ``agent`` holds the configured member name when
    the interface belongs to a known agent, else the interface as written.
    """

    server = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    interface = models.CharField(max_length=128)
    agent = models.CharField(max_length=128)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["agent", "started_at"], name="stats_session_agent"),
            # The loader deletes and rebuilds a server's sessions from a time on, every batch.
            models.Index(fields=["server", "started_at"], name="stats_session_server"),
        ]
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.agent} in {self.queue} from {self.started_at}"


class Pause(models.Model):
    """A pause of a member in a queue, from PAUSE to the next UNPAUSE (or the next PAUSE with another reason)."""

    server = models.CharField(max_length=64)
    queue = models.CharField(max_length=128)
    agent = models.CharField(max_length=128)
    agent_ref = models.ForeignKey(
        "agents.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    reason = models.CharField(max_length=128, blank=True)
    paid = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["agent", "started_at"], name="stats_pause_agent"),
            # The loader deletes and rebuilds a server's pauses from a time on, every batch.
            models.Index(fields=["server", "started_at"], name="stats_pause_server"),
        ]
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.agent} paused ({self.reason}) from {self.started_at}"
