from porras.people import permissions


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_clients": permissions.works_with_clients(user),
        "nav_access_log": permissions.can_read_access_log(user),
        "nav_distribution": any(
            permissions.can_distribute(user, team) for team in user.teams.all()
        ),
    }
