"""Forms of work activity. They check the shape of what was typed; the services name the
law's limits, and the view puts each message beside its field."""

import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from porras.activation import rules
from porras.activation.models import (
    AbsenceReason,
    ActivationPlanKind,
    Continuation,
    EndReason,
    OrganiserKind,
    Place,
)
from porras.activation.services import DayInput, PlanChange, WorkPlanInput
from porras.core.once import OnceForm
from porras.people.forms import DateInput


def _short(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OrganiserForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganiserKind.choices)
    business_id = forms.CharField(label=_("Business ID"), max_length=12, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    description = forms.CharField(label=_("Tasks on offer"), required=False, widget=textarea())
    contact_name = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    contact_phone = forms.CharField(
        label=_("Contact person's phone"), max_length=40, required=False
    )
    contact_email = forms.EmailField(label=_("Contact person's e-mail"), required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ActivationPlanForm(OnceForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ActivationPlanKind.choices, widget=forms.RadioSelect
    )
    employment_authority = forms.CharField(
        label=_("Employment authority"),
        max_length=200,
        help_text=_("The employment area or municipality the plan was made with."),
    )
    authority_person = forms.CharField(label=_("Who agreed for the authority"), max_length=120)
    agreed_on = forms.DateField(label=_("Agreed with the client on"), widget=DateInput())
    reference = forms.CharField(
        label=_("Reference of the plan"),
        max_length=60,
        required=False,
        help_text=_("Required for a multi-agency employment plan."),
    )
    content = forms.CharField(label=_("What was agreed"), required=False, widget=textarea(4))


class ActivationReviewForm(RevisionForm):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput())
    summary = forms.CharField(label=_("What was agreed"), widget=textarea(4))


class PlanContentForm(forms.Form):
    """What a plan says of the activity (section 9): made and changed alike."""

    goal = forms.CharField(label=_("Goal"), widget=textarea())
    description = forms.CharField(
        label=_("Tasks and description"), required=False, widget=textarea()
    )
    support = forms.CharField(
        label=_("Support and guidance during the activity"), required=False, widget=textarea()
    )
    other_services = forms.CharField(label=_("Other services"), required=False, widget=textarea())


class WorkPlanForm(OnceForm, PlanContentForm):
    """The plan and agreement of § 9. No limits here: the service names the law's."""

    field_order = [
        "place",
        "starts_on",
        "months",
        "days_per_week",
        "hours_per_day",
        *PlanContentForm.base_fields,
        "mid_evaluation_on",
    ]

    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    months = forms.IntegerField(label=_("Length (months)"), help_text=_("3–24 months."))
    days_per_week = forms.IntegerField(
        label=_("Days a week"), help_text=_("1–4 days a calendar week.")
    )
    hours_per_day = forms.DecimalField(
        label=_("Hours a day"), max_digits=3, decimal_places=1, help_text=_("4–8 hours a day.")
    )
    mid_evaluation_on = forms.DateField(
        label=_("Mid-evaluation on"),
        required=False,
        widget=DateInput(),
        help_text=_("Blank: halfway through the period."),
    )
    change_1_starts_on = forms.DateField(
        label=_("Schedule changes from"), required=False, widget=DateInput()
    )
    change_1_days_per_week = forms.IntegerField(label=_("then days a week"), required=False)
    change_1_hours_per_day = forms.DecimalField(
        label=_("then hours a day"), max_digits=3, decimal_places=1, required=False
    )
    change_2_starts_on = forms.DateField(
        label=_("Schedule changes again from"), required=False, widget=DateInput()
    )
    change_2_days_per_week = forms.IntegerField(label=_("then days a week"), required=False)
    change_2_hours_per_day = forms.DecimalField(
        label=_("then hours a day"), max_digits=3, decimal_places=1, required=False
    )
    activity_allowance = forms.BooleanField(
        label=_("The county pays the activity allowance (income support recipient)"),
        required=False,
        initial=True,
        help_text=_("Not for a participant whose maintenance allowance Kela pays."),
    )
    fare_per_day = forms.DecimalField(
        label=_("Cheapest return fare a day (€)"), max_digits=8, decimal_places=2, initial=0
    )
    monthly_ticket = forms.DecimalField(
        label=_("Cheapest monthly ticket (€)"), max_digits=8, decimal_places=2, required=False
    )
    iban = forms.CharField(label=_("Account for the allowance (IBAN)"), required=False)

    def __init__(self, *args, county=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(
            organiser__county=county, active=True, organiser__active=True
        ).select_related("organiser")

    def changes(self) -> list[rules.Week]:
        data = self.cleaned_data
        weeks = []
        for n in (1, 2):
            start = data.get(f"change_{n}_starts_on")
            days, hours = (
                data.get(f"change_{n}_days_per_week"),
                data.get(f"change_{n}_hours_per_day"),
            )
            if start or days is not None or hours is not None:
                weeks.append(rules.Week(start or dt.date.min, days, hours))
        return weeks

    def clean(self):
        data = super().clean()
        for n in (1, 2):
            filled = [data.get(f"change_{n}_{f}") for f in ("starts_on", "days_per_week")]
            if any(v is not None for v in filled) and data.get(f"change_{n}_starts_on") is None:
                self.add_error(f"change_{n}_starts_on", _("Give the day the schedule changes."))
        return data

    def to_input(self) -> WorkPlanInput:
        data = self.cleaned_data
        return WorkPlanInput(
            place=data["place"],
            starts_on=data["starts_on"],
            months=data["months"],
            days_per_week=data["days_per_week"],
            hours_per_day=data["hours_per_day"],
            goal=data["goal"],
            description=data["description"],
            support=data["support"],
            other_services=data["other_services"],
            mid_evaluation_on=data["mid_evaluation_on"],
            changes=self.changes(),
            activity_allowance=data["activity_allowance"],
            fare_per_day=data["fare_per_day"],
            monthly_ticket=data["monthly_ticket"],
            iban=data["iban"],
        )


class ContinueForm(OnceForm):
    months = forms.IntegerField(
        label=_("Length of the consecutive period (months)"), help_text=_("3–24 months.")
    )


class PlanChangeForm(RevisionForm, PlanContentForm):
    mid_evaluation_on = forms.DateField(label=_("Mid-evaluation on"), widget=DateInput())
    new_starts_on = forms.DateField(
        label=_("New weekly schedule from"), required=False, widget=DateInput()
    )
    new_days_per_week = forms.IntegerField(label=_("then days a week"), required=False)
    new_hours_per_day = forms.DecimalField(
        label=_("then hours a day"), max_digits=3, decimal_places=1, required=False
    )

    def clean(self):
        data = super().clean()
        parts = [data.get(f"new_{f}") for f in ("starts_on", "days_per_week", "hours_per_day")]
        if any(v is not None for v in parts) and any(v is None for v in parts):
            self.add_error(
                "new_starts_on", _("A new schedule needs its first day, days and hours.")
            )
        return data

    def to_change(self) -> PlanChange:
        data = self.cleaned_data
        week = None
        if data.get("new_starts_on"):
            week = rules.Week(
                data["new_starts_on"], data["new_days_per_week"], data["new_hours_per_day"]
            )
        return PlanChange(
            goal=data["goal"],
            description=data["description"],
            support=data["support"],
            other_services=data["other_services"],
            mid_evaluation_on=data["mid_evaluation_on"],
            new_week=week,
        )


class AgreementForm(RevisionForm):
    signed_on = forms.DateField(label=_("Agreement signed on"), widget=DateInput())
    signatory = forms.CharField(label=_("Signed for the organiser by"), max_length=120)


class DecisionLinkForm(RevisionForm):
    decision = forms.ChoiceField(label=_("Decision on work activity"))

    def __init__(self, *args, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [("", "—")] + [
            (str(d.pk), f"{d.get_outcome_display()} {_short(d.decided_on)}") for d in decisions
        ]


class MidEvaluationForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    participant_view = forms.CharField(
        label=_("The participant's own evaluation"), required=False, widget=textarea()
    )
    organiser_view = forms.CharField(
        label=_("The organiser's feedback"), required=False, widget=textarea()
    )
    summary = forms.CharField(label=_("Evaluation"), widget=textarea())
    outcome = forms.ChoiceField(
        label=_("What next"), choices=Continuation.choices, widget=forms.RadioSelect
    )


class EndForm(RevisionForm):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason for ending"), choices=EndReason.choices)
    final_evaluation = forms.CharField(label=_("Final evaluation"), widget=textarea(4))
    continuation = forms.CharField(label=_("Continuation plan"), widget=textarea())


class InformedForm(forms.Form):
    informed_on = forms.DateField(label=_("Told on"), widget=DateInput(), required=False)


PRESENT, ABSENT = "present", "absent"
DAY_STATUS = [("", _("Not recorded")), (PRESENT, _("Present")), (ABSENT, _("Absent"))]


class WeekForm(forms.Form):
    """One week's attendance: for each day, present with hours or absent with a reason.
    `seen` is when the week shown was last recorded: a save over someone else's newer
    record is refused, never silently overwritten."""

    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, days=(), hours_default=None, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = [row.record.recorded_at for row in days if row.record is not None]
        self.initial["seen"] = max(recorded).isoformat() if recorded else ""
        self.days = []
        for row in days:
            key = row.day.isoformat()
            record = row.record
            label = formats.date_format(row.day, "D j.n.")
            self.fields[f"{key}-status"] = forms.ChoiceField(
                label=label, choices=DAY_STATUS, required=False
            )
            self.fields[f"{key}-hours"] = forms.DecimalField(
                label=_("Hours"), max_digits=3, decimal_places=1, required=False, localize=True
            )
            self.fields[f"{key}-reason"] = forms.ChoiceField(
                label=_("Reason for the absence"),
                choices=[("", "—"), *AbsenceReason.choices],
                required=False,
            )
            self.fields[f"{key}-note"] = forms.CharField(
                label=_("Note"), max_length=300, required=False
            )
            if record is not None:
                self.initial[f"{key}-status"] = PRESENT if record.present else ABSENT
                self.initial[f"{key}-hours"] = record.hours
                self.initial[f"{key}-reason"] = record.absence_reason
                self.initial[f"{key}-note"] = record.note
            elif hours_default is not None:
                self.initial[f"{key}-hours"] = hours_default(row.day)
            self.days.append((row, key))

    def rows(self):
        """(day row, status, hours, reason, note) bound fields for the template."""
        return [
            (
                row,
                self[f"{key}-status"],
                self[f"{key}-hours"],
                self[f"{key}-reason"],
                self[f"{key}-note"],
            )
            for row, key in self.days
        ]

    def entries(self):
        data = self.cleaned_data
        found = []
        for row, key in self.days:
            status = data.get(f"{key}-status")
            if not status or not row.recordable:
                continue
            found.append(
                DayInput(
                    day=row.day,
                    present=status == PRESENT,
                    hours=data.get(f"{key}-hours") if status == PRESENT else None,
                    absence_reason=(data.get(f"{key}-reason") or "") if status == ABSENT else "",
                    note=data.get(f"{key}-note") or "",
                )
            )
        return found

    def field_for(self, problem_key: str) -> str | None:
        """The form field a service's `day_N` refusal belongs to."""
        if problem_key.startswith("day_"):
            index = int(problem_key[4:]) - 1
            entries = self.entries()
            if 0 <= index < len(entries):
                return f"{entries[index].day.isoformat()}-status"
        return None


def month_choices(today: dt.date, count: int = 13) -> list[tuple[str, str]]:
    months = []
    month = today.replace(day=1)
    for _n in range(count):
        months.append((month.strftime("%Y-%m"), formats.date_format(month, "YEAR_MONTH_FORMAT")))
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months
