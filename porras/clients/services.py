"""Writes to client data: registration, contact changes, identification and merging."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from porras.clients import selectors
from porras.clients.hetu import parse_hetu
from porras.clients.models import Client, ClientRelationship, StatedAccessReason
from porras.clients.tracking import DeclaredAccess, declare
from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.people import permissions
from porras.people.models import Worker
from porras.people.permissions import AccessPurpose, ClientRelation

CONTACT_FIELDS = ("street_address", "postal_code", "post_office", "municipality", "phone", "email")
EDITABLE_FIELDS = ("first_name", "last_name", "language", "non_disclosure", *CONTACT_FIELDS)


def end_of_working_day(now: dt.datetime) -> dt.datetime:
    """Until when a short task's access lasts: the rest of the day, at least an hour."""
    local_end = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=0)
    return max(local_end, now + dt.timedelta(hours=1))


def _require_client_work(user: Worker) -> None:
    permissions.require(
        permissions.works_with_clients(user),
        _("Registering and identifying clients is client work: your role does not do it."),
    )


def _hetu_or_error(raw: str):
    try:
        return parse_hetu(raw, today=clock.today())
    except ValidationError as error:
        raise DomainError(error.messages[0], field="hetu") from None


def client_register(
    *,
    county,
    acting_user: Worker,
    hetu: str = "",
    first_name: str = "",
    last_name: str = "",
    unidentified_description: str = "",
    remember_registrar: bool = True,
    **details,
) -> Client:
    """Register a client by hetu, or an unidentified person by a description.

    The registering worker may see the new client for the rest of the day (the
    task of recording them); a lasting relationship comes only from a matter. A
    client registered with a matter (`remember_registrar=False`) is seen through
    the matter alone.
    """
    _require_client_work(acting_user)
    if not hetu and not unidentified_description.strip():
        raise DomainError(
            _("Give the personal identity code, or describe the unidentified person."),
            field="hetu",
        )
    parsed = _hetu_or_error(hetu) if hetu else None
    if parsed and not (first_name.strip() and last_name.strip()):
        raise DomainError(_("Give the client's first and last names."), field="last_name")
    try:
        with transaction.atomic():
            client = Client.objects.create(
                county=county,
                hetu=parsed.value if parsed else None,
                hetu_temporary=parsed.temporary if parsed else False,
                birth_date=parsed.birth_date if parsed else None,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                unidentified_description=unidentified_description.strip(),
                created_by=acting_user,
                **{k: v for k, v in details.items() if k in EDITABLE_FIELDS},
            )
            if remember_registrar:
                relationship_open(
                    client=client,
                    kind=ClientRelation.REGISTERED,
                    worker=acting_user,
                    source="registration",
                    opened_by=acting_user,
                    valid_until=end_of_working_day(clock.now()),
                )
    except IntegrityError:
        raise DomainError(
            _(
                "A client with this personal identity code is already registered. "
                "Search for the client instead."
            ),
            field="hetu",
        ) from None
    return client


def client_update(
    *, client: Client, acting_user: Worker, expected_version: int, **changes
) -> Client:
    """Change names, language, non-disclosure or contact data; refuses a stale edit."""
    with transaction.atomic():
        current = Client.objects.select_for_update().get(pk=client.pk)
        if current.version != expected_version:
            raise ConflictError(
                _(
                    "Someone else changed this client's data while you were editing. "
                    "Your changes were not saved: check the current data and make them again."
                )
            )
        for name, value in changes.items():
            if name not in EDITABLE_FIELDS:
                raise ValueError(f"{name} is not editable")
            setattr(current, name, value)
        current.version += 1
        current.save()
    return current


class IdentifyNeedsReason(PermissionDenied):
    """The code belongs to a client the worker has no ground to see: a reason is needed."""


def client_identify(
    *,
    client: Client,
    hetu: str,
    first_name: str,
    last_name: str,
    acting_user: Worker,
    reason_kind: str = "",
    reason_explanation: str = "",
) -> Client:
    """Identify an unidentified person. When the hetu already has a client, merge into it.

    Merging joins the record to a client the worker may not have seen: it needs a
    ground to see that client, or a stated reason (flagged for the data protection
    officer); without either it is refused and the refusal logged. The merged
    record stays (marked merged_into), so its access log entries and events remain
    findable under the client; only the relationships its own matters justify move,
    never the registering worker's.
    """
    _require_client_work(acting_user)
    if client.is_identified or client.merged_into_id:
        raise DomainError(_("This client is already identified."))
    parsed = _hetu_or_error(hetu)
    if not (first_name.strip() and last_name.strip()):
        raise DomainError(_("Give the client's first and last names."), field="last_name")
    existing = selectors.hetu_lookup(user=acting_user, hetu=parsed.value, purpose="identify")
    if existing is not None:
        _require_ground_to_merge(acting_user, existing, reason_kind, reason_explanation)
    with transaction.atomic():
        record = Client.objects.select_for_update().get(pk=client.pk)
        if existing is None:
            record.hetu = parsed.value
            record.hetu_temporary = parsed.temporary
            record.birth_date = parsed.birth_date
            record.first_name, record.last_name = first_name.strip(), last_name.strip()
            record.version += 1
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                raise DomainError(
                    _("This personal identity code was registered a moment ago: try again."),
                    field="hetu",
                ) from None
            return record
        record.merged_into = existing
        record.version += 1
        record.save()
        own = ClientRelationship.objects.filter(client=record, active=True)
        own.filter(kind=ClientRelation.REGISTERED).update(active=False, closed_at=clock.now())
        own.exclude(kind=ClientRelation.REGISTERED).update(client=existing)
        return existing


def _require_ground_to_merge(
    user: Worker, existing: Client, reason_kind: str, reason_explanation: str
) -> None:
    access = selectors.decide_access(user, existing)
    if access.allowed:
        return
    if not reason_kind:
        declare(
            DeclaredAccess(
                existing.pk,
                "client.identify",
                AccessPurpose.NO_RELATIONSHIP,
                "refused",
                flagged=True,
            )
        )
        raise IdentifyNeedsReason(
            _(
                "This personal identity code belongs to a client you have no client "
                "relationship with. Joining the person to that client shows you the client's "
                "data: if your task needs it, state the reason. The data protection officer "
                "reviews it."
            )
        )
    reason = stated_reason_create(
        worker=user, client=existing, kind=reason_kind, explanation=reason_explanation
    )
    declare(
        DeclaredAccess(
            existing.pk,
            "client.identify",
            AccessPurpose.STATED_REASON,
            "granted",
            reason=f"{reason.get_kind_display()}: {reason.explanation}",
            flagged=True,
        )
    )


def relationship_open(
    *,
    client: Client,
    kind: str,
    worker: Worker | None = None,
    team=None,
    source: str = "",
    opened_by: Worker | None = None,
    valid_until: dt.datetime | None = None,
) -> ClientRelationship:
    """Open a client relationship (called by the services that create one)."""
    return ClientRelationship.objects.create(
        client=client,
        kind=kind,
        worker=worker,
        team=team,
        source=source,
        opened_at=clock.now(),
        opened_by=opened_by,
        valid_until=valid_until,
    )


def relationship_close(
    *, client: Client, source: str, kind: str = "", grace: dt.timedelta | None = None
) -> int:
    """Close the active relationships that `source` opened (only those of `kind`, if given);
    with a `grace`, let them expire that much later instead.

    A merged record's relationships moved to its client: they are closed there.
    """
    client_ids = [client.pk]
    while client.merged_into_id:
        client_ids.append(client.merged_into_id)
        client = Client.objects.only("merged_into_id").get(pk=client.merged_into_id)
    closing = ClientRelationship.objects.filter(
        client_id__in=client_ids, source=source, active=True
    )
    if kind:
        closing = closing.filter(kind=kind)
    if grace:
        return closing.update(valid_until=clock.now() + grace)
    return closing.update(active=False, closed_at=clock.now())


def stated_reason_create(
    *, worker: Worker, client: Client, kind: str, explanation: str
) -> StatedAccessReason:
    """Record why a worker needs a client's data without a relationship; valid for the day."""
    explanation = explanation.strip()
    if len(explanation) < 10:
        raise DomainError(
            _(
                "Explain the reason in a sentence (at least 10 characters): the data protection "
                "officer reviews it."
            ),
            field="explanation",
        )
    now = clock.now()
    return StatedAccessReason.objects.create(
        worker=worker,
        client=client,
        kind=kind,
        explanation=explanation,
        created_at=now,
        valid_until=end_of_working_day(now),
    )
