"""The first contact as one form: each filled-in part is one service step, in order.

The caller runs `save` in a transaction: a refused step (with the form field it
concerns) undoes the steps before it, so a worker's input is saved whole or not at all.
"""

from django.utils.translation import gettext_lazy as _

from porras.core.errors import ConflictError, DomainError
from porras.intake import services
from porras.intake.forms import NextStep
from porras.intake.models import IntakeItem
from porras.people.models import Worker


class StepRefused(DomainError):
    pass


# A service's field names, as the first-contact form names them.
FIELDS = {
    "attempt": {"channel": "attempt_channel", "reached": "attempt_reached", "note": "attempt_note"},
    "guidance": {"categories": "guidance_categories", "text": "guidance_text"},
    "referral": {"service": "referral_service", "note": "referral_note"},
    "completion_request": {"note": "completion_note"},
    "forward": {"note": "end_note"},
    "close": {"note": "end_note"},
}
LABELS = {
    "attempt": _("contact attempt"),
    "urgency": _("urgency"),
    "motivation": _("motivation"),
    "guidance": _("guidance"),
    "referral": _("referral"),
    "completion_request": _("request for completion"),
    "completion_receive": _("completed application"),
    "forward": _("forwarded to the duty pair"),
    "close": _("matter closed"),
}


def _steps(item: IntakeItem, data: dict):
    """(name, service, arguments) of each part the worker filled in, in the order of work."""
    if data.get("attempt_channel"):
        yield (
            "attempt",
            services.contact_attempt_record,
            {
                "channel": data["attempt_channel"],
                "reached": data["attempt_reached"],
                "note": data.get("attempt_note", ""),
            },
        )
    if data.get("urgency") and data["urgency"] != item.urgency:
        yield "urgency", services.urgency_assess, {"urgency": data["urgency"]}
    if data.get("motivation") and data["motivation"] != item.motivation:
        yield "motivation", services.motivation_assess, {"motivation": data["motivation"]}
    if data.get("guidance_text", "").strip():
        yield (
            "guidance",
            services.guidance_give,
            {
                "categories": data.get("guidance_categories", []),
                "text": data["guidance_text"],
            },
        )
    if data.get("referral_service"):
        yield (
            "referral",
            services.referral_make,
            {
                "service": data["referral_service"],
                "note": data.get("referral_note", ""),
            },
        )
    if data.get("completion_note", "").strip():
        yield "completion_request", services.completion_request, {"note": data["completion_note"]}
    if data.get("completed_on"):
        yield (
            "completion_receive",
            services.completion_receive,
            {"completed_on": data["completed_on"]},
        )
    if data.get("next_step") == NextStep.FORWARD:
        yield "forward", services.item_forward, {"note": data.get("end_note", "")}
    if data.get("next_step") == NextStep.CLOSE:
        yield (
            "close",
            services.item_close,
            {
                "outcome": data["outcome"],
                "note": data.get("end_note", ""),
            },
        )


def save(item: IntakeItem, acting_user: Worker, data: dict) -> list:
    """Run the filled-in steps; returns what was saved (its words). Call in a transaction."""
    saved = []
    for name, service, arguments in _steps(item, data):
        try:
            service(item=item, acting_user=acting_user, **arguments)
        except ConflictError:
            raise
        except DomainError as error:
            field = FIELDS.get(name, {}).get(error.field, error.field)
            raise StepRefused(error.message, field=field) from None
        item.refresh_from_db()
        saved.append(LABELS[name])
    return saved
