from django import forms
from django.utils.translation import gettext_lazy as _

from porras.clients.hetu import parse_hetu
from porras.clients.models import Client, Language, ReasonKind
from porras.core import clock
from porras.core.once import OnceForm
from porras.people.models import Municipality


class HetuField(forms.CharField):
    """A henkilötunnus; spaces around a pasted code are dropped before it is checked (a
    browser limit of 11 characters would cut a pasted " 131052-308T" short)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("Personal identity code"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value:
            parse_hetu(value, today=clock.today())
            return value.strip().upper()
        return value


class ClientSearchForm(forms.Form):
    q = forms.CharField(label=_("Personal identity code or name"), max_length=100, required=False)


class ClientDetailsForm(forms.Form):
    first_name = forms.CharField(label=_("First names"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A postal code has five digits.")},
    )
    post_office = forms.CharField(label=_("Post office"), max_length=100, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"), queryset=Municipality.objects.none(), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=Language.FINNISH
    )
    non_disclosure = forms.BooleanField(
        label=_("Non-disclosure (turvakielto)"),
        required=False,
        help_text=_(
            "Address and contact data are then shown only to the responsible worker and co-worker."
        ),
    )

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(county=county)


class ClientRegisterForm(OnceForm, ClientDetailsForm):
    hetu = HetuField(required=False, help_text=_("Leave empty for an unidentified person."))
    unidentified_description = forms.CharField(
        label=_("Description of an unidentified person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a man about 40 at the bus station."),
    )
    field_order = ["hetu", "first_name", "last_name", "unidentified_description"]

    def clean(self):
        cleaned = super().clean()
        if "hetu" in self.errors:
            return cleaned
        if cleaned.get("hetu"):
            for name in ("first_name", "last_name"):
                if not cleaned.get(name):
                    self.add_error(name, _("Give the name of an identified client."))
        elif not cleaned.get("unidentified_description"):
            self.add_error(
                "hetu", _("Give the personal identity code, or describe the unidentified person.")
            )
        return cleaned


class ClientEditForm(ClientDetailsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClientIdentifyForm(forms.Form):
    hetu = HetuField()
    first_name = forms.CharField(label=_("First names"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    reason_kind = forms.ChoiceField(
        label=_("Reason, if the person is a client you have no relationship with"),
        choices=[("", "—"), *ReasonKind.choices],
        required=False,
    )
    reason_explanation = forms.CharField(
        label=_("Explanation"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed only when the code belongs to a client you have no client relationship "
            "with. The data protection officer reviews every such identification."
        ),
    )
    reason_needed = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason_explanation", "").strip() and not cleaned.get("reason_kind"):
            self.add_error("reason_kind", _("Choose the reason."))
        return cleaned


class StatedReasonForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Reason"), choices=ReasonKind.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why does your task need this client's data now? The data protection "
            "officer reviews every such access."
        ),
    )


class HetuReasonForm(StatedReasonForm):
    hetu = HetuField()
    field_order = ["hetu", "kind", "explanation"]


def client_initial(client: Client) -> dict:
    return {
        name: getattr(client, name)
        for name in (
            "first_name",
            "last_name",
            "street_address",
            "postal_code",
            "post_office",
            "municipality",
            "phone",
            "email",
            "language",
            "non_disclosure",
            "version",
        )
    }
