"""The audit key, held outside the database (environment or a file the operator protects).

It keys the access log's hash chain (HMAC), its checkpoints and purge records, and
the digests under which identity-code lookups are logged: whoever can write the
database but does not hold the key cannot forge any of them.
"""

import hashlib
import hmac

from django.conf import settings


def mac(message: str) -> str:
    key = settings.PORRAS_AUDIT_KEY.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def same(left: str, right: str) -> bool:
    return hmac.compare_digest(left or "", right or "")


def hetu_digest(hetu: str) -> str:
    """What the access log keeps of a looked-up identity code: findable, not readable."""
    return mac("hetu:" + hetu.strip().upper())
