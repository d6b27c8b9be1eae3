"""Filling the weekly aggregates from the event log, a batch at a time.

The fill reads events in id order up to a mark a little in the past: an event is
written inside its step's transaction, so a transaction still open could commit an
event with a lower id than one already committed; waiting `SETTLED` before reading
lets such transactions finish. The fill state row is locked while a batch is added,
so two workers never count an event twice. The figures add the events after the mark
live (`tail_counts`), so they are exact whatever the fill's delay.
"""

import datetime as dt
import itertools
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import TruncWeek
from django.utils import timezone

from porras.core import clock
from porras.eventlog.activities import Activity
from porras.eventlog.models import Event
from porras.insight.models import FillState, Trace, TraceStep, WeeklyCount
from porras.intake.models import IntakeItem

WEEKLY = "weekly_counts"
SETTLED = dt.timedelta(minutes=2)
BATCH = 50_000


def grouped(events) -> list[tuple]:
    """(county, team, week, activity, outcome, kind, count) of a set of events."""
    return [
        (county, team, _date(week), activity, outcome or "", kind or "", n)
        for county, team, week, activity, outcome, kind, n in events.annotate(
            week=TruncWeek("at"),
            outcome=KT("attributes__outcome"),
            kind=Subquery(IntakeItem.objects.filter(pk=OuterRef("item_id")).values("kind")[:1]),
        )
        .values_list("county_id", "team_id", "week", "activity", "outcome", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ]


def _next_batch(name: str, batch: int, read) -> int | None:
    """Give the next batch of settled events of aggregate `name` to `read`, under the lock
    of its fill state; what `read` returns, or None when there is nothing new."""
    mark = Event.objects.filter(at__lt=clock.now() - SETTLED).aggregate(last=Max("id"))["last"]
    with transaction.atomic():
        state, _created = FillState.objects.select_for_update().get_or_create(name=name)
        if mark is None or mark <= state.last_event_id:
            return None
        upto = min(mark, state.last_event_id + batch)
        done = read(Event.objects.filter(id__gt=state.last_event_id, id__lte=upto))
        state.last_event_id, state.filled_at = upto, clock.now()
        state.save()
        return done


def fill(*, batch: int = BATCH) -> int | None:
    """Add the next batch of settled events to the weekly counts: how many were added
    (None when there was nothing new)."""

    def count(events) -> int:
        rows = grouped(events)
        _add(rows)
        return sum(row[-1] for row in rows)

    return _next_batch(WEEKLY, batch, count)


def fill_all() -> int:
    """Fill both aggregates up to the settled events; how many events were counted."""
    total = 0
    while (added := fill()) is not None:
        total += added
    while fill_traces() is not None:
        pass
    return total


def refill() -> int:
    """Throw the aggregates away and count everything again (after a correction)."""
    with transaction.atomic():
        FillState.objects.filter(name__in=[WEEKLY, TRACES]).delete()
        WeeklyCount.objects.all().delete()
        Trace.objects.all().delete()
    return fill_all()


def _add(rows: list[tuple]) -> None:
    keys = {row[:6] for row in rows}
    existing = {
        (c.county_id, c.team_id, c.week, c.activity, c.outcome, c.kind): c
        for c in WeeklyCount.objects.filter(
            county_id__in={k[0] for k in keys}, week__in={k[2] for k in keys}
        )
    }
    fresh, changed = [], []
    for *key, n in rows:
        found = existing.get(tuple(key))
        if found is None:
            county, team, week, activity, outcome, kind = key
            fresh.append(
                WeeklyCount(
                    county_id=county,
                    team_id=team,
                    week=week,
                    activity=activity,
                    outcome=outcome,
                    kind=kind,
                    count=n,
                )
            )
        else:
            found.count += n
            changed.append(found)
    WeeklyCount.objects.bulk_create(fresh, batch_size=1000)
    WeeklyCount.objects.bulk_update(changed, ["count"], batch_size=1000)


def counts(*, county_id, team_id, weeks: list[dt.date]) -> dict[tuple, int]:
    """Events per (week, activity, outcome, kind) for the weeks: the aggregates up to the
    fill state and the events after it, counted live."""
    state = FillState.objects.filter(name=WEEKLY).first()
    filled = state.last_event_id if state else 0
    found: dict[tuple, int] = defaultdict(int)
    stored = WeeklyCount.objects.filter(
        county_id=county_id, week__gte=weeks[0], week__lte=weeks[-1]
    )
    tail = Event.objects.filter(county_id=county_id, id__gt=filled, at__gte=_start(weeks[0]))
    if team_id is not None:
        stored, tail = stored.filter(team_id=team_id), tail.filter(team_id=team_id)
    for week, activity, outcome, kind, n in stored.values_list(
        "week", "activity", "outcome", "kind", "count"
    ):
        found[(week, activity, outcome, kind)] += n
    for _county, _team, week, activity, outcome, kind, n in grouped(tail):
        if week <= weeks[-1]:
            found[(week, activity, outcome, kind)] += n
    return found


def _start(monday: dt.date) -> dt.datetime:
    return dt.datetime.combine(monday, dt.time(), tzinfo=timezone.get_current_timezone())


def _date(week) -> dt.date:
    return week.date() if isinstance(week, dt.datetime) else week


# --- The traces of the flow analysis ---

TRACES = "traces"
TRACE_BATCH = 5_000


def fill_traces(*, batch: int = TRACE_BATCH) -> int | None:
    """Rebuild the traces that the next batch of settled events touched: how many (None
    when there was nothing new)."""

    def rebuild(events) -> int:
        touched = _traces_of(events)
        rebuild_traces(touched)
        return len(touched)

    return _next_batch(TRACES, batch, rebuild)


def _opening_items(case_ids) -> dict:
    """Each case's opening matter: the matter of its first `case.opened` event."""
    opening = {}
    for case_id, item_id in (
        Event.objects.filter(
            activity=Activity.CASE_OPENED, case_id__in=list(case_ids), item_id__isnull=False
        )
        .order_by("at", "id")
        .values_list("case_id", "item_id")
    ):
        opening.setdefault(case_id, item_id)
    return opening


def _traces_of(events) -> set:
    rows = list(events.values_list("item_id", "case_id"))
    opening = _opening_items({case for item, case in rows if item is None and case})
    return {item or opening.get(case) for item, case in rows} - {None}


def rebuild_traces(trace_ids: set) -> None:
    """Compute the traces again from all their events (as `traces.trace_sql` would)."""
    ids = list(trace_ids)
    cases = {}
    for case_id, item_id in _opening_items(
        Event.objects.filter(item_id__in=ids, activity=Activity.CASE_OPENED).values_list(
            "case_id", flat=True
        )
    ).items():
        if item_id in trace_ids:
            cases[case_id] = item_id
    steps_of = defaultdict(list)
    for item_id, case_id, activity, at, pk in (
        Event.objects.filter(Q(item_id__in=ids) | Q(item_id__isnull=True, case_id__in=list(cases)))
        .values_list("item_id", "case_id", "activity", "at", "id")
        .iterator(chunk_size=5000)
    ):
        steps_of[item_id or cases[case_id]].append((at, pk, activity))
    items = IntakeItem.objects.in_bulk(ids)
    Trace.objects.filter(trace__in=ids).delete()
    traces, steps = [], []
    for trace_id, found in steps_of.items():
        item = items.get(trace_id)
        if item is None:
            continue
        found.sort()
        activities = [activity for _at, _pk, activity in found]
        common = {"county_id": item.county_id, "team_id": item.team_id, "kind": item.kind}
        trace = Trace(
            trace=trace_id,
            started=found[0][0],
            ended=found[-1][0],
            events=len(found),
            path=",".join(activities),
            first_activity=activities[0],
            last_activity=activities[-1],
            **common,
        )
        traces.append(trace)
        steps += [
            TraceStep(
                trace=trace,
                started=trace.started,
                source=here[2],
                target=then[2],
                seconds=(then[0] - here[0]).total_seconds(),
                **common,
            )
            for here, then in itertools.pairwise(found)
        ]
    Trace.objects.bulk_create(traces, batch_size=2000)
    TraceStep.objects.bulk_create(steps, batch_size=5000)


def traces_filled_upto() -> int | None:
    """The last event the trace aggregates hold, or None before their first fill."""
    state = FillState.objects.filter(name=TRACES).first()
    return state.last_event_id if state else None
