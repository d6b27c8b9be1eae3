from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from porras.audit.models import AccessLogEntry, Review
from porras.core import clock
from porras.core.errors import ConflictError
from porras.people import permissions
from porras.people.models import Worker


def review_record(
    *, entry: AccessLogEntry, decision: str, note: str = "", acting_user: Worker
) -> Review:
    permissions.require(
        permissions.can_read_access_log(acting_user),
        _("Only the data protection officer reviews the access log."),
    )
    try:
        with transaction.atomic():
            return Review.objects.create(
                entry=entry,
                reviewer=acting_user,
                decision=decision,
                note=note.strip(),
                reviewed_at=clock.now(),
            )
    except IntegrityError:
        raise ConflictError(_("Someone else already reviewed this access.")) from None
