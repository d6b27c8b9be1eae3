"""Reads of the organisation: teams, members, absences and the duty rota."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from porras.core import calendar, clock
from porras.people.models import Absence, DutyPair, Role, Team, TeamArea, Worker


def teams_visible_to(user: Worker) -> QuerySet[Team]:
    if user.is_county_wide:
        return Team.objects.filter(county_id=user.county_id)
    return Team.objects.filter(memberships__worker=user)


def teams_managed_by(user: Worker) -> QuerySet[Team]:
    if user.role != Role.MANAGER:
        return Team.objects.none()
    return Team.objects.filter(memberships__worker=user)


def team_members(team: Team, *, role: str | None = None) -> QuerySet[Worker]:
    members = Worker.objects.filter(memberships__team=team, is_active=True)
    if role is not None:
        members = members.filter(role=role)
    return members.order_by("last_name", "first_name")


def absences_overlapping(workers, first: dt.date, last: dt.date) -> QuerySet[Absence]:
    return (
        Absence.objects.filter(worker__in=workers, starts_on__lte=last, ends_on__gte=first)
        .select_related("worker", "created_by")
        .order_by("starts_on", "worker__last_name")
    )


def is_absent(worker: Worker, day: dt.date) -> bool:
    return absences_overlapping([worker], day, day).exists()


def absent_on(worker_ids, day: dt.date) -> set:
    """Which of these workers are absent on `day` (one query)."""
    return set(
        Absence.objects.filter(
            worker_id__in=list(worker_ids), starts_on__lte=day, ends_on__gte=day
        ).values_list("worker_id", flat=True)
    )


def absent_working_days(worker: Worker, first: dt.date, last: dt.date) -> list[dt.date]:
    """The working days between `first` and `last` on which `worker` is absent."""
    return absent_working_days_of([worker], first, last)[worker.pk]


def absent_working_days_of(workers, first: dt.date, last: dt.date) -> dict[int, list[dt.date]]:
    """For each worker, the working days between `first` and `last` they are absent
    (one query for any number of workers)."""
    days: dict[int, set[dt.date]] = {worker.pk: set() for worker in workers}
    for absence in absences_overlapping(workers, first, last):
        days[absence.worker_id].update(
            calendar.working_days_between(max(first, absence.starts_on), min(last, absence.ends_on))
        )
    return {pk: sorted(found) for pk, found in days.items()}


def upcoming_absences(worker: Worker, *, days: int = 60) -> QuerySet[Absence]:
    today = clock.today()
    return absences_overlapping([worker], today, today + dt.timedelta(days=days))


@dataclass
class RotaWeek:
    week_start: dt.date
    pair: DutyPair | None
    # (worker, absent working days) for each pair member absent during the week.
    absences: list[tuple[Worker, list[dt.date]]] = field(default_factory=list)

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def iso_week(self) -> int:
        return self.week_start.isocalendar().week

    @property
    def is_current(self) -> bool:
        return self.week_start == clock.week_start(clock.today())


def rota_weeks(team: Team, *, first_week: dt.date, weeks: int) -> list[RotaWeek]:
    mondays = [first_week + dt.timedelta(weeks=n) for n in range(weeks)]
    pairs = {
        pair.week_start: pair
        for pair in DutyPair.objects.filter(
            team=team, week_start__gte=mondays[0], week_start__lte=mondays[-1]
        ).select_related("social_worker", "counsellor", "planned_by")
    }
    result = []
    for monday in mondays:
        pair = pairs.get(monday)
        week = RotaWeek(week_start=monday, pair=pair)
        if pair is not None:
            friday = monday + dt.timedelta(days=4)
            for member in pair.members:
                absent_days = absent_working_days(member, monday, friday)
                if absent_days:
                    week.absences.append((member, absent_days))
        result.append(week)
    return result


def duty_pairs_on(day: dt.date, teams) -> list[tuple[Team, DutyPair | None]]:
    """Each team with its duty pair for the week that contains `day`."""
    monday = clock.week_start(day)
    pairs = {
        pair.team_id: pair
        for pair in DutyPair.objects.filter(team__in=teams, week_start=monday).select_related(
            "social_worker", "counsellor"
        )
    }
    return [(team, pairs.get(team.pk)) for team in teams]


def unplanned_weeks(team: Team, *, first_week: dt.date, weeks: int) -> list[dt.date]:
    return [
        w.week_start for w in rota_weeks(team, first_week=first_week, weeks=weeks) if not w.pair
    ]


def team_for_area(county, *, municipality=None, postal_code: str = "") -> Team | None:
    """The local team serving a postal code (first) or a whole municipality."""
    areas = TeamArea.objects.filter(team__county=county).select_related("team")
    if postal_code:
        exact = areas.filter(postal_code=postal_code).first()
        if exact is not None:
            return exact.team
    if municipality is not None:
        whole = areas.filter(municipality=municipality, postal_code="").first()
        if whole is not None:
            return whole.team
    return None
