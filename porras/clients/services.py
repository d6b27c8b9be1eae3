"""Writes to client data: registration, contact changes, identification and merging."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from porras.clients.hetu import parse_hetu
from porras.clients.models import Client, ClientRelationship, StatedAccessReason
from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.people.models import Worker
from porras.people.permissions import ClientRelation

CONTACT_FIELDS = ("street_address", "postal_code", "post_office", "municipality", "phone", "email")
EDITABLE_FIELDS = ("first_name", "last_name", "language", "non_disclosure", *CONTACT_FIELDS)


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
    **details,
) -> Client:
    """Register a client by hetu, or an unidentified person by a description."""
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
            relationship_open(
                client=client,
                kind=ClientRelation.REGISTERED,
                worker=acting_user,
                team=acting_user.teams.first(),
                source="registration",
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


def client_identify(
    *, client: Client, hetu: str, first_name: str, last_name: str, acting_user: Worker
) -> Client:
    """Identify an unidentified person. When the hetu already has a client, merge into it.

    A merged record stays (marked merged_into), so its access log entries and
    events remain findable under the identified client; its relationships move.
    """
    if client.is_identified or client.merged_into_id:
        raise DomainError(_("This client is already identified."))
    parsed = _hetu_or_error(hetu)
    if not (first_name.strip() and last_name.strip()):
        raise DomainError(_("Give the client's first and last names."), field="last_name")
    with transaction.atomic():
        record = Client.objects.select_for_update().get(pk=client.pk)
        existing = Client.objects.filter(county_id=record.county_id, hetu=parsed.value).first()
        if existing is None:
            record.hetu = parsed.value
            record.hetu_temporary = parsed.temporary
            record.birth_date = parsed.birth_date
            record.first_name, record.last_name = first_name.strip(), last_name.strip()
            record.version += 1
            record.save()
            return record
        record.merged_into = existing
        record.version += 1
        record.save()
        ClientRelationship.objects.filter(client=record).update(client=existing)
        return existing


def relationship_open(
    *, client: Client, kind: str, worker: Worker | None = None, team=None, source: str = ""
) -> ClientRelationship:
    """Open a client relationship (called by the services that create one)."""
    return ClientRelationship.objects.create(
        client=client, kind=kind, worker=worker, team=team, source=source, opened_at=clock.now()
    )


def relationship_close(*, client: Client, source: str) -> int:
    """Close the active relationships that `source` opened."""
    return ClientRelationship.objects.filter(client=client, source=source, active=True).update(
        active=False, closed_at=clock.now()
    )


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
    local_end = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    return StatedAccessReason.objects.create(
        worker=worker,
        client=client,
        kind=kind,
        explanation=explanation,
        created_at=now,
        valid_until=max(local_end, now + dt.timedelta(hours=1)),
    )
