from porras.people import permissions
from porras.people.models import Role

# The roles the four-field gives cases to (DOMAIN.md): they get "My cases" in the bar.
CASE_ROLES = (Role.COUNSELLOR, Role.SOCIAL_WORKER)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    teams = list(user.teams.all())
    return {
        "nav_clients": permissions.works_with_clients(user),
        "nav_access_log": permissions.can_read_access_log(user),
        "nav_cases": user.role in CASE_ROLES,
        "nav_retention": permissions.can_review_retention(user),
        "nav_benefits": permissions.handles_benefits(user) or user.role == Role.MANAGER,
        # A team's worker sees its figures (permissions.insight_teams): no query more.
        "nav_insight": permissions.sees_county_figures(user) or bool(teams),
        "nav_distribution": any(permissions.can_distribute(user, team) for team in teams),
        "nav_activation": user.role in CASE_ROLES or user.role == Role.MANAGER,
        "nav_organiser": permissions.is_organiser(user),
    }
