"""The one permission resolver of Porras: role × team × relationship.

Every selector and service that needs a decision asks here; templates only show
what the view already decided. Later rooms add the client relationship checks
(responsible worker, duty pair, stated reason) to this same module.
"""

from django.core.exceptions import PermissionDenied

from porras.people.models import Role, Team, Worker


def is_member(user: Worker, team: Team) -> bool:
    return user.is_authenticated and user.memberships.filter(team=team).exists()


def manages_team(user: Worker, team: Team) -> bool:
    return user.is_authenticated and user.role == Role.MANAGER and is_member(user, team)


def can_view_team(user: Worker, team: Team) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_county_wide:
        return user.county_id == team.county_id
    return is_member(user, team)


def can_plan_rota(user: Worker, team: Team) -> bool:
    """Only the team's own manager plans its duty rota."""
    return user.is_active and manages_team(user, team)


def can_manage_absences(user: Worker, worker: Worker) -> bool:
    """A worker enters their own absences; a manager those of their team members."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk == worker.pk:
        return True
    if user.role != Role.MANAGER:
        return False
    return worker.memberships.filter(team__memberships__worker=user).exists()


def require(allowed: bool, message) -> None:
    """Raise a 403 with a message the user can understand."""
    if not allowed:
        raise PermissionDenied(message)
