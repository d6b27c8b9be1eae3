from porras.people import permissions


def test_rota_planning_belongs_to_the_teams_manager(org):
    assert permissions.can_plan_rota(org.manager, org.team)
    assert not permissions.can_plan_rota(org.manager, org.other_team)
    assert not permissions.can_plan_rota(org.counsellor, org.team)
    assert not permissions.can_plan_rota(org.admin, org.team)


def test_inactive_manager_cannot_plan(org):
    org.manager.is_active = False
    assert not permissions.can_plan_rota(org.manager, org.team)


def test_team_visibility(org):
    assert permissions.can_view_team(org.counsellor, org.team)
    assert not permissions.can_view_team(org.counsellor, org.other_team)
    # County-wide roles see every team of their own county.
    assert permissions.can_view_team(org.data_protection, org.other_team)


def test_absence_management(org):
    assert permissions.can_manage_absences(org.counsellor, org.counsellor)
    assert not permissions.can_manage_absences(org.counsellor, org.counsellor2)
    assert permissions.can_manage_absences(org.manager, org.counsellor)
    assert not permissions.can_manage_absences(org.manager, org.other_counsellor)
