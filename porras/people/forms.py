from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from porras.core.once import OnceForm
from porras.people.models import AbsenceKind, Worker


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return obj.get_full_name() or obj.username


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AbsenceForm(OnceForm):
    worker = WorkerChoiceField(queryset=Worker.objects.none(), label=_("Worker"))
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=AbsenceKind.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return cleaned


class RotaWeekForm(forms.Form):
    week_start = forms.DateField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    social_worker = WorkerChoiceField(
        queryset=Worker.objects.none(), required=False, label=_("Social worker")
    )
    counsellor = WorkerChoiceField(
        queryset=Worker.objects.none(), required=False, label=_("Social counsellor")
    )

    def __init__(self, *args, social_workers, counsellors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].queryset = social_workers
        self.fields["counsellor"].queryset = counsellors
        self.fields["social_worker"].empty_label = _("— not planned —")
        self.fields["counsellor"].empty_label = _("— not planned —")

    def clean(self):
        cleaned = super().clean()
        sw, co = cleaned.get("social_worker"), cleaned.get("counsellor")
        if bool(sw) != bool(co):
            self.add_error(
                "counsellor" if sw else "social_worker",
                _("Choose both members of the pair, or neither to leave the week unplanned."),
            )
        return cleaned


class ApiTokenForm(OnceForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses the token, e.g. the e-service's test environment."),
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, initial=90)

    def __init__(self, *args, max_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].widget.attrs["max"] = max_days
        self.fields["days"].validators.append(MaxValueValidator(max_days))
