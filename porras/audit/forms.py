from django import forms
from django.utils.translation import gettext_lazy as _

from porras.audit.models import ReviewDecision
from porras.clients.forms import HetuField
from porras.people.forms import DateInput

# The log cannot hold entries outside these years; later dates would overflow.
EARLIEST, LATEST = 2000, 2200


class LogSearchForm(forms.Form):
    hetu = HetuField(required=False, label=_("Client's personal identity code"))
    client_id = forms.UUIDField(required=False, label=_("or client id"))
    username = forms.CharField(required=False, max_length=150, label=_("User (username)"))
    first = forms.DateField(required=False, label=_("From"), widget=DateInput())
    last = forms.DateField(required=False, label=_("To"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        given = ("hetu", "client_id", "username", "first", "last")
        if not any(cleaned.get(name) for name in given) and not self.errors:
            raise forms.ValidationError(_("Give a client, a user or a period to search for."))
        first, last = cleaned.get("first"), cleaned.get("last")
        for name in ("first", "last"):
            day = cleaned.get(name)
            if day and not (EARLIEST <= day.year <= LATEST):
                self.add_error(
                    name,
                    _("Give a date between the years %(first)s and %(last)s.")
                    % {"first": EARLIEST, "last": LATEST},
                )
        if first and last and last < first:
            self.add_error("last", _("The end of the period cannot be before its start."))
        return cleaned


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class SearchQuery(forms.Form):
    """A search as its address carries it (ids and dates only, never an identity code)."""

    client = forms.UUIDField(required=False)
    subject = forms.RegexField(regex=r"^[0-9a-f]{64}$", required=False)
    username = forms.CharField(required=False, max_length=150)
    first = forms.DateField(required=False)
    last = forms.DateField(required=False)

    def clean(self):
        cleaned = super().clean()
        for name in ("first", "last"):
            day = cleaned.get(name)
            if day and not (EARLIEST <= day.year <= LATEST):
                cleaned[name] = None
        return cleaned
