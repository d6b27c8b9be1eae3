"""Every permission of the resolver, asked of everybody: exactly the named people are allowed.

One table row per permission; each row is checked for every worker below (every role,
both teams, an inactive worker, another county's officer and an anonymous visitor), so
a permission that starts allowing one more role fails here.
"""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from porras.decisions.services import delegation_rules
from porras.people import permissions
from porras.people.models import Role
from porras.synth.factories import DutyPairFactory, WorkerFactory


@pytest.fixture
def people(org, this_monday):
    DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker,
        counsellor=org.counsellor,
        planned_by=org.manager,
    )
    # Last week's pair is not on duty now: every row below must ignore it.
    DutyPairFactory(
        team=org.team,
        week_start=this_monday - dt.timedelta(days=7),
        social_worker=org.social_worker2,
        counsellor=org.counsellor2,
        planned_by=org.manager,
    )

    def worker(username, role, teams=(), **extra):
        return WorkerFactory(
            username=username, role=role, county=org.county, teams=list(teams), **extra
        )

    return {
        "manager": org.manager,
        "other_manager": org.other_manager,
        "duty_social_worker": org.social_worker,
        "social_worker": org.social_worker2,
        "duty_counsellor": org.counsellor,
        "counsellor": org.counsellor2,
        "guidance": org.guidance,
        "benefit_handler": worker("etuus", Role.BENEFIT_HANDLER, [org.team]),
        "other_counsellor": org.other_counsellor,
        "process_owner": worker("omistaja", Role.PROCESS_OWNER),
        "quality": worker("laatu", Role.QUALITY),
        "data_protection": org.data_protection,
        "admin": org.admin,
        "inactive_manager": worker("entinen", Role.MANAGER, [org.team], is_active=False),
        "elsewhere_officer": org.elsewhere.data_protection,
        "organiser": worker("jarjestaja", Role.ORGANISER),
        "inactive_organiser": worker("entinen-jarjestaja", Role.ORGANISER, is_active=False),
        "anonymous": AnonymousUser(),
    }


CLIENT_WORK = {
    "manager",
    "other_manager",
    "duty_social_worker",
    "social_worker",
    "duty_counsellor",
    "counsellor",
    "guidance",
    "benefit_handler",
    "other_counsellor",
}
TEAM = {
    "manager",
    "duty_social_worker",
    "social_worker",
    "duty_counsellor",
    "counsellor",
    "guidance",
    "benefit_handler",
}
COUNTY_WIDE = {"process_owner", "quality", "data_protection", "admin"}

TABLE = [
    ("works_with_clients", lambda p, org, u: permissions.works_with_clients(u), CLIENT_WORK),
    (
        "can_view_team",
        lambda p, org, u: permissions.can_view_team(u, org.team),
        TEAM | COUNTY_WIDE,
    ),
    ("can_plan_rota", lambda p, org, u: permissions.can_plan_rota(u, org.team), {"manager"}),
    (
        "can_manage_absences of a team member",
        lambda p, org, u: permissions.can_manage_absences(u, p["counsellor"]),
        {"manager", "counsellor"},
    ),
    (
        "can_distribute",
        lambda p, org, u: permissions.can_distribute(u, org.team),
        {"manager", "duty_social_worker", "duty_counsellor"},
    ),
    (
        "can_read_access_log",
        lambda p, org, u: permissions.can_read_access_log(u),
        {
            "data_protection",
            "elsewhere_officer",
        },
    ),
    (
        "can_read_handbook_drafts",
        lambda p, org, u: permissions.can_read_handbook_drafts(u),
        {"process_owner", "quality", "admin"},
    ),
    (
        "can_edit_handbook",
        lambda p, org, u: permissions.can_edit_handbook(u),
        {"process_owner", "quality", "admin"},
    ),
    ("can_check_handbook", lambda p, org, u: permissions.can_check_handbook(u), {"quality"}),
    (
        "can_approve_handbook without a named owner",
        lambda p, org, u: permissions.can_approve_handbook(u, None),
        {"process_owner"},
    ),
    (
        "can_approve_handbook of another owner's process",
        lambda p, org, u: permissions.can_approve_handbook(u, p["admin"].pk),
        set(),
    ),
    (
        "works_on_case of the counsellor's case",
        lambda p, org, u: permissions.works_on_case(
            u, responsible_id=p["counsellor"].pk, co_worker_id=None
        ),
        {"counsellor"},
    ),
    (
        "works_on_case with a co-worker",
        lambda p, org, u: permissions.works_on_case(
            u, responsible_id=p["counsellor"].pk, co_worker_id=p["social_worker"].pk
        ),
        {"counsellor", "social_worker"},
    ),
    (
        "can_close_case of the counsellor's case",
        lambda p, org, u: permissions.can_close_case(
            u, team=org.team, responsible_id=p["counsellor"].pk, co_worker_id=None
        ),
        {"counsellor", "manager"},  # not the inactive manager, nor another team's
    ),
    (
        "can_close_case with a co-worker",
        lambda p, org, u: permissions.can_close_case(
            u,
            team=org.team,
            responsible_id=p["counsellor"].pk,
            co_worker_id=p["social_worker"].pk,
        ),
        {"counsellor", "social_worker", "manager"},
    ),
    (
        "in_duty_pair of the team this week",
        lambda p, org, u: u.is_authenticated and permissions.in_duty_pair(u, org.team),
        {"duty_social_worker", "duty_counsellor"},
    ),
    (
        "in_duty_pair of another team",
        lambda p, org, u: u.is_authenticated and permissions.in_duty_pair(u, org.other_team),
        set(),
    ),
    (
        "can_conclude_special_support",
        lambda p, org, u: permissions.can_conclude_special_support(u),
        {"duty_social_worker", "social_worker"},
    ),
    (
        "can_review_retention",
        lambda p, org, u: permissions.can_review_retention(u),
        {"data_protection", "elsewhere_officer", "admin"},
    ),
    (
        "can_decide supplementary support of 640 € under the shipped delegation",
        lambda p, org, u: permissions.can_decide(
            u,
            delegation_rules(org.county),
            decision_type="income_supplementary",
            outcome="partly_granted",
            amount=Decimal("640"),
            special_support_need=False,
        ),
        {"benefit_handler", "duty_social_worker", "social_worker"},
    ),
    (
        "can_decide for a client with special support need (SHL § 46)",
        lambda p, org, u: permissions.can_decide(
            u,
            delegation_rules(org.county),
            decision_type="income_supplementary",
            outcome="granted",
            amount=Decimal("10"),
            special_support_need=True,
        ),
        {"duty_social_worker", "social_worker"},
    ),
    ("is_organiser", lambda p, org, u: permissions.is_organiser(u), {"organiser"}),
    (
        "participant_access of their own organiser's open placement",
        lambda p, org, u: (
            permissions.participant_access(
                u, client_county_id=org.county.pk, on_organiser_staff=True, placement_open=True
            ).allowed
        ),
        {"organiser"},  # never a worker's ground, whatever the facts passed in
    ),
    (
        "participant_access after the placement or of another organiser's participant",
        lambda p, org, u: any(
            permissions.participant_access(
                u, client_county_id=org.county.pk, on_organiser_staff=staff, placement_open=live
            ).allowed
            for staff, live in ((True, False), (False, True))
        ),
        set(),
    ),
    (
        "participant_access of another county's participant",
        lambda p, org, u: (
            permissions.participant_access(
                u,
                client_county_id=org.elsewhere.county.pk,
                on_organiser_staff=True,
                placement_open=True,
            ).allowed
        ),
        set(),
    ),
    (
        "manages_team",
        lambda p, org, u: permissions.manages_team(u, org.team),
        {"manager", "inactive_manager"},  # the fact; acting needs an active account too
    ),
    (
        "is_member",
        lambda p, org, u: permissions.is_member(u, org.team),
        TEAM | {"inactive_manager"},
    ),
]


@pytest.mark.parametrize(("name", "allowed", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_permission_is_given_to_exactly(org, people, name, allowed, expected):
    granted = {who for who, user in people.items() if allowed(people, org, user)}
    assert granted == expected


def test_every_permission_of_the_resolver_is_in_the_table():
    tested = {row[0].split(" ")[0] for row in TABLE}
    public = {
        name
        for name in dir(permissions)
        if name.startswith(("can_", "works_", "manages_", "is_"))
        and callable(getattr(permissions, name))
    }
    assert public <= tested, public - tested


# --- The client relationship rules (703/2023 § 9) ---

RELATIONSHIP_GROUNDS = [
    # (relationship kind, held by the worker or by the team, who gets which ground)
    ("responsible", "worker", {"duty_counsellor": "responsible", "manager": "team_manager",
                               "duty_social_worker": "duty_pair"}),
    ("co_worker", "worker", {"duty_counsellor": "co_worker", "manager": "team_manager",
                             "duty_social_worker": "duty_pair"}),
    ("consultant", "worker", {"duty_counsellor": "consultant", "manager": "team_manager",
                              "duty_social_worker": "duty_pair"}),
    ("registered", "worker", {"duty_counsellor": "registered"}),
    ("intake_queue", "team", {who: "intake_queue" for who in TEAM}),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "holder", "grounds"), RELATIONSHIP_GROUNDS)
def test_who_sees_a_client_by_which_relationship(org, people, kind, holder, grounds):
    relationship = permissions.Relationship(
        kind,
        org.team.pk if holder == "team" or kind != "registered" else None,
        people["duty_counsellor"].pk if holder == "worker" else None,
    )
    for who, user in people.items():
        access = permissions.client_access(
            permissions.client_scope(user),
            client_county_id=org.county.pk,
            relationships=[relationship],
        )
        assert (access.allowed, access.purpose) == (
            who in grounds,
            grounds.get(who, "none"),
        ), who
        assert access.sees_protected_contact == (grounds.get(who) in ("responsible", "co_worker"))


def test_another_countys_client_is_refused_whatever_the_relationship(org, people):
    relationship = permissions.Relationship("responsible", org.team.pk, org.counsellor.pk)
    access = permissions.client_access(
        permissions.client_scope(org.counsellor),
        client_county_id=org.elsewhere.county.pk,
        relationships=[relationship],
        stated_reason="Kiire",
    )
    assert not access.allowed


def test_a_stated_reason_opens_access_flagged(org, people):
    access = permissions.client_access(
        permissions.client_scope(people["process_owner"]),
        client_county_id=org.county.pk,
        relationships=[],
        stated_reason="Kiireellinen tilanne: selvitys",
    )
    assert dataclasses.astuple(access) == (
        True,
        "stated_reason",
        True,
        "Kiireellinen tilanne: selvitys",
    )
