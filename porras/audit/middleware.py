"""Every request that touches client data leaves access-log entries: one mechanism.

Selectors declare their reads with a purpose (granted or refused); any Client
row a view loaded without declaring it is logged too, as an undeclared read
flagged for the data protection officer. A view cannot forget to log.

No response with client data leaves without its entries (fail closed): a
request that may write runs in one transaction with its entries, so a change
and its log commit together or not at all; a read's entries are written before
its response is returned, and if they cannot be, the response is an error.
"""

import logging
import re
import uuid

from django.db import DatabaseError, transaction
from django.http import HttpResponseServerError
from django.template.loader import render_to_string

from porras.audit import chain
from porras.clients import tracking
from porras.core.http import client_ip
from porras.people.permissions import AccessPurpose

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# A caller's request id is kept only when it is well formed (it goes into the log).
REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$")
HETU = re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", re.IGNORECASE)


def _request_id(request) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


def _logged_path(request) -> str:
    """The address, with any identity code in its query replaced: the log names the
    code only as a keyed digest (a search's purpose and result are logged apart)."""
    if not request.GET:
        return request.path[:500]
    query = request.GET.copy()
    for name, values in query.lists():
        query.setlist(name, ["[hetu]" if HETU.search(v) else v for v in values])
    return f"{request.path}?{query.urlencode(safe='[]')}"[:500]


def user_snapshot(user) -> dict:
    teams = ", ".join(user.teams.order_by("name").values_list("name", flat=True))
    county = user.county.name if user.county_id else ""
    return {
        "user": user,
        "username": user.username,
        "user_name": user.get_full_name() or user.username,
        "role": user.role,
        "organisation": " / ".join(part for part in (county, teams) if part),
        "county_id": user.county_id,
    }


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        token = tracking.start()
        try:
            if request.method in SAFE_METHODS:
                response = self.get_response(request)
                written = self._write(request)
            else:
                response, written = self._in_one_transaction(request)
        except DatabaseError:
            logger.exception("access log entries could not be written: %s", request.path)
            response, written = _log_failure(request), False
        finally:
            tracking.finish(token)
        if written:
            self._seal()
        response.headers.setdefault("X-Request-ID", request.request_id)
        return response

    def _in_one_transaction(self, request):
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code < 500:
                return response, self._write(request)
            # A failed request keeps nothing it did; its reads are still logged below.
            transaction.set_rollback(True)
        return response, self._write(request)

    def _write(self, request) -> bool:
        entries = self._entries(request, tracking.current())
        chain.append(entries)
        return bool(entries)

    @staticmethod
    def _seal() -> None:
        try:
            chain.seal()
        except DatabaseError:
            # Unsealed entries are safe in the table; the next request or
            # `porras audit seal` seals them.
            logger.exception("sealing the access log failed")

    def _entries(self, request, collector) -> list[dict]:
        if collector is None or not (collector.loaded or collector.declared):
            return []
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # Client rows loaded for an anonymous request would be a bug: say so loudly.
            logger.error("client data loaded without an authenticated user: %s", request.path)
            return []
        common = {
            **user_snapshot(user),
            "request_id": request.request_id,
            "ip": client_ip(request),
            "path": _logged_path(request),
        }
        view = request.resolver_match.view_name if request.resolver_match else request.path
        entries = [
            {
                **common,
                "client_id": d.client_id,
                "subject_digest": d.subject_digest,
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
        return entries


def _log_failure(request):
    """Fail closed: nothing of the request is sent when its log entries are not saved."""
    return HttpResponseServerError(render_to_string("500.html"))
