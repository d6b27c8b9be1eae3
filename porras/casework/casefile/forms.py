"""Forms of the case file. They validate the shape of what was typed; the services say
what is missing or not allowed, and the view puts each message beside its field."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from porras.casework.casefile.services import GoalInput
from porras.casework.models import (
    SURVEY_DOMAINS,
    AppointmentMode,
    AppointmentPurpose,
    AppointmentStatus,
    ClosureReason,
    GoalOutcome,
    NarrativeEntry,
    Performer,
    ServiceNeedAssessment,
    ServicePackage,
)
from porras.core import clock
from porras.core.once import OnceForm
from porras.people.forms import DateInput
from porras.people.models import Worker

YES_NO = [("1", _("Yes")), ("0", _("No"))]


def yes_no_field(label, *, required=False):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "1",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


def textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class WorkersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class BookingForm(OnceForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=AppointmentPurpose.choices)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    mode = forms.ChoiceField(
        label=_("How"), choices=AppointmentMode.choices, widget=forms.RadioSelect
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For a meeting at the office: the address and the room."),
    )
    client_takes_part = forms.BooleanField(
        label=_("The client takes part"), required=False, initial=True
    )
    workers = WorkersField(
        label=_("Workers taking part"),
        queryset=Worker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Taking part in a meeting gives no access to the client's data."),
    )
    partners = forms.CharField(
        label=_("Partners taking part"),
        max_length=300,
        required=False,
        help_text=_("For example: employment services, the client's support person."),
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = workers

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[c for c in AppointmentStatus.choices if c[0] != AppointmentStatus.BOOKED],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Notes"), required=False, widget=textarea(2))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class AssessmentStartForm(forms.Form):
    started_on = forms.DateField(label=_("Started"), widget=DateInput())


class AssessmentForm(forms.ModelForm):
    needs_client_relationship = yes_no_field(
        _("The client needs social services (the case continues)")
    )
    special_support_need = yes_no_field(_("The client has a special support need"))
    needs_responsible_worker = yes_no_field(
        _("The client needs a responsible worker (omatyöntekijä)")
    )
    proposed_packages = forms.ModelMultipleChoiceField(
        label=_("Proposed service packages"),
        queryset=ServicePackage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    completed_on = forms.DateField(
        label=_("Completed"),
        widget=DateInput(),
        required=False,
        help_text=_("Filled in when you complete the assessment."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ServiceNeedAssessment
        fields = [
            *SURVEY_DOMAINS,
            "situation_summary",
            "client_view",
            "needs_client_relationship",
            "special_support_need",
            "special_support_grounds",
            "needs_responsible_worker",
            "proposed_services",
            "proposed_packages",
        ]
        widgets = {
            name: textarea()
            for name in (
                *SURVEY_DOMAINS,
                "situation_summary",
                "client_view",
                "special_support_grounds",
                "proposed_services",
            )
        }

    def __init__(self, *args, packages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_packages"].queryset = ServicePackage.objects.filter(
            pk__in=[p.pk for p in packages]
        )
        self.fields["completed_on"].initial = clock.today()

    def content(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "proposed_packages"
        }


class PlanForm(forms.Form):
    life_situation = forms.CharField(label=_("Life situation"), required=False, widget=textarea())
    strengths = forms.CharField(
        label=_("Strengths and resources"), required=False, widget=textarea(2)
    )
    client_view = forms.CharField(
        label=_("The client's own view and proposals"), required=False, widget=textarea()
    )
    meeting_frequency = forms.CharField(
        label=_("How often we meet"), max_length=200, required=False
    )
    estimated_duration = forms.CharField(
        label=_("Estimated duration"), max_length=200, required=False
    )
    follow_up = forms.CharField(
        label=_("How progress is followed and evaluated"), required=False, widget=textarea(2)
    )
    invited = forms.CharField(
        label=_("Who is invited to the review"), max_length=300, required=False
    )
    made_on = forms.DateField(
        label=_("Made with the client on"), widget=DateInput(), required=False
    )
    review_due = forms.DateField(
        label=_("Review date"),
        widget=DateInput(),
        required=False,
        help_text=_("At least once a year."),
    )
    client_agrees = yes_no_field(_("The client agrees with the plan"))
    revision = forms.IntegerField(widget=forms.HiddenInput)

    CONTENT = (
        "life_situation",
        "strengths",
        "client_view",
        "meeting_frequency",
        "estimated_duration",
        "follow_up",
        "invited",
    )

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.CONTENT}


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), required=False, widget=textarea(2))


class MeasureForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("For goal"), coerce=int, choices=[])
    text = forms.CharField(label=_("Measure"), required=False, widget=textarea(2))
    performer = forms.ChoiceField(label=_("Who does it"), choices=Performer.choices)
    partner = forms.CharField(label=_("Partner"), max_length=200, required=False)
    package = forms.ModelChoiceField(
        label=_("Service package"),
        queryset=ServicePackage.objects.none(),
        required=False,
        empty_label=_("— no package —"),
    )

    def __init__(self, *args, goal_count=1, packages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [
            (n, _("Goal %(n)s") % {"n": n}) for n in range(1, max(goal_count, 1) + 1)
        ]
        self.fields["package"].queryset = ServicePackage.objects.filter(
            pk__in=[p.pk for p in packages]
        )


GoalFormSet = forms.formset_factory(GoalForm, extra=1, max_num=20, validate_max=True)
MeasureFormSet = forms.formset_factory(MeasureForm, extra=2, max_num=60, validate_max=True)


def plan_forms(data=None, *, plan, packages):
    """The plan's form and its goal and measure formsets, filled from the plan."""
    goals = list(plan.goals.prefetch_related("measures__package"))
    initial_goals = [{"text": goal.text} for goal in goals]
    initial_measures = [
        {
            "goal": goal.order,
            "text": m.text,
            "performer": m.performer,
            "partner": m.partner,
            "package": m.package_id,
        }
        for goal in goals
        for m in goal.measures.all()
    ]
    goal_count = max(len(goals) + 1, int((data or {}).get("goals-TOTAL_FORMS", 0) or 0))
    plan_form = PlanForm(
        data,
        initial={
            **{name: getattr(plan, name) for name in PlanForm.CONTENT},
            "made_on": plan.made_on or clock.today(),
            "review_due": plan.review_due,
            "client_agrees": None if plan.client_agrees is None else str(int(plan.client_agrees)),
            "revision": plan.revision,
        },
    )
    goal_set = GoalFormSet(data, initial=initial_goals, prefix="goals")
    measure_set = MeasureFormSet(
        data,
        initial=initial_measures,
        prefix="measures",
        form_kwargs={"goal_count": goal_count, "packages": packages},
    )
    return plan_form, goal_set, measure_set


def goals_from(goal_set, measure_set) -> tuple[list[GoalInput], dict]:
    """The goals with their measures as typed; problems keyed by formset row."""
    numbered = {}
    for number, form in enumerate(goal_set.forms, start=1):
        text = form.cleaned_data.get("text", "").strip() if form.cleaned_data else ""
        if text:
            numbered[number] = GoalInput(text)
    problems = {}
    for form in measure_set.forms:
        data = form.cleaned_data or {}
        if not data.get("text", "").strip():
            continue
        goal = numbered.get(data.get("goal"))
        if goal is None:
            form.add_error("goal", _("Choose a goal that has text."))
            problems["measures"] = _("A measure points to a goal that has no text.")
            continue
        goal.measures.append(
            {
                "text": data["text"],
                "performer": data["performer"],
                "partner": data.get("partner", ""),
                "package": data.get("package"),
            }
        )
    return list(numbered.values()), problems


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the client refused a plan"), max_length=2000, widget=textarea(2)
    )


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput())
    participants = forms.CharField(label=_("Who took part"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary of the review"), widget=textarea())
    plan_continues = forms.TypedChoiceField(
        label=_("Does the plan continue as it is?"),
        choices=[("1", _("Yes, the plan continues")), ("0", _("No, the plan is updated"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    next_review_due = forms.DateField(
        label=_("Next review date"), widget=DateInput(), help_text=_("At least once a year.")
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=_("Goal %(n)s: %(text)s") % {"n": goal.order, "text": goal.text[:120]},
                choices=GoalOutcome.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"note_{goal.pk}"] = forms.CharField(
                label=_("Note on goal %(n)s") % {"n": goal.order},
                required=False,
                widget=textarea(2),
            )
        self.fields["reviewed_on"].initial = clock.today()

    def outcomes(self) -> dict:
        return {
            goal.pk: (
                self.cleaned_data.get(f"goal_{goal.pk}", ""),
                self.cleaned_data.get(f"note_{goal.pk}", ""),
            )
            for goal in self.goals
        }


class PackageStartForm(OnceForm):
    package = forms.ModelChoiceField(
        label=_("Service package"), queryset=ServicePackage.objects.none()
    )
    started_on = forms.DateField(label=_("Started"), widget=DateInput())

    def __init__(self, *args, packages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = ServicePackage.objects.filter(
            pk__in=[p.pk for p in packages]
        )
        self.fields["started_on"].initial = clock.today()


class PackageEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended"), widget=DateInput())


class NarrativeForm(OnceForm):
    entry_date = forms.DateField(label=_("Date of the events"), widget=DateInput())
    text = forms.CharField(label=_("Entry"), widget=textarea(5))
    corrects = forms.ModelChoiceField(
        label=_("Corrects an earlier entry"),
        queryset=NarrativeEntry.objects.none(),
        required=False,
        empty_label=_("— a new entry, not a correction —"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = case.narrative.all()
        self.fields["corrects"].label_from_instance = lambda entry: (
            _("%(date)s, %(author)s: %(start)s")
            % {
                "date": f"{entry.entry_date:%d.%m.%Y}",
                "author": entry.author,
                "start": entry.text[:60],
            }
        )
        self.fields["entry_date"].initial = clock.today()


class NarrativeEditForm(forms.Form):
    entry_date = forms.DateField(label=_("Date of the events"), widget=DateInput())
    text = forms.CharField(label=_("Entry"), widget=textarea(5))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=ClosureReason.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Closing summary"),
        widget=textarea(4),
        help_text=_("What was done, what was reached, and where the client goes from here."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
