"""The front page (Oma työ): what this worker needs to know today, by role."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from porras.casework.models import Case, CaseStatus
from porras.core import clock
from porras.core.views import post_only
from porras.handbook.selectors import worklist
from porras.intake.selectors import visible_names
from porras.people import selectors
from porras.people.models import Role


@login_required
def front(request):
    user = request.user
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
    notifications = list(user.notifications.filter(read_at__isnull=True)[:10])
    my_cases = list(
        Case.objects.filter(responsible=user, status=CaseStatus.OPEN)
        .select_related("client")
        .order_by("opened_at")[:50]
    )
    case_names = visible_names(user, [c.client for c in my_cases], record_type="casework.case")
    return render(
        request,
        "home/front.html",
        {
            "notifications": notifications,
            "my_cases": [(case, case_names[case.client_id]) for case in my_cases],
            "duty": duty,
            "on_duty_teams": on_duty_teams,
            "my_absences": selectors.upcoming_absences(user),
            "managed": managed,
            "handbook": worklist(user),
            "iso_week": today.isocalendar().week,
            "weeks_ahead": settings.PORRAS_ROTA_WEEKS_AHEAD,
        },
    )


@login_required
@post_only("home:front")
def notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=clock.now())
    return redirect("home:front")
