"""Aggregates of the event log, filled incrementally so the figures stay fast as years
of events accumulate. Nothing here is a source of truth: `porras insight refill` can
rebuild it from the event log at any time."""

from django.db import models

from porras.people.models import County, Team


class FillState(models.Model):
    """How far an aggregate has read the event log: every event up to `last_event_id`."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    filled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ≤ {self.last_event_id}"


class WeeklyCount(models.Model):
    """The number of events of one activity in one ISO week (Helsinki time), by team,
    outcome (of a matter ending in guidance) and kind of the matter."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, related_name="+")
    week = models.DateField()
    activity = models.CharField(max_length=64)
    outcome = models.CharField(max_length=16, blank=True)
    kind = models.CharField(max_length=32, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["county", "team", "week", "activity", "outcome", "kind"],
                condition=models.Q(team__isnull=False),
                name="insight_weekly_count_once",
            ),
            models.UniqueConstraint(
                fields=["county", "week", "activity", "outcome", "kind"],
                condition=models.Q(team__isnull=True),
                name="insight_weekly_count_once_teamless",
            ),
        ]
        indexes = [models.Index(fields=["county", "week"])]

    def __str__(self) -> str:
        return f"{self.week} {self.activity} {self.count}"


class Trace(models.Model):
    """One matter's trace as the flow analysis sees it (the case notion of `traces`):
    when it started and last moved, its path of activity codes, its team and kind."""

    trace = models.UUIDField(primary_key=True)
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    started = models.DateTimeField()
    ended = models.DateTimeField()
    events = models.PositiveIntegerField()
    path = models.TextField()
    first_activity = models.CharField(max_length=64)
    last_activity = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["county", "started"])]

    def __str__(self) -> str:
        return str(self.trace)


class TraceStep(models.Model):
    """One step of a trace directly followed by another, with the wait between them;
    the trace's team, kind and start beside it so the flow filters without a join."""

    trace = models.ForeignKey(Trace, on_delete=models.CASCADE, related_name="steps")
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    started = models.DateTimeField()
    source = models.CharField(max_length=64)
    target = models.CharField(max_length=64)
    seconds = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["county", "started"])]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
