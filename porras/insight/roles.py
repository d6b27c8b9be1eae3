"""The role table (seed 003): decisions made and clients met per person and month, by
role, beside the figures seed 003 reports for Seinäjoki's adult social work."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from porras.casework.models import Appointment, AppointmentStatus
from porras.eventlog.activities import Activity
from porras.eventlog.models import Event
from porras.insight.traces import Scope
from porras.people.models import Role, Worker

# Seed 003: a month's decisions and clients met per person in Seinäjoki.
SEINAJOKI = {
    Role.SOCIAL_WORKER: {"decisions": 115, "met": 23},
    Role.COUNSELLOR: {"decisions": 141, "met": 32},
    Role.BENEFIT_HANDLER: {"decisions": 146, "met": 11},
}


def role_table(scope: Scope) -> list[dict]:
    """Per month (newest first) and role: each person's decisions and the different
    clients they met (a kept appointment with the client, each of its workers; the
    personal discussion of income support), and the role's mean per person beside
    Seinäjoki's. Four queries."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.since.replace(day=1), dt.time(), tzinfo=zone)
    end = dt.datetime.combine(scope.until + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    events = Event.objects.filter(
        county_id=scope.county_id, at__gte=start, at__lt=end, actor__isnull=False
    )
    if scope.team_id is not None:
        events = events.filter(team_id=scope.team_id)
    figures: dict = defaultdict(lambda: {"decisions": 0, "met": 0})
    for month, actor, n in (
        events.filter(activity=Activity.DECISION_MADE)
        .annotate(month=TruncMonth("at"))
        .values_list("month", "actor_id")
        .annotate(n=Count("id"))
    ):
        figures[(_month(month), actor)]["decisions"] = n
    met: dict = defaultdict(set)
    for month, worker_id, client_id in (
        Appointment.workers.through.objects.filter(
            appointment__status=AppointmentStatus.KEPT,
            appointment__client_takes_part=True,
            appointment__starts_at__gte=start,
            appointment__starts_at__lt=end,
            appointment__case__county_id=scope.county_id,
            **({"appointment__case__team_id": scope.team_id} if scope.team_id else {}),
        )
        .annotate(month=TruncMonth("appointment__starts_at"))
        .values_list("month", "worker_id", "appointment__case__client_id")
        .distinct()
    ):
        met[(_month(month), worker_id)].add(client_id)
    for month, actor, client_id in (
        events.filter(activity=Activity.BENEFIT_DISCUSSION_HELD, client__isnull=False)
        .annotate(month=TruncMonth("at"))
        .values_list("month", "actor_id", "client_id")
        .distinct()
    ):
        met[(_month(month), actor)].add(client_id)
    for key, clients in met.items():
        figures[key]["met"] = len(clients)
    workers = Worker.objects.in_bulk({actor for _month_, actor in figures})
    months: dict = defaultdict(lambda: defaultdict(list))
    for (month, actor), counts in figures.items():
        worker = workers[actor]
        months[month][worker.role].append({"worker": worker, **counts})
    table = []
    for month in sorted(months, reverse=True):
        for role in Role:
            people = sorted(months[month].get(role, []), key=lambda p: str(p["worker"]))
            if not people:
                continue
            table.append(
                {
                    "month": month,
                    "role": role,
                    "role_label": role.label,
                    "people": people,
                    "mean_decisions": sum(p["decisions"] for p in people) / len(people),
                    "mean_met": sum(p["met"] for p in people) / len(people),
                    "reference": SEINAJOKI.get(role),
                }
            )
    return table


def _month(value) -> dt.date:
    return value.date().replace(day=1) if isinstance(value, dt.datetime) else value
