"""The worker's own work, gathered from every room for the front page."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from porras.casework.casefile.selectors import open_deadlines
from porras.casework.models import Case, CaseStatus, Consultation
from porras.core import clock, deadlines
from porras.intake.models import IntakeItem, Status
from porras.intake.selectors import NEAR_DUE_WORKING_DAYS, visible_names
from porras.people.models import Worker

HELD = (Status.IN_GUIDANCE, Status.WAITING_COMPLETION)


@dataclass
class OwnRow:
    """One thing on a worker's own list: a matter they hold, a case, a consultation."""

    kind: str  # "matter", "case", "consultation"
    obj: object
    client_name: str | None
    due: dt.date | None = None
    overdue: bool = False
    near_due: bool = False
    role: str = ""  # "responsible" or "co_worker" for a case


def _due(row: OwnRow, today: dt.date) -> OwnRow:
    if row.due:
        row.overdue = row.due < today
        row.near_due = (
            not row.overdue
            and deadlines.waiting_working_days(today, row.due) <= NEAR_DUE_WORKING_DAYS
        )
    return row


def own_work(user: Worker) -> list[OwnRow]:
    """What the worker carries: matters held in guidance, cases as responsible worker or
    co-worker, consultations to answer. Overdue first, then by due date, then the rest.

    A fixed number of queries whatever the length; client names are shown (and logged)
    only where the worker may see the client."""
    today = clock.today()
    held = list(
        IntakeItem.objects.filter(claimed_by=user, status__in=HELD)
        .select_related("client")
        .order_by("due_date", "received_at")[:100]
    )
    cases = list(
        Case.objects.filter(Q(responsible=user) | Q(co_worker=user), status=CaseStatus.OPEN)
        .select_related("client")
        .order_by("opened_at")[:200]
    )
    asked = list(
        Consultation.objects.filter(consultant=user, answered_at__isnull=True)
        .select_related("case__client", "asked_by")
        .order_by("asked_at")[:50]
    )
    clients = [i.client for i in held] + [c.client for c in cases] + [q.case.client for q in asked]
    names = visible_names(user, clients, record_type="home.own_work")
    rows = [
        _due(OwnRow("matter", item, names[item.client_id], due=item.due_date), today)
        for item in held
    ]
    case_deadlines = open_deadlines(cases, today)
    rows += [
        _due(
            OwnRow(
                "case",
                case,
                names[case.client_id],
                due=case_deadlines[case.pk][0].due if case_deadlines[case.pk] else None,
                role="responsible" if case.responsible_id == user.pk else "co_worker",
            ),
            today,
        )
        for case in cases
    ]
    rows += [OwnRow("consultation", q, names[q.case.client_id]) for q in asked]
    rank = {"matter": 0, "consultation": 1, "case": 2}
    return sorted(
        rows,
        key=lambda r: (
            not r.overdue,
            r.due is None,
            r.due or dt.date.max,
            rank[r.kind],
        ),
    )
