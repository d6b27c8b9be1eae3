"""Who may do what to a case, as a table: every action, asked by everybody around the case."""

import pytest
from django.core.exceptions import PermissionDenied

from porras.casework import services
from porras.casework.models import Case

# The case: responsible worker counsellor2; this week's duty pair social_worker + counsellor.
ACTORS = (
    "responsible",
    "duty_counsellor",
    "duty_social_worker",
    "manager",
    "colleague",
    "guidance",
    "other_team",
    "data_protection",
    "admin",
    "elsewhere",
)
ALLOWED = {
    "reassess": {"responsible", "duty_counsellor", "duty_social_worker", "manager"},
    "reassign": {"duty_counsellor", "duty_social_worker", "manager"},
    "co_worker": {"responsible", "duty_counsellor", "duty_social_worker", "manager"},
    "consult": {"responsible"},
    "move_cases": {"manager"},
}


def actor(org, name):
    return {
        "responsible": org.counsellor2,
        "duty_counsellor": org.counsellor,
        "duty_social_worker": org.social_worker,
        "manager": org.manager,
        "colleague": org.social_worker2,
        "guidance": org.guidance,
        "other_team": org.other_counsellor,
        "data_protection": org.data_protection,
        "admin": org.admin,
        "elsewhere": org.elsewhere.manager,
    }[name]


def act(action, case, org, who):
    if action == "reassess":
        return services.case_reassess(
            case=case, acting_user=who, special_difficulty=False, broad_need=True, reasons="Arvio"
        )
    if action == "reassign":
        return services.case_reassign(
            case=case, worker=org.counsellor, acting_user=who, reason="Tasaus"
        )
    if action == "co_worker":
        return services.co_worker_set(case=case, worker=org.social_worker2, acting_user=who)
    if action == "consult":
        return services.consultation_ask(
            case=case, consultant=org.social_worker2, question="Erityinen tuki?", acting_user=who
        )
    return services.move_cases_of(
        worker=org.counsellor2, team=org.team, acting_user=who, reason="Pitkä poissaolo"
    )


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_case_action_by_each_actor(org, case, action, who):
    before = Case.objects.get(pk=case.pk).version
    if who in ALLOWED[action]:
        act(action, case, org, actor(org, who))
    else:
        with pytest.raises(PermissionDenied):
            act(action, case, org, actor(org, who))
        after = Case.objects.get(pk=case.pk)
        assert after.version == before and after.responsible == org.counsellor2
        assert not after.consultations.exists() and after.co_worker is None
