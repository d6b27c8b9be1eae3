from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A refused operation. Its message is shown to the user as it is (translated)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """Someone else changed the same thing first (optimistic locking)."""


class RateLimited(PermissionDenied):
    """Too many attempts in a short time: answered with 429 and the message."""
