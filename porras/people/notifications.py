"""In-app notifications keep facts (a kind and its values); the sentence is made when a
worker reads it, in their language. Rooms above register the kinds they send."""

from collections.abc import Callable

from porras.core import clock
from porras.people.models import Notification, Worker

_RENDERERS: dict[str, Callable[[dict], str]] = {}


def register(kind: str, render: Callable[[dict], str]) -> None:
    _RENDERERS[kind] = render


def message(notification: Notification) -> str:
    render = _RENDERERS.get(notification.kind)
    return str(render(notification.params)) if render else notification.text


def notify(*, recipient: Worker, kind: str, link: str = "", **params) -> Notification:
    """Tell a worker something (call in the sending service's transaction)."""
    return Notification.objects.create(
        recipient=recipient, kind=kind, params=params, link=link, created_at=clock.now()
    )
