from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from porras.clients.forms import HetuField
from porras.core import clock
from porras.intake.models import (
    Channel,
    Consent,
    GuidanceCategory,
    Initiator,
    Kind,
    Motivation,
    NotifierType,
    Outcome,
    ServiceDirectoryEntry,
    Urgency,
)
from porras.people.forms import DateInput
from porras.people.models import Municipality, Team


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of matter"), choices=Kind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    received_at = forms.DateTimeField(label=_("Received"), widget=DateTimeInput())
    urgent = forms.BooleanField(label=_("Marked urgent"), required=False)
    hetu = HetuField(required=False, help_text=_("Leave empty for an unidentified person."))
    first_name = forms.CharField(
        label=_("First names"),
        max_length=150,
        required=False,
        help_text=_("Needed when the client is new."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    unidentified_description = forms.CharField(
        label=_("Description of an unidentified person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"), queryset=Municipality.objects.none(), required=False
    )
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A postal code has five digits.")},
    )
    description = forms.CharField(
        label=_("Description of the matter"), widget=forms.Textarea(attrs={"rows": 4})
    )
    initiator = forms.ChoiceField(label=_("Initiated by"), choices=Initiator.choices)
    notifier_type = forms.ChoiceField(
        label=_("Notifier's organisation (notifications)"),
        choices=[("", "—"), *NotifierType.choices],
        required=False,
    )
    notifier_name = forms.CharField(label=_("Notifier"), max_length=200, required=False)
    notifier_contact = forms.CharField(
        label=_("Notifier's contact data"), max_length=200, required=False
    )
    consent = forms.ChoiceField(
        label=_("Consent"), choices=[("", "—"), *Consent.choices], required=False
    )
    team = forms.ModelChoiceField(
        label=_("Local team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Leave empty: the client's municipality decides."),
    )
    statutory_group = forms.BooleanField(
        label=_("Over 75, highest care allowance or disabled person"), required=False
    )
    kela_forwarded = forms.BooleanField(label=_("Forwarded by Kela"), required=False)
    personal_discussion_requested = forms.BooleanField(
        label=_("Client asks for a personal discussion"), required=False
    )
    attachments = MultipleFileField(label=_("Attachments (PDF, JPEG, PNG)"), required=False)

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(county=county)
        self.fields["team"].queryset = Team.objects.filter(county=county)
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime(clock.now()).replace(second=0, microsecond=0)
            )

    def clean(self):
        cleaned = super().clean()
        if (
            "hetu" not in self.errors
            and not cleaned.get("hetu")
            and not cleaned.get("unidentified_description", "").strip()
        ):
            self.add_error(
                "hetu", _("Give the personal identity code, or describe the unidentified person.")
            )
        if cleaned.get("kind") == Kind.NOTIFICATION and not cleaned.get("notifier_type"):
            self.add_error("notifier_type", _("A notification needs the notifier's organisation."))
        return cleaned


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Open matters")),
            ("queued", _("In the queue")),
            ("in_guidance", _("In service guidance")),
            ("waiting_completion", _("Waiting for completion")),
            ("forwarded", _("Forwarded to distribution")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("All")), *Urgency.choices]
    )


class AttemptForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    reached = forms.TypedChoiceField(
        label=_("Was the client reached?"),
        choices=[("1", _("Reached")), ("0", _("Not reached"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class UrgencyForm(forms.Form):
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, widget=forms.RadioSelect
    )


class MotivationForm(forms.Form):
    motivation = forms.ChoiceField(
        label=_("Motivation to receive service"),
        choices=Motivation.choices,
        widget=forms.RadioSelect,
    )


class GuidanceForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Topics"), choices=GuidanceCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(label=_("Guidance given"), widget=forms.Textarea(attrs={"rows": 3}))


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceDirectoryEntry.objects.none()
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ServiceDirectoryEntry.objects.filter(
            county=county, active=True
        )


class CompletionRequestForm(forms.Form):
    note = forms.CharField(
        label=_("What the application lacks"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CompletionReceiveForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed application arrived on"), widget=DateInput())


class ForwardForm(forms.Form):
    note = forms.CharField(
        label=_("Notes for the duty pair"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            (Outcome.RESOLVED, Outcome.RESOLVED.label),
            (Outcome.REFERRED, Outcome.REFERRED.label),
            (Outcome.NOT_REACHED, Outcome.NOT_REACHED.label),
            (Outcome.REFUSED, Outcome.REFUSED.label),
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
