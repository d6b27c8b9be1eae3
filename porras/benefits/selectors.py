"""Reads of income support: the county's one queue of applications, an application with
its calculation and decision, payments, and the figures the team meets over. Client
names are shown (and access-logged) only where the reader may see the client."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from porras.benefits import services
from porras.benefits.models import Handling, Payment, PaymentBatch
from porras.core import clock
from porras.core.pagination import page_of
from porras.decisions.models import Decision, DecisionType
from porras.intake import selectors as intake_selectors
from porras.intake.models import OPEN_STATUSES, IntakeItem, Track
from porras.people.models import Role, Worker

QUEUE_PAGE = 100
INCOME_TYPES = (DecisionType.INCOME_SUPPLEMENTARY, DecisionType.INCOME_PREVENTIVE)


@dataclass
class QueueRow:
    item: IntakeItem
    client_name: str | None
    overdue: bool
    near_due: bool
    discussion_overdue: bool
    decided: bool


def open_applications(county) -> QuerySet[IntakeItem]:
    return IntakeItem.objects.filter(
        county=county, track=Track.BENEFITS, status__in=list(OPEN_STATUSES)
    )


def queue(user: Worker, *, show: str = "", page_number=None) -> Page:
    """One page of the county's application queue: the oldest due date first, in a fixed
    number of queries however long it is. `show`: "mine", "late" or everything."""
    today = clock.today()
    items = open_applications(user.county)
    if show == "mine":
        items = items.filter(claimed_by=user)
    elif show == "late":
        items = items.filter(
            Q(due_date__lt=today) | Q(discussion_due__lt=today, discussion_held_on__isnull=True)
        )
    page = page_of(
        items.select_related("client", "claimed_by", "team", "handling").order_by(
            "due_date", "received_at", "pk"
        ),
        page_number,
        per_page=QUEUE_PAGE,
    )
    found = list(page.object_list)
    names = intake_selectors.visible_names(
        user, [item.client for item in found], record_type="benefits.queue"
    )
    rows = []
    for item in found:
        base = intake_selectors.queue_row(item, today)
        handling = getattr(item, "handling", None)
        rows.append(
            QueueRow(
                item=item,
                client_name=names[item.client_id],
                overdue=base.overdue,
                near_due=base.near_due,
                discussion_overdue=bool(
                    item.discussion_due
                    and item.discussion_held_on is None
                    and item.discussion_due < today
                ),
                decided=bool(handling and handling.decision_id),
            )
        )
    page.object_list = rows
    return page


def queue_summary(user: Worker) -> dict:
    """The handler's front page: how many wait, how many are theirs, how many are late."""
    today = clock.today()
    counts = open_applications(user.county).aggregate(
        waiting=Count("pk", filter=Q(claimed_by__isnull=True)),
        mine=Count("pk", filter=Q(claimed_by=user)),
        late=Count("pk", filter=Q(due_date__lt=today)),
        due_today=Count("pk", filter=Q(due_date=today)),
    )
    return counts


@dataclass
class ApplicationView:
    handling: Handling | None
    lines: list
    household: list
    result: services.Result | None
    decision: Decision | None
    payments: list


def application(item: IntakeItem) -> ApplicationView:
    handling = (
        Handling.objects.filter(item=item)
        .select_related("decision", "decision__decided_by", "calculated_by")
        .first()
    )
    if handling is None:
        return ApplicationView(None, [], [], None, None, [])
    lines = list(handling.lines.select_related("category"))
    decision = handling.decision
    return ApplicationView(
        handling=handling,
        lines=lines,
        household=list(handling.household.all()),
        result=services.result_of(handling, lines) if handling.calculated_at else None,
        decision=decision,
        payments=list(decision.payments.select_related("batch")) if decision else [],
    )


def unpaid(county, *, page_number=None) -> Page:
    return page_of(
        Payment.objects.filter(county=county, batch__isnull=True).order_by(
            "pay_on", "created_at", "pk"
        ),
        page_number,
        per_page=QUEUE_PAGE,
    )


def batches(county, *, page_number=None) -> Page:
    return page_of(
        PaymentBatch.objects.filter(county=county)
        .select_related("created_by")
        .defer("pain001", "csv"),
        page_number,
        per_page=50,
    )


# --- Statistics ---


@dataclass(frozen=True)
class InTimeRow:
    team: str
    month: dt.date
    decided: int
    in_time: int

    @property
    def share(self) -> float | None:
        return self.in_time / self.decided if self.decided else None


def decisions_in_time(county, *, since: dt.date, until: dt.date) -> list[InTimeRow]:
    """By team and month: income support decisions made, and how many by the application's
    due date (§ 14 a: 7 working days from the application, or from the completed one)."""
    decided = (
        Decision.objects.filter(
            county=county,
            decision_type__in=INCOME_TYPES,
            decided_on__gte=since,
            decided_on__lte=until,
            corrects__isnull=True,
            item_id__isnull=False,
        )
        .values_list("item_id", "decided_on")
        .order_by()
    )
    pairs = list(decided)
    items = {
        pk: (team, due)
        for pk, team, due in IntakeItem.objects.filter(
            pk__in=[item_id for item_id, _ in pairs]
        ).values_list("pk", "team__name", "due_date")
    }
    made: Counter = Counter()
    on_time: Counter = Counter()
    for item_id, decided_on in pairs:
        team, due = items[item_id]
        key = (team, decided_on.replace(day=1))
        made[key] += 1
        if due and decided_on <= due:
            on_time[key] += 1
    return [
        InTimeRow(team, month, made[(team, month)], on_time[(team, month)])
        for team, month in sorted(made)
    ]


@dataclass(frozen=True)
class DecisionsByPerson:
    month: dt.date
    role: str
    worker: str
    count: int

    @property
    def role_label(self):
        return Role(self.role).label if self.role in Role.values else self.role


def decisions_per_person(county, *, since: dt.date, until: dt.date) -> list[DecisionsByPerson]:
    """Decisions made per person per month, by the role they decided in (seed 003)."""
    rows = (
        Decision.objects.filter(county=county, decided_on__gte=since, decided_on__lte=until)
        .annotate(month=TruncMonth("decided_on"))
        .values(
            "month",
            "decided_by_role",
            "decided_by__first_name",
            "decided_by__last_name",
            "decided_by__username",
        )
        .annotate(count=Count("pk"))
        .order_by("month", "decided_by_role", "decided_by__last_name", "decided_by__first_name")
    )
    result = []
    for row in rows:
        name = f"{row['decided_by__first_name']} {row['decided_by__last_name']}".strip()
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        result.append(
            DecisionsByPerson(
                month, row["decided_by_role"], name or row["decided_by__username"], row["count"]
            )
        )
    return result
