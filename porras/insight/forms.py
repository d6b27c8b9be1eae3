import dataclasses
import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from porras.core import clock
from porras.handbook.models import Process, ProcessStatus
from porras.insight.traces import Scope
from porras.intake.models import Kind
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
        error_messages={
            "invalid_choice": _("You do not see the figures of that team."),
            "invalid_pk_value": _("You do not see the figures of that team."),
        },
    )
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)

    def __init__(
        self, *args, user, period: bool = True, compare: bool = False, kinds: bool = False, **kw
    ):
        super().__init__(*args, **kw)
        self.user = user
        if kinds:  # the flow and conformance follow matters: of one kind, if chosen
            self.fields["kind"] = forms.ChoiceField(
                label=_("Matters"),
                choices=[("", _("All kinds")), *Kind.choices],
                required=False,
                error_messages={"invalid_choice": _("Choose a kind of matter from the list.")},
            )
        if not period:  # the deadlines board is about now: a team only
            del self.fields["since"], self.fields["until"]
        if compare:  # before and after: the period, and the one it is compared with
            self.fields["since"].label, self.fields["until"].label = (
                _("After: from"),
                _("After: to"),
            )
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
            kind=data.get("kind", ""),
        )

    def before_scope(self) -> Scope:
        """The period compared with (before and after): the same team and matters."""
        return dataclasses.replace(
            self.scope(),
            since=self.cleaned_data["before_since"],
            until=self.cleaned_data["before_until"],
        )


class ConformanceForm(ScopeForm):
    """The scope, and the handbook's process to hold it against: a published process
    whose diagram's tasks name activity codes."""

    process = forms.ModelChoiceField(
        label=_("Process"),
        queryset=None,
        empty_label=None,
        required=False,
        error_messages={
            "invalid_choice": _("Choose a published process from the list."),
            "invalid_pk_value": _("Choose a published process from the list."),
        },
    )

    def __init__(self, *args, user, **kw):
        super().__init__(*args, user=user, kinds=True, **kw)
        self.fields["process"].queryset = (
            Process.objects.filter(
                county_id=user.county_id,
                status=ProcessStatus.PUBLISHED,
                diagram__isnull=False,
                task_mappings__activity__gt="",
            )
            .distinct()
            .order_by("title")
        )
        self.order_fields(["process"])

    def clean(self):
        data = super().clean()
        if data.get("process") is None and "process" not in self.errors:
            data["process"] = self.fields["process"].queryset.first()
            if data["process"] is None:
                self.add_error(
                    "process", _("No published process of the handbook names activity codes.")
                )
        return data
