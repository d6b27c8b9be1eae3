from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A refused operation. Its message is shown to the user as it is (translated)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class MissingContent(DomainError):
    """Mandatory content is missing or wrong: every field is named (field → message)."""

    def __init__(self, errors: dict):
        from django.utils.translation import gettext as _

        super().__init__(
            _("Fill in the missing content: %(count)s fields.") % {"count": len(errors)}
        )
        self.errors = errors


class ConflictError(DomainError):
    """Someone else changed the same thing first (optimistic locking)."""


class RateLimited(PermissionDenied):
    """Too many attempts in a short time: answered with 429 and the message."""
