"""A fixed-window counter on Django's cache (shared by all processes in production)."""

from django.core.cache import cache

from porras.core import clock


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one use of `key`: False once `limit` uses are exceeded in the current window."""
    bucket = int(clock.now().timestamp()) // window_seconds
    cache_key = f"porras:rate:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window_seconds * 2):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds * 2)
        count = 1
    return count <= limit
