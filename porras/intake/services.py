"""Writes of intake and service guidance. Each step writes its event in its transaction."""

import datetime as dt
import mimetypes
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from porras.clients import selectors as client_selectors
from porras.clients import services as client_services
from porras.clients.hetu import parse_hetu
from porras.clients.models import Client, ClientRelationship
from porras.clients.tracking import DeclaredAccess, declare
from porras.core import clock, deadlines
from porras.core.errors import ConflictError, DomainError
from porras.eventlog.activities import Activity
from porras.eventlog.services import record_item_step
from porras.intake import selectors
from porras.intake.models import (
    APPLICATION_KINDS,
    TRANSITIONS,
    Attachment,
    ClientFlag,
    ContactAttempt,
    Guidance,
    IntakeItem,
    Kind,
    Outcome,
    Referral,
    ServiceDirectoryEntry,
    Status,
    Track,
    Urgency,
)
from porras.people import permissions
from porras.people import selectors as people_selectors
from porras.people.models import Team, Worker
from porras.people.permissions import AccessPurpose, ClientRelation

# Content sniffing: what the first bytes say, not what the name or the sender claims.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
CLOCK_SKEW = dt.timedelta(minutes=5)
OLDEST_RECEIVED = dt.timedelta(days=366)


class ClaimConflict(ConflictError):
    pass


@dataclass
class ClientRef:
    """Who the matter is about: a hetu (and names for a new client) or a description."""

    hetu: str = ""
    first_name: str = ""
    last_name: str = ""
    unidentified_description: str = ""
    details: dict = field(default_factory=dict)


@dataclass
class Upload:
    name: str
    content: bytes


def sniff(content: bytes) -> str | None:
    for signature, content_type in SIGNATURES.items():
        if content.startswith(signature):
            return content_type
    return None


def check_upload(upload: Upload) -> str:
    if len(upload.content) > settings.PORRAS_MAX_ATTACHMENT_BYTES:
        raise DomainError(
            _("The attachment %(name)s is too large (at most %(size)s).")
            % {"name": upload.name, "size": filesizeformat(settings.PORRAS_MAX_ATTACHMENT_BYTES)},
            field="attachments",
        )
    content_type = sniff(upload.content)
    if content_type is None:
        raise DomainError(
            _("The attachment %(name)s is not a PDF, JPEG or PNG file.") % {"name": upload.name},
            field="attachments",
        )
    claimed = mimetypes.guess_type(upload.name)[0]
    if claimed and claimed != content_type:
        raise DomainError(
            _("The attachment %(name)s is not what its name says: its content is %(type)s.")
            % {"name": upload.name, "type": content_type},
            field="attachments",
        )
    return content_type


def is_statutory(item: IntakeItem) -> bool:
    """SHL § 36's groups: marked by hand, or over 75 by the identity code's birth date."""
    return item.statutory_group or client_selectors.in_statutory_age(item.client, item.pending_date)


def compute_deadline(item: IntakeItem) -> deadlines.Deadline:
    urgent = item.urgent or item.urgency in (Urgency.URGENT_NOW, Urgency.URGENT)
    if item.is_application:
        if urgent:
            return deadlines.due_date("income_support_urgent", item.pending_date)
        if item.completed_on:
            return deadlines.due_date("income_support_completed", item.completed_on)
        return deadlines.due_date("income_support_decision", item.pending_date)
    if item.urgency == Urgency.URGENT_NOW:
        return deadlines.due_date("urgent_help", item.pending_date)
    if is_statutory(item):
        return deadlines.due_date("assessment_start_statutory", item.pending_date)
    if item.personal_discussion_requested:  # a contact asking to talk, not an application
        return deadlines.due_date("personal_discussion", item.pending_date)
    days = selectors.target_working_days(item.county, item.kind, urgent=urgent)
    return deadlines.due_date("county_target", item.pending_date, target_working_days=days)


def discussion_deadline(item: IntakeItem) -> deadlines.Deadline | None:
    """An application's second deadline: the personal discussion the client asked for,
    counted from the day they asked (the application's arrival, when asked in it)."""
    if not (item.is_application and item.personal_discussion_requested):
        return None
    asked = item.discussion_requested_on or item.pending_date
    return deadlines.due_date("personal_discussion", asked)


def _apply_deadline(item: IntakeItem) -> None:
    deadline = compute_deadline(item)
    item.due_date, item.due_rule = deadline.due_date, deadline.rule
    discussion = discussion_deadline(item)
    item.discussion_due = discussion.due_date if discussion else None


def _resolve_client(county, ref: ClientRef, acting_user: Worker) -> tuple[Client, bool]:
    if ref.hetu:
        try:
            hetu = parse_hetu(ref.hetu, today=clock.today()).value
        except ValidationError as error:
            raise DomainError(error.messages[0], field="hetu") from None
        # Logged like any lookup; not limited, since an e-service sends many in a row
        # (the API's own throttle limits those).
        existing = client_selectors.hetu_lookup(
            user=acting_user, hetu=hetu, purpose="intake", limited=False
        )
        if existing is not None:
            return existing, False
        if not (ref.first_name.strip() and ref.last_name.strip()):
            raise DomainError(
                _(
                    "There is no client with this personal identity code yet: give the "
                    "client's first and last names."
                ),
                field="last_name",
            )
    try:
        client = client_services.client_register(
            county=county,
            acting_user=acting_user,
            hetu=ref.hetu,
            first_name=ref.first_name,
            last_name=ref.last_name,
            unidentified_description=ref.unidentified_description,
            remember_registrar=False,  # the matter's queue is the ground, as long as it lasts
            **ref.details,
        )
    except DomainError:
        # A simultaneous request registered the same hetu a moment ago: use that client.
        existing = Client.objects.filter(county=county, hetu=ref.hetu.strip().upper()).first()
        if not ref.hetu or existing is None:
            raise
        return existing, False
    return client, True


def _declare_access_gained(
    client: Client, team: Team, acting_user: Worker, *, county_wide: bool = False
) -> None:
    """A matter recorded for another team's existing client opens access: flag it.

    Recording a matter is how a worker's team comes to see a client, so a matter
    for someone the worker had no ground to see, and who is another team's client
    (or sent to another team), is put before the data protection officer; so is every
    application for such a client, which every benefit handler of the county then sees.
    """
    if client_selectors.decide_access(acting_user, client).allowed:
        return
    own_teams = set(acting_user.teams.values_list("pk", flat=True))
    others = (
        ClientRelationship.objects.live()
        .filter(client=client, team__isnull=False)
        .exclude(team_id__in=own_teams)
        .exists()
    )
    # An application opens the client to every benefit handler of the county: always told.
    if team.pk in own_teams and not others and not county_wide:
        return
    declare(
        DeclaredAccess(
            client.pk,
            "intake.matter_for_existing_client",
            AccessPurpose.BENEFIT_QUEUE if county_wide else AccessPurpose.INTAKE_QUEUE,
            "granted",
            reason=team.name,
            flagged=True,
        )
    )


def _resolve_team(county, client: Client, team: Team | None, acting_user: Worker) -> Team:
    if team is not None:
        if team.county_id != county.pk:
            raise DomainError(_("The team is not in this county."), field="team")
        return team
    found = people_selectors.team_for_area(
        county, municipality=client.municipality, postal_code=client.postal_code
    )
    if found is not None:
        return found
    own = list(acting_user.teams.all()[:2])
    if len(own) == 1:
        return own[0]
    raise DomainError(
        _("The local team cannot be decided from the client's municipality: choose the team."),
        field="team",
    )


def item_receive(
    *,
    county,
    acting_user: Worker,
    kind: str,
    channel: str,
    received_at: dt.datetime,
    description: str,
    client: ClientRef,
    urgent: bool = False,
    team: Team | None = None,
    initiator: str = "client",
    notifier: dict | None = None,
    statutory_group: bool = False,
    kela_forwarded: bool = False,
    personal_discussion_requested: bool = False,
    attachments: list[Upload] | None = None,
    idempotency_key: str | None = None,
    idempotency_fingerprint: str = "",
) -> tuple[IntakeItem, bool]:
    """A matter becomes pending (SHL § 34). Returns (item, created).

    With an idempotency key, the sender's retry of the same request returns the
    item the first call created; the same key with a different request is a
    conflict. Keys are the sender's own: another sender's key is just a new key.
    """
    permissions.require(
        permissions.works_with_clients(acting_user), _("Your role does not receive matters.")
    )
    now = clock.now()
    if received_at > now + CLOCK_SKEW:
        raise DomainError(_("The time of arrival cannot be in the future."), field="received_at")
    if received_at < now - OLDEST_RECEIVED:
        raise DomainError(
            _("The time of arrival is more than a year ago: check the date."), field="received_at"
        )
    if not description.strip():
        raise DomainError(_("Describe the matter."), field="description")
    if kind == Kind.NOTIFICATION and not (notifier or {}).get("notifier_type"):
        raise DomainError(
            _("A notification needs the notifier's organisation."), field="notifier_type"
        )
    uploads = attachments or []
    checked = [(upload, check_upload(upload)) for upload in uploads]
    if idempotency_key:
        existing = _item_of_key(acting_user, idempotency_key, idempotency_fingerprint)
        if existing is not None:
            return existing, False
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _create_item(
                    county=county,
                    acting_user=acting_user,
                    kind=kind,
                    channel=channel,
                    received_at=received_at,
                    description=description.strip(),
                    ref=client,
                    urgent=urgent,
                    team=team,
                    initiator=initiator,
                    notifier=notifier or {},
                    statutory_group=statutory_group,
                    kela_forwarded=kela_forwarded,
                    personal_discussion_requested=personal_discussion_requested,
                    checked=checked,
                    idempotency_key=idempotency_key,
                    idempotency_fingerprint=idempotency_fingerprint,
                ), True
        except IntegrityError:
            # Another request created the same item (same key) or the same new client.
            if idempotency_key:
                existing = _item_of_key(acting_user, idempotency_key, idempotency_fingerprint)
                if existing is not None:
                    return existing, False
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _item_of_key(sender: Worker, key: str, fingerprint: str) -> IntakeItem | None:
    existing = IntakeItem.objects.filter(created_by=sender, idempotency_key=key).first()
    if existing is not None and existing.idempotency_fingerprint != fingerprint:
        raise ConflictError(
            _(
                "This Idempotency-Key was already used for a different request. "
                "Use a new key for a new matter."
            )
        )
    return existing


def _create_item(*, county, acting_user, ref, team, notifier, checked, **fields) -> IntakeItem:
    client, new_client = _resolve_client(county, ref, acting_user)
    team = _resolve_team(county, client, team, acting_user)
    if not new_client:
        _declare_access_gained(
            client, team, acting_user, county_wide=fields["kind"] in APPLICATION_KINDS
        )
    item = IntakeItem(
        county=county,
        team=team,
        client=client,
        track=Track.BENEFITS if fields["kind"] in APPLICATION_KINDS else Track.GUIDANCE,
        created_by=acting_user,
        pending_date=timezone.localdate(fields["received_at"]),
        notifier_type=notifier.get("notifier_type", ""),
        notifier_name=notifier.get("notifier_name", ""),
        notifier_contact=notifier.get("notifier_contact", ""),
        consent=notifier.get("consent", ""),
        **fields,
    )
    _apply_deadline(item)
    item.save()
    for upload, content_type in checked:
        _save_attachment(item, upload, content_type, acting_user)
    client_services.relationship_open(
        client=client,
        kind=queue_relation(item),
        team=team,
        source=f"intake:{item.pk}",
        opened_by=acting_user,
    )
    if new_client:
        _event(item, Activity.CLIENT_REGISTERED, acting_user)
    record_item_step(
        item=item,
        activity=Activity.INTAKE_RECEIVED,
        actor=acting_user,
        at=item.received_at,
        attributes={
            "kind": item.kind,
            "channel": item.channel,
            "urgent": item.urgent,
            "due_date": item.due_date.isoformat(),
            "due_rule": item.due_rule,
            "notifier_type": item.notifier_type,
            "attachments": len(checked),
        },
    )
    related = _link_repeats(item)
    if related:
        _event(item, Activity.INTAKE_LINKED, acting_user, related=[str(r.pk) for r in related])
    _check_flag(item, acting_user)
    return item


def queue_relation(item: IntakeItem) -> str:
    """The ground the matter's queue gives: the team's guidance, or the benefit handlers."""
    return ClientRelation.BENEFIT_QUEUE if item.in_benefits else ClientRelation.INTAKE_QUEUE


def _link_repeats(item: IntakeItem) -> list[IntakeItem]:
    window = selectors.settings_for(item.county).repeat_window_days
    since = item.received_at - dt.timedelta(days=window)
    related = list(
        IntakeItem.objects.filter(client=item.client, received_at__gte=since)
        .exclude(pk=item.pk)
        .order_by("received_at")
    )
    open_older = IntakeItem.objects.filter(
        client=item.client,
        status__in=[Status.QUEUED, Status.IN_GUIDANCE, Status.WAITING_COMPLETION],
        received_at__lt=since,
    ).exclude(pk=item.pk)
    related += list(open_older)
    if related:
        item.related_items.add(*related)
    return related


def _check_flag(item: IntakeItem, acting_user: Worker) -> None:
    """Flag a client about whom matters keep coming but who is not reached or refuses."""
    conf = selectors.settings_for(item.county)
    since = clock.now() - dt.timedelta(days=conf.repeat_window_days)
    recent = IntakeItem.objects.filter(client=item.client, received_at__gte=since)
    unreached = recent.filter(outcome__in=[Outcome.NOT_REACHED, Outcome.REFUSED]).exists()
    if recent.count() < conf.repeat_flag_threshold or not unreached:
        return
    if ClientFlag.objects.filter(client=item.client, team=item.team, active=True).exists():
        return
    ClientFlag.objects.create(
        client=item.client,
        team=item.team,
        matters=recent.count(),
        window_days=conf.repeat_window_days,
        created_at=clock.now(),
    )
    _event(item, Activity.INTAKE_FLAGGED, acting_user, matters=recent.count())


def _transition(item: IntakeItem, to: str) -> None:
    if to not in TRANSITIONS[Status(item.status)]:
        raise DomainError(
            _("A matter that is '%(current)s' cannot become '%(next)s'.")
            % {"current": item.get_status_display(), "next": Status(to).label}
        )
    item.status = to
    item.version += 1


def _locked(item: IntakeItem, acting_user: Worker) -> IntakeItem:
    """The item, locked for this transaction, if `acting_user` is the one handling it."""
    current = IntakeItem.objects.select_for_update().get(pk=item.pk)
    if current.claimed_by_id != acting_user.pk or current.status not in (
        Status.IN_GUIDANCE,
        Status.WAITING_COMPLETION,
    ):
        who = current.claimed_by or _("nobody")
        raise ConflictError(
            _("Take the matter from the queue first. It is now handled by: %(who)s.") % {"who": who}
        )
    return current


def hold(item: IntakeItem, acting_user: Worker) -> IntakeItem:
    """For a room above: the item locked in the caller's transaction, refused unless
    `acting_user` has taken it from its queue."""
    return _locked(item, acting_user)


def _event(item: IntakeItem, activity: str, acting_user: Worker, **attributes) -> None:
    record_item_step(item=item, activity=activity, actor=acting_user, attributes=attributes)


def item_claim(*, item: IntakeItem, acting_user: Worker) -> IntakeItem:
    """Take an item from the queue. Exactly one of two simultaneous claims wins."""
    permissions.require(
        selectors.can_work_on(acting_user, item),
        _("Only the workers of its queue take a matter from it."),
    )
    with transaction.atomic():
        # Skip a row another claim holds (PostgreSQL); the conditional update below
        # decides the winner on every database.
        IntakeItem.objects.select_for_update(skip_locked=True).filter(pk=item.pk).first()
        won = IntakeItem.objects.filter(pk=item.pk, status=Status.QUEUED).update(
            status=Status.IN_GUIDANCE,
            claimed_by=acting_user,
            claimed_at=clock.now(),
            version=item.version + 1,
        )
        current = IntakeItem.objects.select_related("claimed_by").get(pk=item.pk)
        if not won:
            if current.claimed_by_id == acting_user.pk:
                return current
            raise ClaimConflict(
                _("%(who)s already took this matter.") % {"who": current.claimed_by or _("Someone")}
            )
        _event(current, Activity.INTAKE_CLAIMED, acting_user)
        return current


def item_release(*, item: IntakeItem, acting_user: Worker) -> IntakeItem:
    with transaction.atomic():
        current = _locked(item, acting_user)
        _transition(current, Status.QUEUED)
        current.claimed_by, current.claimed_at = None, None
        current.save()
        _event(current, Activity.INTAKE_RELEASED, acting_user)
        return current


def item_release_for_absent(*, item: IntakeItem, acting_user: Worker) -> IntakeItem:
    """The team's manager returns to the queue a matter whose holder is absent today."""
    permissions.require(
        permissions.manages_team(acting_user, item.team) and acting_user.is_active,
        _("Only the team's manager returns another worker's matter to the queue."),
    )
    with transaction.atomic():
        current = IntakeItem.objects.select_for_update().get(pk=item.pk)
        holder = current.claimed_by
        if holder is None or not people_selectors.is_absent(holder, clock.today()):
            raise DomainError(
                _("The matter's holder is at work today: ask them to return it to the queue.")
            )
        _transition(current, Status.QUEUED)
        current.claimed_by, current.claimed_at = None, None
        current.save()
        _event(current, Activity.INTAKE_RELEASED, acting_user, holder_absent=holder.pk)
        return current


def contact_attempt_record(
    *, item: IntakeItem, acting_user: Worker, channel: str, reached: bool, note: str = ""
) -> ContactAttempt:
    with transaction.atomic():
        current = _locked(item, acting_user)
        attempt = ContactAttempt.objects.create(
            item=current,
            at=clock.now(),
            channel=channel,
            reached=reached,
            note=note,
            by=acting_user,
        )
        _event(
            current,
            Activity.INTAKE_CONTACT_ATTEMPTED,
            acting_user,
            channel=channel,
            reached=reached,
        )
        return attempt


def urgency_assess(*, item: IntakeItem, acting_user: Worker, urgency: str) -> IntakeItem:
    Urgency(urgency)
    with transaction.atomic():
        current = _locked(item, acting_user)
        current.urgency = urgency
        _apply_deadline(current)
        current.version += 1
        current.save()
        _event(
            current,
            Activity.INTAKE_URGENCY_ASSESSED,
            acting_user,
            urgency=urgency,
            due_date=current.due_date.isoformat(),
            due_rule=current.due_rule,
        )
        return current


def motivation_assess(*, item: IntakeItem, acting_user: Worker, motivation: str) -> IntakeItem:
    with transaction.atomic():
        current = _locked(item, acting_user)
        current.motivation = motivation
        current.version += 1
        current.save()
        _event(current, Activity.INTAKE_MOTIVATION_ASSESSED, acting_user, motivation=motivation)
        return current


def guidance_give(
    *, item: IntakeItem, acting_user: Worker, categories: list[str], text: str
) -> Guidance:
    if not text.strip():
        raise DomainError(_("Write down the guidance given."), field="text")
    with transaction.atomic():
        current = _locked(item, acting_user)
        guidance = Guidance.objects.create(
            item=current,
            categories=sorted(categories),
            text=text.strip(),
            by=acting_user,
            at=clock.now(),
        )
        _event(current, Activity.INTAKE_GUIDANCE_GIVEN, acting_user, categories=sorted(categories))
        return guidance


def referral_make(
    *, item: IntakeItem, acting_user: Worker, service: ServiceDirectoryEntry, note: str = ""
) -> Referral:
    if service.county_id != item.county_id or not service.active:
        raise DomainError(
            _("Choose a service from the county's service directory."), field="service"
        )
    with transaction.atomic():
        current = _locked(item, acting_user)
        referral = Referral.objects.create(
            item=current, service=service, note=note, by=acting_user, at=clock.now()
        )
        _event(
            current,
            Activity.INTAKE_REFERRED,
            acting_user,
            service=service.name,
            category=service.category,
        )
        return referral


def completion_request(*, item: IntakeItem, acting_user: Worker, note: str) -> IntakeItem:
    """Ask once, specifically, for what the application lacks (§ 14 a)."""
    if not item.is_application:
        raise DomainError(_("Only an application can be completed."))
    if not note.strip():
        raise DomainError(_("Say specifically what the application lacks."), field="note")
    with transaction.atomic():
        current = _locked(item, acting_user)
        if current.completion_requested_at:
            raise DomainError(_("Completion has already been requested once for this application."))
        _transition(current, Status.WAITING_COMPLETION)
        current.completion_requested_at = clock.now()
        current.save()
        _event(current, Activity.INTAKE_COMPLETION_REQUESTED, acting_user, note=note.strip())
        return current


def completion_receive(
    *, item: IntakeItem, acting_user: Worker, completed_on: dt.date
) -> IntakeItem:
    """The completed application arrived: the 7 working days run again from it."""
    if completed_on > clock.today():
        raise DomainError(_("The date cannot be in the future."), field="completed_on")
    with transaction.atomic():
        current = _locked(item, acting_user)
        if current.status != Status.WAITING_COMPLETION:
            raise DomainError(_("No completion has been requested for this application."))
        if current.completion_requested_at and completed_on < timezone.localdate(
            current.completion_requested_at
        ):
            raise DomainError(
                _("The completion cannot arrive before it was requested."), field="completed_on"
            )
        _transition(current, Status.IN_GUIDANCE)
        current.completed_on = completed_on
        _apply_deadline(current)
        current.save()
        _event(
            current,
            Activity.INTAKE_COMPLETED,
            acting_user,
            completed_on=completed_on.isoformat(),
            due_date=current.due_date.isoformat(),
        )
        return current


def _require_urgency(item: IntakeItem) -> None:
    if not item.urgency:
        raise DomainError(_("Assess the urgency first: it is mandatory."), field="urgency")


def item_forward(*, item: IntakeItem, acting_user: Worker, note: str = "") -> IntakeItem:
    """Forward to the distribution of the local team (the duty pair). From the benefit
    handlers' queue this raises the application to social work, with the reason."""
    if item.in_benefits and len(note.strip()) < 5:
        raise DomainError(_("Say why the application goes to social work."), field="note")
    with transaction.atomic():
        current = _locked(item, acting_user)
        _require_urgency(current)
        _transition(current, Status.FORWARDED)
        current.outcome, current.outcome_note = Outcome.FORWARDED, note.strip()
        current.save()
        _hand_over_to_distribution(current, acting_user)
        _event(
            current,
            Activity.INTAKE_FORWARDED,
            acting_user,
            urgency=current.urgency,
            motivation=current.motivation,
            track=current.track,
        )
        return current


def _hand_over_to_distribution(item: IntakeItem, acting_user: Worker) -> None:
    """The matter left guidance: the guidance team's ground ends (after the county's grace
    period, if any); the team's duty pair and manager see the client to distribute it."""
    grace = dt.timedelta(minutes=selectors.settings_for(item.county).guidance_grace_minutes)
    source = f"intake:{item.pk}"
    client_services.relationship_close(
        client=item.client, source=source, kind=queue_relation(item), grace=grace
    )
    client_services.relationship_open(
        client=item.client,
        kind=ClientRelation.DISTRIBUTION,
        team=item.team,
        source=source,
        opened_by=acting_user,
    )


def item_close(
    *, item: IntakeItem, acting_user: Worker, outcome: str, note: str = ""
) -> IntakeItem:
    """End the matter in service guidance: resolved, referred, not reached or refused."""
    if outcome not in (Outcome.RESOLVED, Outcome.REFERRED, Outcome.NOT_REACHED, Outcome.REFUSED):
        raise DomainError(_("Choose how the matter ended."), field="outcome")
    with transaction.atomic():
        current = _locked(item, acting_user)
        _require_urgency(current)
        if outcome == Outcome.REFERRED and not current.referrals.exists():
            raise DomainError(_("Record the referral first."), field="outcome")
        if outcome == Outcome.RESOLVED and not current.guidance.exists():
            raise DomainError(_("Record the guidance given first."), field="outcome")
        if outcome == Outcome.NOT_REACHED:
            limit = selectors.settings_for(current.county).contact_attempts
            attempts = list(current.attempts.all())
            if any(a.reached for a in attempts):
                raise DomainError(
                    _("The client was reached: choose another outcome."), field="outcome"
                )
            if len(attempts) < limit:
                raise DomainError(
                    _(
                        "Try to reach the client %(limit)s times before closing as not reached "
                        "(%(done)s so far)."
                    )
                    % {"limit": limit, "done": len(attempts)},
                    field="outcome",
                )
        _transition(current, Status.CLOSED)
        current.outcome, current.outcome_note = outcome, note.strip()
        current.closed_at = clock.now()
        current.save()
        grace = dt.timedelta(minutes=selectors.settings_for(current.county).guidance_grace_minutes)
        client_services.relationship_close(
            client=current.client, source=f"intake:{current.pk}", grace=grace
        )
        _event(current, Activity.INTAKE_CLOSED, acting_user, outcome=outcome)
        _check_flag(current, acting_user)
        return current


def item_decided(*, item: IntakeItem, acting_user: Worker, decision_id) -> IntakeItem:
    """The application was decided and the decision sent: it leaves the benefit handlers'
    queue, and at the end of the day their ground to see the client. Called by benefits
    in its transaction."""
    current = _locked(item, acting_user)
    _transition(current, Status.CLOSED)
    current.outcome = Outcome.DECIDED
    current.closed_at = clock.now()
    current.save()
    # The rest of the day: the letter is printed, and its commitments, after the sending
    # is recorded.
    now = clock.now()
    client_services.relationship_close(
        client=current.client,
        source=f"intake:{current.pk}",
        grace=client_services.end_of_working_day(now) - now,
    )
    _event(
        current,
        Activity.INTAKE_CLOSED,
        acting_user,
        outcome=Outcome.DECIDED,
        decision=str(decision_id),
    )
    return current


def discussion_request(
    *, item: IntakeItem, acting_user: Worker, requested_on: dt.date
) -> IntakeItem:
    """The client asked for a personal discussion (§ 14 d): it is due within 7 working
    days of asking, beside the decision's own deadline."""
    if not item.is_application:
        raise DomainError(_("Only an application carries a personal discussion."))
    if requested_on > clock.today() or requested_on < item.pending_date:
        raise DomainError(
            _("The client asks between the application and today: check the date."),
            field="requested_on",
        )
    with transaction.atomic():
        current = _locked(item, acting_user)
        if current.personal_discussion_requested:
            raise DomainError(_("A personal discussion has already been requested."))
        current.personal_discussion_requested = True
        current.discussion_requested_on = requested_on
        _apply_deadline(current)
        current.version += 1
        current.save()
        _event(
            current,
            Activity.BENEFIT_DISCUSSION_REQUESTED,
            acting_user,
            requested_on=requested_on.isoformat(),
            due=current.discussion_due.isoformat(),
        )
        return current


def discussion_held(*, item: IntakeItem, acting_user: Worker, held_on: dt.date) -> IntakeItem:
    """Record the personal discussion, once, on the day it was held."""
    with transaction.atomic():
        current = _locked(item, acting_user)
        if not current.personal_discussion_requested:
            raise DomainError(_("No personal discussion has been requested."), field="held_on")
        if current.discussion_held_on is not None:
            raise DomainError(_("The personal discussion has already been recorded."))
        asked = current.discussion_requested_on or current.pending_date
        if held_on > clock.today() or held_on < asked:
            raise DomainError(
                _("The discussion is held between the request and today: check the date."),
                field="held_on",
            )
        current.discussion_held_on = held_on
        current.version += 1
        current.save()
        _event(
            current,
            Activity.BENEFIT_DISCUSSION_HELD,
            acting_user,
            held_on=held_on.isoformat(),
            due=current.discussion_due.isoformat(),
            on_time=held_on <= current.discussion_due,
        )
        return current


def _save_attachment(
    item: IntakeItem, upload: Upload, content_type: str, acting_user: Worker
) -> Attachment:
    attachment = Attachment(
        item=item,
        original_name=upload.name[:200],
        content_type=content_type,
        size=len(upload.content),
        uploaded_by=acting_user,
    )
    # Stored under a generated name: the sender's file name is kept only as data.
    attachment.file.save(
        f"{item.pk}-{len(upload.content)}", ContentFile(upload.content), save=False
    )
    attachment.save()
    return attachment


def attachment_add(*, item: IntakeItem, acting_user: Worker, upload: Upload) -> Attachment:
    """Add an attachment to a matter of one's team (e.g. a scanned application page)."""
    permissions.require(
        selectors.can_work_on(acting_user, item),
        _("Only the workers of its queue add attachments to a matter."),
    )
    content_type = check_upload(upload)
    with transaction.atomic():
        attachment = _save_attachment(item, upload, content_type, acting_user)
        _event(
            item,
            Activity.INTAKE_ATTACHMENT_ADDED,
            acting_user,
            content_type=content_type,
            size=attachment.size,
        )
        return attachment


def item_mark_assigned(*, item: IntakeItem, acting_user: Worker, case_id) -> bool:
    """Distribution gave the forwarded item a responsible worker. False: someone was first.

    Called by casework inside its own transaction; the conditional update makes
    exactly one of two simultaneous assignments win.
    """
    won = IntakeItem.objects.filter(pk=item.pk, status=Status.FORWARDED).update(
        status=Status.ASSIGNED, version=item.version + 1
    )
    if not won:
        return False
    client_services.relationship_close(client=item.client, source=f"intake:{item.pk}")
    record_item_step(
        item=item, activity=Activity.INTAKE_ASSIGNED, actor=acting_user, case_id=case_id
    )
    return True
