"""Every request that touches client data leaves access-log entries: one mechanism.

Selectors declare their reads with a purpose (granted or refused); any Client
row a view loaded without declaring it is logged too, as an undeclared read
flagged for the data protection officer. A view cannot forget to log.
"""

import logging
import uuid

from django.conf import settings

from porras.audit import chain
from porras.clients import tracking
from porras.people.permissions import AccessPurpose

logger = logging.getLogger(__name__)


def _client_ip(request) -> str | None:
    if settings.PORRAS_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


def user_snapshot(user) -> dict:
    teams = ", ".join(user.teams.order_by("name").values_list("name", flat=True))
    county = user.county.name if user.county_id else ""
    return {
        "user": user,
        "username": user.username,
        "user_name": user.get_full_name() or user.username,
        "role": user.role,
        "organisation": " / ".join(part for part in (county, teams) if part),
    }


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        token = tracking.start()
        try:
            response = self.get_response(request)
        finally:
            collector = tracking.finish(token)
            self._write(request, collector)
        response.headers.setdefault("X-Request-ID", request.request_id)
        return response

    def _write(self, request, collector) -> None:
        if collector is None or not (collector.loaded or collector.declared):
            return
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # Client rows loaded for an anonymous request would be a bug: say so loudly.
            logger.error("client data loaded without an authenticated user: %s", request.path)
            return
        common = {
            **user_snapshot(user),
            "request_id": request.request_id[:64],
            "ip": _client_ip(request),
            "path": request.get_full_path()[:500],
        }
        view = request.resolver_match.view_name if request.resolver_match else request.path
        entries = [
            {
                **common,
                "client_id": d.client_id,
                "record_type": d.record_type,
                "purpose": d.purpose,
                "outcome": d.outcome,
                "reason": d.reason[:600],
                "flagged": d.flagged,
            }
            for d in collector.declared
        ]
        for client_id in sorted(collector.loaded - collector.declared_ids(), key=str):
            entries.append(
                {
                    **common,
                    "client_id": client_id,
                    "record_type": view[:100],
                    "purpose": AccessPurpose.UNDECLARED,
                    "outcome": "granted",
                    "reason": "",
                    "flagged": True,
                }
            )
        chain.append(entries)
