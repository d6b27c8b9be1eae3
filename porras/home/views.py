"""The front page (Oma työ): what this worker needs to know today, by role."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from porras.core import clock
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
    return render(
        request,
        "home/front.html",
        {
            "duty": duty,
            "on_duty_teams": on_duty_teams,
            "my_absences": selectors.upcoming_absences(user),
            "managed": managed,
            "iso_week": today.isocalendar().week,
            "weeks_ahead": settings.PORRAS_ROTA_WEEKS_AHEAD,
        },
    )
