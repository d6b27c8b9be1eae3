from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from porras.clients.forms import HetuField
from porras.core import clock
from porras.core.once import OnceForm
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


class IntakeForm(OnceForm):
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
        label=_("Over 75, highest care allowance or disabled person"),
        required=False,
        help_text=_("A client over 75 is recognised from the personal identity code."),
    )
    kela_forwarded = forms.BooleanField(label=_("Forwarded by Kela"), required=False)
    personal_discussion_requested = forms.BooleanField(
        label=_("Client asks for a personal discussion"), required=False
    )
    attachments = MultipleFileField(label=_("Attachments (PDF, JPEG, PNG)"), required=False)
    record_anyway = forms.BooleanField(
        label=_("This is a new matter: record it anyway"),
        required=False,
        help_text=_("Tick only when the matter above is not this same matter."),
    )

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


REACHED_CHOICES = [("1", _("Reached")), ("0", _("Not reached"))]
CLOSING_OUTCOMES = [
    (Outcome.RESOLVED, Outcome.RESOLVED.label),
    (Outcome.REFERRED, Outcome.REFERRED.label),
    (Outcome.NOT_REACHED, Outcome.NOT_REACHED.label),
    (Outcome.REFUSED, Outcome.REFUSED.label),
]


class NextStep(models.TextChoices):
    SAVE = "save", _("Save")
    FORWARD = "forward", _("Save and forward to the duty pair")
    CLOSE = "close", _("Save and close the matter")


class FirstContactForm(forms.Form):
    """The whole first contact on one form: everything filled in is saved together, or
    nothing is (a refusal keeps all of it on the page)."""

    attempt_channel = forms.ChoiceField(
        label=_("Contact attempt by"),
        choices=[("", _("No attempt to record")), *Channel.choices],
        required=False,
    )
    attempt_reached = forms.TypedChoiceField(
        label=_("Was the client reached?"),
        choices=REACHED_CHOICES,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        required=False,
    )
    attempt_note = forms.CharField(label=_("Note on the attempt"), max_length=500, required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency (mandatory before forwarding or closing)"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    motivation = forms.ChoiceField(
        label=_("Motivation to receive service"),
        choices=Motivation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    guidance_categories = forms.MultipleChoiceField(
        label=_("Topics of guidance"),
        choices=GuidanceCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guidance_text = forms.CharField(
        label=_("Guidance given"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    referral_service = forms.ModelChoiceField(
        label=_("Referral to another service"),
        queryset=ServiceDirectoryEntry.objects.none(),
        required=False,
    )
    referral_note = forms.CharField(label=_("Note on the referral"), max_length=500, required=False)
    completion_note = forms.CharField(
        label=_("What the application lacks (request for completion)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    completed_on = forms.DateField(
        label=_("Completed application arrived on"), widget=DateInput(), required=False
    )
    outcome = forms.ChoiceField(
        label=_("How the matter ends in service guidance"),
        choices=CLOSING_OUTCOMES,
        widget=forms.RadioSelect,
        required=False,
    )
    end_note = forms.CharField(
        label=_("Notes for the duty pair, or on closing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    next_step = forms.ChoiceField(choices=NextStep.choices, required=False)  # the button pressed

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["referral_service"].queryset = ServiceDirectoryEntry.objects.filter(
            county_id=item.county_id, active=True
        )
        if not self.is_bound:
            self.initial.update({"urgency": item.urgency, "motivation": item.motivation})
        if not item.is_application or item.completion_requested_at:
            del self.fields["completion_note"]
        if not item.is_application or item.status != "waiting_completion":
            del self.fields["completed_on"]

    def clean(self):
        cleaned = super().clean()
        cleaned["next_step"] = cleaned.get("next_step") or NextStep.SAVE
        if cleaned.get("attempt_channel") and cleaned.get("attempt_reached") in (None, ""):
            self.add_error("attempt_reached", _("Say whether the client was reached."))
        if cleaned.get("guidance_categories") and not cleaned.get("guidance_text", "").strip():
            self.add_error("guidance_text", _("Write down the guidance given."))
        if cleaned.get("next_step") == NextStep.CLOSE and not cleaned.get("outcome"):
            self.add_error("outcome", _("Choose how the matter ended."))
        return cleaned
