"""The month's figures of work activity: per participant the days of participation, the
activity allowance and the travel costs; for an organiser as an XLSX file (openpyxl)."""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from porras.activation import selectors, services
from porras.activation.models import AllowanceMonth, Organiser, WorkActivityPlan


@dataclass
class MonthRow:
    plan: WorkActivityPlan
    name: str | None  # None: the reader may not see who it is
    days: int
    hours: Decimal
    absences: int
    figures: services.MonthFigures
    paid: AllowanceMonth | None


def month_rows(user, plans: list[WorkActivityPlan], month: dt.date, *, record_type: str):
    """One row per period in the month; a fixed number of queries whatever their count."""
    counts = selectors.month_attendance([p.pk for p in plans], month)
    paid = {
        a.plan_id: a
        for a in AllowanceMonth.objects.filter(plan__in=plans, month=month).select_related(
            "payment__batch"
        )
    }
    names = selectors.names_for(user, plans, record_type=record_type)
    per_day = services.settings_for(user.county).allowance_per_day
    rows = []
    for plan in plans:
        days, hours, absences = counts.get(plan.pk, (0, Decimal(0), 0))
        rows.append(
            MonthRow(
                plan,
                names.get(plan.client_id),
                days,
                hours,
                absences,
                services.month_figures(plan, days, per_day),
                paid.get(plan.pk),
            )
        )
    return rows


def month_total(county, plans, month: dt.date) -> Decimal:
    """What all of `plans` come to in the month (two queries, no client read)."""
    terms = {
        pk: WorkActivityPlan(activity_allowance=allowance, fare_per_day=fare, monthly_ticket=ticket)
        for pk, allowance, fare, ticket in plans.values_list(
            "pk", "activity_allowance", "fare_per_day", "monthly_ticket"
        )
    }
    counts = selectors.month_attendance(list(terms), month)
    per_day = services.settings_for(county).allowance_per_day
    return sum(
        (services.month_figures(terms[pk], counts.get(pk, (0,))[0], per_day).total for pk in terms),
        start=Decimal(0),
    )


def organiser_month(user, organiser: Organiser, month: dt.date) -> list[MonthRow]:
    plans = list(
        selectors.plans_in_month(month)
        .filter(place__organiser=organiser, county_id=organiser.county_id)
        .select_related("client", "place", "decision")
        .order_by("place__name", "client__last_name", "client__first_name", "starts_on")
    )
    return month_rows(user, plans, month, record_type="activation.report")


HEADERS = (
    lambda: _("Participant"),
    lambda: _("Place"),
    lambda: _("Period"),
    lambda: _("Days present"),
    lambda: _("Hours"),
    lambda: _("Days absent"),
    lambda: _("Activity allowance (€)"),
    lambda: _("Travel costs (€)"),
    lambda: _("Total (€)"),
    lambda: _("Paid"),
)


def organiser_month_xlsx(user, organiser: Organiser, month: dt.date) -> bytes:
    rows = organiser_month(user, organiser, month)
    book = Workbook()
    sheet = book.active
    sheet.title = month.strftime("%Y-%m")
    sheet.append([f"{organiser.name} – {formats.date_format(month, 'YEAR_MONTH_FORMAT')}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([header() for header in HEADERS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        plan = row.plan
        sheet.append(
            [
                row.name or _("(not shown to you)"),
                plan.place.name,
                f"{plan.starts_on:%d.%m.%Y}–{plan.last_day:%d.%m.%Y}",
                row.days,
                float(row.hours),
                row.absences,
                float(row.figures.allowance),
                float(row.figures.travel),
                float(row.figures.total),
                row.paid.payment.pay_on.strftime("%d.%m.%Y") if row.paid else "",
            ]
        )
    total = [_("Total"), "", "", sum(r.days for r in rows), float(sum(r.hours for r in rows))]
    total += [sum(r.absences for r in rows)]
    total += [float(sum(getattr(r.figures, f) for r in rows)) for f in ("allowance", "travel")]
    total += [float(sum(r.figures.total for r in rows)), ""]
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJ", (30, 30, 24, 12, 10, 12, 18, 16, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
