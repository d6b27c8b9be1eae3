"""Facts of an HTTP request that several rooms need."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The caller's address; behind a trusted reverse proxy, the one it forwards."""
    if settings.PORRAS_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None
