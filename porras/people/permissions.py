"""The one permission resolver of Porras: role × team × relationship.

Every selector and service that needs a decision asks here; templates only show
what the view already decided. Later rooms add the client relationship checks
(responsible worker, duty pair, stated reason) to this same module.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from porras.core import clock
from porras.people.models import DutyPair, Role, Team, Worker


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


# --- Work on a case (the case's own facts are passed in: people knows no cases) ---


def works_on_case(user: Worker, *, responsible_id, co_worker_id) -> bool:
    """The responsible worker and the co-worker do the case's work."""
    return user.is_authenticated and user.is_active and user.pk in (responsible_id, co_worker_id)


def can_close_case(user: Worker, *, team: Team, responsible_id, co_worker_id) -> bool:
    """The case's workers close it; so may the team's manager (e.g. when a worker left)."""
    return works_on_case(user, responsible_id=responsible_id, co_worker_id=co_worker_id) or (
        user.is_active and manages_team(user, team)
    )


def can_conclude_special_support(user: Worker) -> bool:
    """SHL § 3(3) and § 36: a special support need is concluded by a social worker in
    public office."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.SOCIAL_WORKER
        and bool(user.public_office)
    )


def can_review_retention(user: Worker) -> bool:
    """The data protection officer and the administrator see whose documents are due
    for disposal (no client names: case references only)."""
    return (
        user.is_authenticated and user.is_active and user.role in (Role.DATA_PROTECTION, Role.ADMIN)
    )


def delegation_for(
    user: Worker, rules, *, decision_type: str, outcome: str, amount, special_support_need: bool
):
    """The delegation rule that lets `user` make this decision, or None. `rules` are the
    county's (role, decision type, outcome or blank, max amount or None, public office).
    SHL § 46: a client with special support need has essential decisions made by a social
    worker in public office, whatever else the rules say."""
    if not (user.is_authenticated and user.is_active):
        return None
    if special_support_need and not can_conclude_special_support(user):
        return None
    for rule in rules:
        if (
            rule.role == user.role
            and rule.decision_type == decision_type
            and rule.outcome in ("", outcome)
            and (rule.max_amount is None or (amount or 0) <= rule.max_amount)
            and (user.public_office or not rule.public_office_required)
        ):
            return rule
    return None


def can_decide(user: Worker, rules, **decision) -> bool:
    return delegation_for(user, rules, **decision) is not None


def require(allowed: bool, message) -> None:
    """Raise a 403 with a message the user can understand."""
    if not allowed:
        raise PermissionDenied(message)


# --- Client data (laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023) ---


class ClientRelation(models.TextChoices):
    """A technically verified relationship between a worker or team and a client (§ 9)."""

    REGISTERED = "registered", _("registered the client")
    INTAKE_QUEUE = "intake_queue", _("matter in the team's queue")
    # An income support application in the county's one regional queue: its benefit
    # handlers see the client while the application is handled.
    BENEFIT_QUEUE = "benefit_queue", _("application in the benefit handlers' queue")
    # Forwarded, waiting for distribution: the team's duty pair and manager see the client.
    DISTRIBUTION = "distribution", _("matter on the team's distribution board")
    RESPONSIBLE = "responsible", _("responsible worker")
    CO_WORKER = "co_worker", _("co-worker")
    CONSULTANT = "consultant", _("consultant")


class AccessPurpose(models.TextChoices):
    """Why an access was allowed (or not): written into every access-log entry."""

    REGISTERED = "registered", _("registered the client")
    INTAKE_QUEUE = "intake_queue", _("matter in the team's queue")
    BENEFIT_QUEUE = "benefit_queue", _("application in the benefit handlers' queue")
    RESPONSIBLE = "responsible", _("responsible worker")
    CO_WORKER = "co_worker", _("co-worker")
    CONSULTANT = "consultant", _("consultant")
    DUTY_PAIR = "duty_pair", _("team's duty pair this week")
    TEAM_MANAGER = "team_manager", _("manager of the client's team")
    STATED_REASON = "stated_reason", _("stated reason")
    SUPERVISION = "supervision", _("data protection supervision")
    IDENTITY_LOOKUP = "lookup", _("search by personal identity code")
    # The day's payment file names its payees: whoever downloads it for the bank.
    PAYMENT_RUN = "payment_run", _("payment batch for the bank")
    # The organiser's staff: their own participant's schedule and attendance, only there.
    WORK_ACTIVITY = "work_activity", _("organiser of the client's work activity")
    NO_RELATIONSHIP = "none", _("no client relationship")
    UNDECLARED = "undeclared", _("read without a declared purpose")


# Relationships that are a worker's own; the others are held by a whole team.
PERSONAL_RELATIONS = frozenset(
    {
        ClientRelation.REGISTERED,
        ClientRelation.RESPONSIBLE,
        ClientRelation.CO_WORKER,
        ClientRelation.CONSULTANT,
    }
)
# Who sees a non-disclosure client's address and contact data (the task needs it).
PROTECTED_CONTACT_PURPOSES = frozenset({AccessPurpose.RESPONSIBLE, AccessPurpose.CO_WORKER})
# When several relationships allow access, the log names the strongest.
_PURPOSE_ORDER = [
    AccessPurpose.RESPONSIBLE,
    AccessPurpose.CO_WORKER,
    AccessPurpose.CONSULTANT,
    AccessPurpose.INTAKE_QUEUE,
    AccessPurpose.BENEFIT_QUEUE,
    AccessPurpose.DUTY_PAIR,
    AccessPurpose.TEAM_MANAGER,
    AccessPurpose.REGISTERED,
]


@dataclass(frozen=True)
class Relationship:
    kind: str
    team_id: object | None
    worker_id: object | None


@dataclass(frozen=True)
class ClientScope:
    """What a worker's position gives access to; both the check and the search use it."""

    worker_id: object  # None: nobody (signed out or inactive), who sees no client
    county_id: object | None
    member_team_ids: frozenset = frozenset()
    duty_team_ids: frozenset = frozenset()
    managed_team_ids: frozenset = frozenset()
    handles_benefits: bool = False  # a benefit handler: the county's application queue


@dataclass(frozen=True)
class ClientAccess:
    allowed: bool
    purpose: str
    flagged: bool = False
    reason: str = ""

    @property
    def sees_protected_contact(self) -> bool:
        return self.allowed and self.purpose in PROTECTED_CONTACT_PURPOSES


def client_scope(user: Worker) -> ClientScope:
    if not user.is_authenticated or not user.is_active:
        return ClientScope(None, None)
    member = frozenset(user.memberships.values_list("team_id", flat=True))
    monday = clock.week_start(clock.today())
    duty = frozenset(
        DutyPair.objects.filter(week_start=monday, team_id__in=member)
        .filter(models.Q(social_worker=user) | models.Q(counsellor=user))
        .values_list("team_id", flat=True)
    )
    managed = member if user.role == Role.MANAGER else frozenset()
    return ClientScope(
        user.pk, user.county_id, member, duty, managed, handles_benefits=handles_benefits(user)
    )


def handles_benefits(user: Worker) -> bool:
    """A benefit handler works in the county's one queue of income support applications."""
    return user.is_authenticated and user.is_active and user.role == Role.BENEFIT_HANDLER


def client_access(
    scope: ClientScope,
    *,
    client_county_id,
    relationships: list[Relationship],
    stated_reason: str | None = None,
) -> ClientAccess:
    """Decide whether the worker of `scope` may see one client, and on what ground."""
    if scope.worker_id is None or client_county_id != scope.county_id:
        return ClientAccess(False, AccessPurpose.NO_RELATIONSHIP)
    grounds = set()
    for rel in relationships:
        if rel.kind in PERSONAL_RELATIONS and rel.worker_id == scope.worker_id:
            grounds.add(AccessPurpose(rel.kind))
        if rel.kind == ClientRelation.BENEFIT_QUEUE:
            # Only the benefit handlers' task: not the team's duty pair or manager.
            if scope.handles_benefits:
                grounds.add(AccessPurpose.BENEFIT_QUEUE)
            continue
        if rel.team_id is None:
            continue
        if rel.kind == ClientRelation.INTAKE_QUEUE and rel.team_id in scope.member_team_ids:
            grounds.add(AccessPurpose.INTAKE_QUEUE)
        if rel.team_id in scope.duty_team_ids:
            grounds.add(AccessPurpose.DUTY_PAIR)
        if rel.team_id in scope.managed_team_ids:
            grounds.add(AccessPurpose.TEAM_MANAGER)
    for purpose in _PURPOSE_ORDER:
        if purpose in grounds:
            return ClientAccess(True, purpose)
    if stated_reason:
        return ClientAccess(True, AccessPurpose.STATED_REASON, flagged=True, reason=stated_reason)
    return ClientAccess(False, AccessPurpose.NO_RELATIONSHIP)


def client_visibility_q(scope: ClientScope, *, prefix: str = "relationships__") -> models.Q:
    """The same rules as `client_access`, as a filter on active client relationships.

    Apply to a Client queryset (followed by .distinct()); stated reasons are not
    included: a search shows only clients the worker is related to.
    """
    if scope.worker_id is None:
        return models.Q(pk__in=[])
    rel = prefix
    personal = models.Q(
        **{f"{rel}worker_id": scope.worker_id, f"{rel}kind__in": list(PERSONAL_RELATIONS)}
    )
    queue = models.Q(
        **{
            f"{rel}kind": ClientRelation.INTAKE_QUEUE,
            f"{rel}team_id__in": list(scope.member_team_ids),
        }
    )
    benefits = (
        models.Q(**{f"{rel}kind": ClientRelation.BENEFIT_QUEUE})
        if scope.handles_benefits
        else models.Q(pk__in=[])
    )
    oversight = models.Q(
        **{
            f"{rel}team_id__in": list(scope.duty_team_ids | scope.managed_team_ids),
            f"{rel}kind__in": [
                k for k in ClientRelation.values if k != ClientRelation.BENEFIT_QUEUE
            ],
        }
    )
    live = models.Q(**{f"{rel}valid_until__isnull": True}) | models.Q(
        **{f"{rel}valid_until__gt": clock.now()}
    )
    return (
        models.Q(county_id=scope.county_id)
        & models.Q(**{f"{rel}active": True})
        & live
        & (personal | queue | benefits | oversight)
    )


def is_organiser(user: Worker) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ORGANISER


def participant_access(
    user: Worker, *, client_county_id, on_organiser_staff: bool, placement_open: bool
) -> ClientAccess:
    """An organiser's staff see a participant of their own organiser while the placement
    is open (and the month after it ends, to finish the attendance): the schedule and the
    attendance only. Never a ground for any other view: `client_access` knows nothing of
    it, so the client's other data stay closed to them."""
    if (
        is_organiser(user)
        and client_county_id == user.county_id
        and on_organiser_staff
        and placement_open
    ):
        return ClientAccess(True, AccessPurpose.WORK_ACTIVITY)
    return ClientAccess(False, AccessPurpose.NO_RELATIONSHIP)


def can_read_access_log(user: Worker) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.DATA_PROTECTION


# Roles whose work is with clients (the others reach a client only with a stated reason).
CLIENT_WORK_ROLES = frozenset(
    {Role.GUIDANCE, Role.COUNSELLOR, Role.SOCIAL_WORKER, Role.BENEFIT_HANDLER, Role.MANAGER}
)


def works_with_clients(user: Worker) -> bool:
    return user.is_authenticated and user.is_active and user.role in CLIENT_WORK_ROLES


def in_duty_pair(user: Worker, team: Team) -> bool:
    monday = clock.week_start(clock.today())
    return (
        DutyPair.objects.filter(team=team, week_start=monday)
        .filter(models.Q(social_worker=user) | models.Q(counsellor=user))
        .exists()
    )


def can_distribute(user: Worker, team: Team) -> bool:
    """This week's duty pair distributes the team's forwarded matters; its manager may too."""
    return (
        user.is_authenticated
        and user.is_active
        and (in_duty_pair(user, team) or manages_team(user, team))
    )


# Who keeps the process handbook: reads and edits drafts, starts new versions.
HANDBOOK_KEEPERS = frozenset({Role.PROCESS_OWNER, Role.QUALITY, Role.ADMIN})


def can_read_handbook_drafts(user: Worker) -> bool:
    return user.is_authenticated and user.is_active and user.role in HANDBOOK_KEEPERS


def can_edit_handbook(user: Worker) -> bool:
    return can_read_handbook_drafts(user)


def can_check_handbook(user: Worker) -> bool:
    """The quality manager checks form and completeness before the owner approves."""
    return user.is_authenticated and user.is_active and user.role == Role.QUALITY


def can_approve_handbook(user: Worker, owner_id: int | None) -> bool:
    """The process owner approves, publishes and retires; a named owner only their own."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.PROCESS_OWNER
        and owner_id in (None, user.pk)
    )


def insight_teams(user: Worker) -> models.QuerySet[Team]:
    """The teams whose figures a worker sees: their own; the whole county for county-wide
    roles. The figures name no client, so seeing them needs no relationship to one."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if user.is_county_wide:
        return Team.objects.filter(county_id=user.county_id)
    return Team.objects.filter(county_id=user.county_id, memberships__worker=user).distinct()


def sees_county_figures(user: Worker) -> bool:
    """The county's figures as a whole (all teams together)."""
    return user.is_authenticated and user.is_active and user.is_county_wide
