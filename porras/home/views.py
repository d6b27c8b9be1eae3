"""The front page (Oma työ): what this worker needs to know today, by role."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from porras.activation import selectors as activation_selectors
from porras.activation import services as activation_services
from porras.benefits import selectors as benefit_selectors
from porras.casework.models import Case
from porras.clients import selectors as client_selectors
from porras.clients.models import ClientRelationship
from porras.core import clock
from porras.core.pagination import page_of
from porras.core.views import post_only
from porras.eventlog.selectors import client_history
from porras.handbook.selectors import worklist
from porras.home.context_processors import CASE_ROLES
from porras.home.selectors import own_work
from porras.intake.models import IntakeItem
from porras.people import permissions, selectors
from porras.people.models import Role
from porras.people.notifications import message as notification_message


@login_required
def front(request):
    user = request.user
    if permissions.is_organiser(user):
        return redirect("activation:participants")
    today = clock.today()
    this_week = clock.week_start(today)
    teams = list(selectors.teams_visible_to(user).distinct())
    duty = selectors.duty_pairs_on(today, teams)
    on_duty_teams = [team for team, pair in duty if pair and user in pair.members]
    managed = []
    if user.role == Role.MANAGER:
        horizon = today + dt.timedelta(days=14)
        for team in selectors.teams_managed_by(user):
            members = list(selectors.team_members(team))
            managed.append(
                {
                    "team": team,
                    "members": members,
                    "absences": selectors.absences_overlapping(members, today, horizon),
                    "unplanned": selectors.unplanned_weeks(
                        team, first_week=this_week, weeks=settings.PORRAS_ROTA_WEEKS_AHEAD
                    ),
                }
            )
    notifications = [
        (note, notification_message(note))
        for note in user.notifications.filter(read_at__isnull=True)[:10]
    ]
    return render(
        request,
        "home/front.html",
        {
            "notifications": notifications,
            "own_work": own_work(user),
            "benefits": benefit_selectors.queue_summary(user)
            if permissions.handles_benefits(user)
            else None,
            "duty": duty,
            "on_duty_teams": on_duty_teams,
            "my_absences": selectors.upcoming_absences(user),
            "managed": managed,
            "handbook": worklist(user),
            # Names are not shown here: the reminder links to the plan, which logs the read.
            "activation_due": activation_selectors.reminders_for(
                user, reminder_days=activation_services.settings_for(user.county).reminder_days
            )
            if user.role in CASE_ROLES and user.county_id
            else [],
            "iso_week": today.isocalendar().week,
            "weeks_ahead": settings.PORRAS_ROTA_WEEKS_AHEAD,
        },
    )


@login_required
@post_only("home:front")
def notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=clock.now())
    return redirect("home:front")


HISTORY_PER_PAGE = 50


@login_required
def client_overview(request, client_id):
    """Everything about one client on one page: matters, cases, relationships and history,
    newest first (access-logged; contact data masked as everywhere)."""
    client, access = client_selectors.client_for_user(
        user=request.user, client_id=client_id, record_type="home.client_overview"
    )
    if client.pk != client_id:
        return redirect("home:client_overview", client_id=client.pk)  # a merged record
    history_ids = client_selectors.client_history_ids(client)
    return render(
        request,
        "home/client_overview.html",
        {
            "client": client_selectors.present(client, access),
            # A team names where a non-disclosure client lives: only for their own workers.
            "show_teams": not client.non_disclosure or access.sees_protected_contact,
            "items": IntakeItem.objects.filter(client_id__in=history_ids)
            .select_related("team", "claimed_by")
            .order_by("-received_at"),
            "cases": Case.objects.filter(client_id__in=history_ids)
            .select_related("team", "responsible", "co_worker")
            .order_by("-opened_at"),
            "relationships": ClientRelationship.objects.live()
            .filter(client_id__in=history_ids)
            .select_related("team", "worker")
            .order_by("-opened_at"),
            "history": page_of(
                client_history(history_ids), request.GET.get("page"), per_page=HISTORY_PER_PAGE
            ),
        },
    )
