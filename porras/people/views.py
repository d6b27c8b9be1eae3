import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import formset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from porras.core import clock, once
from porras.core.errors import DomainError
from porras.core.views import post_only
from porras.people import permissions, selectors, services
from porras.people.forms import AbsenceForm, ApiTokenForm, RotaWeekForm
from porras.people.models import Absence, ApiToken, Role, Team, Worker

RotaFormSet = formset_factory(RotaWeekForm, extra=0)
PAST_SHOWN = dt.timedelta(days=90)


def _team_for(request, team_id) -> Team:
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise Http404
    permissions.require(
        permissions.can_view_team(request.user, team),
        _("You are not a member of this team."),
    )
    return team


@login_required
def rota(request, team_id):
    team = _team_for(request, team_id)
    weeks = selectors.rota_weeks(
        team,
        first_week=clock.week_start(clock.today()),
        weeks=settings.PORRAS_ROTA_WEEKS_AHEAD,
    )
    return render(
        request,
        "people/rota.html",
        {"team": team, "weeks": weeks, "can_plan": permissions.can_plan_rota(request.user, team)},
    )


@login_required
def rota_plan(request, team_id):
    team = _team_for(request, team_id)
    permissions.require(
        permissions.can_plan_rota(request.user, team),
        _("Only the manager of this team may plan its duty rota."),
    )
    weeks = selectors.rota_weeks(
        team,
        first_week=clock.week_start(clock.today()),
        weeks=settings.PORRAS_ROTA_WEEKS_AHEAD,
    )
    form_kwargs = {
        "social_workers": selectors.team_members(team, role=Role.SOCIAL_WORKER),
        "counsellors": selectors.team_members(team, role=Role.COUNSELLOR),
    }
    initial = [
        {
            "week_start": week.week_start,
            "version": week.pair.version if week.pair else None,
            "social_worker": week.pair.social_worker_id if week.pair else None,
            "counsellor": week.pair.counsellor_id if week.pair else None,
        }
        for week in weeks
    ]
    if request.method == "POST":
        formset = RotaFormSet(request.POST, initial=initial, form_kwargs=form_kwargs)
        if formset.is_valid() and _save_rota(request, team, formset):
            messages.success(request, _("The duty rota was saved."))
            return redirect("people:rota", team_id=team.pk)
        if len(formset.forms) != len(weeks):
            # A broken or stale post (not one row per week): start from what is saved.
            messages.error(request, _("The form was incomplete. Nothing was saved; try again."))
            formset = RotaFormSet(initial=initial, form_kwargs=form_kwargs)
            return _render_rota_plan(request, team, weeks, formset, status=400)
    else:
        formset = RotaFormSet(initial=initial, form_kwargs=form_kwargs)
    return _render_rota_plan(request, team, weeks, formset, status=400 if formset.is_bound else 200)


def _render_rota_plan(request, team, weeks, formset, *, status):
    rows = list(zip(weeks, formset.forms, strict=True))
    return render(
        request,
        "people/rota_plan.html",
        {"team": team, "formset": formset, "rows": rows},
        status=status,
    )


def _save_rota(request, team: Team, formset) -> bool:
    """Save every changed week, or none of them when any week is refused."""
    valid_weeks = {
        clock.week_start(clock.today()) + dt.timedelta(weeks=n)
        for n in range(settings.PORRAS_ROTA_WEEKS_AHEAD)
    }
    with transaction.atomic():
        for form in formset.forms:
            if not form.has_changed():
                continue
            data = form.cleaned_data
            if data["week_start"] not in valid_weeks:
                form.add_error(None, _("This week cannot be planned here."))
                continue
            try:
                if data["social_worker"] and data["counsellor"]:
                    services.duty_pair_plan(
                        team=team,
                        week_start=data["week_start"],
                        social_worker=data["social_worker"],
                        counsellor=data["counsellor"],
                        acting_user=request.user,
                        expected_version=data["version"],
                    )
                else:
                    services.duty_pair_remove(
                        team=team,
                        week_start=data["week_start"],
                        acting_user=request.user,
                        expected_version=data["version"],
                    )
            except DomainError as error:
                form.add_error(error.field, error.message)
        if any(form.errors for form in formset.forms):
            transaction.set_rollback(True)
            messages.error(request, _("The rota was not saved. Correct the weeks marked below."))
            return False
    return True


@login_required
def absences(request):
    user: Worker = request.user
    managed = selectors.teams_managed_by(user)
    workers = Worker.objects.filter(pk=user.pk) | Worker.objects.filter(
        memberships__team__in=managed, is_active=True
    )
    workers = workers.distinct().order_by("last_name", "first_name")
    if request.method == "POST":
        form = AbsenceForm(request.POST, workers=workers)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                with once.spending(data.pop("once"), user) as result:
                    services.absence_create(acting_user=user, **data)
                    result.url = reverse("people:absences")
            except once.Spent as spent:
                return once.already_sent(request, spent.url, reverse("people:absences"))
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The absence was saved."))
                return redirect("people:absences")
    else:
        form = AbsenceForm(workers=workers, initial={"worker": user.pk})
    today = clock.today()
    mine = Absence.objects.filter(worker__in=workers).select_related("worker", "created_by")
    listed = mine.filter(ends_on__gte=today).order_by("starts_on", "worker__last_name")
    # The past stays in view for a while: a manager checks last month's absences too.
    past = mine.filter(ends_on__lt=today, ends_on__gte=today - PAST_SHOWN).order_by(
        "-starts_on", "worker__last_name"
    )
    return render(
        request,
        "people/absences.html",
        {"form": form, "absences": listed, "past": past, "manages": managed.exists()},
        status=400 if form.is_bound else 200,
    )


@login_required
@post_only("people:absences")
def absence_delete(request, absence_id):
    absence = get_object_or_404(Absence.objects.select_related("worker"), pk=absence_id)
    services.absence_delete(absence=absence, acting_user=request.user)
    messages.success(request, _("The absence was removed."))
    return redirect("people:absences")


@login_required
def api_tokens(request):
    """A worker's own API tokens: create one (its secret is shown once), list, revoke."""
    user: Worker = request.user
    form = ApiTokenForm(
        request.POST or None,
        max_days=settings.PORRAS_API_TOKEN_MAX_DAYS,
        initial={"days": settings.PORRAS_API_TOKEN_DAYS},
    )
    secret = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            with once.spending(data.pop("once"), user) as result:
                _token, secret = services.api_token_create(worker=user, acting_user=user, **data)
                result.url = reverse("people:api_tokens")
        except once.Spent as spent:
            return once.already_sent(request, spent.url, reverse("people:api_tokens"))
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            form = ApiTokenForm(
                max_days=settings.PORRAS_API_TOKEN_MAX_DAYS,
                initial={"days": settings.PORRAS_API_TOKEN_DAYS},
            )
    response = render(
        request,
        "people/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=user).order_by("-created"),
            "now": clock.now(),
        },
        status=400 if form.errors else 200,
    )
    # The secret is in this response only: never kept by a browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@post_only("people:api_tokens")
def api_token_revoke(request):
    token = ApiToken.objects.filter(user=request.user, digest=request.POST.get("token", "")).first()
    if token is None:
        raise Http404
    services.api_token_revoke(token=token, acting_user=request.user)
    messages.success(request, _("The token was revoked: it no longer works."))
    return redirect("people:api_tokens")
