import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from porras.core import clock
from porras.insight.traces import Scope
from porras.people import permissions

DEFAULT_DAYS = 91


class ScopeForm(forms.Form):
    """Which team and period the figures cover: the one validation for pages, API and
    exports. Without dates, the last 13 weeks up to today; without a team, the whole county
    for county-wide roles and the worker's own team for the others."""

    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("You do not see the figures of that team.")},
    )
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, user, period: bool = True, compare: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not period:  # the deadlines board is about now: a team only
            del self.fields["since"], self.fields["until"]
        if compare:  # before and after: the period, and the one it is compared with
            self.fields["since"].label, self.fields["until"].label = _("After: from"), _("After: to")
            self.fields["before_since"] = forms.DateField(label=_("Before: from"), required=False)
            self.fields["before_until"] = forms.DateField(label=_("Before: to"), required=False)
        self.fields["team"].queryset = permissions.insight_teams(user)
        self.fields["team"].empty_label = (
            _("Whole county") if permissions.sees_county_figures(user) else None
        )
        for name in [name for name in self.fields if "since" in name or "until" in name]:
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"})

    def clean(self):
        data = super().clean()
        until = data.get("until") or clock.today()
        since = data.get("since") or until - dt.timedelta(days=DEFAULT_DAYS)
        if since > until:
            self.add_error("until", _("The end of the period is before its start."))
        if since.year < 2000 or until.year > 2100:
            self.add_error("since", _("Give a period between the years 2000 and 2100."))
        data["since"], data["until"] = since, until
        if "before_since" in self.fields:
            before_until = data.get("before_until") or since - dt.timedelta(days=1)
            before_since = data.get("before_since") or before_until - (until - since)
            if before_since > before_until:
                self.add_error("before_until", _("The end of the period is before its start."))
            data["before_since"], data["before_until"] = before_since, before_until
        own_team_only = not permissions.sees_county_figures(self.user)
        if data.get("team") is None and "team" not in self.errors and own_team_only:
            # A team's worker sees their (first) team's figures unless they choose.
            data["team"] = self.fields["team"].queryset.first()
            if data["team"] is None:
                self.add_error("team", _("You belong to no team whose figures to show."))
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        team = data.get("team")
        return Scope(
            county_id=self.user.county_id,
            team_id=team.pk if team else None,
            since=data["since"],
            until=data["until"],
        )

    def before_scope(self) -> Scope:
        """The period compared with (before and after): the same team."""
        return Scope(
            county_id=self.user.county_id,
            team_id=self.scope().team_id,
            since=self.cleaned_data["before_since"],
            until=self.cleaned_data["before_until"],
        )
