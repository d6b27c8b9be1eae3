from django import template

from porras.clients import tracking
from porras.people.models import Role
from porras.people.permissions import AccessPurpose

register = template.Library()


@register.filter
def purpose_label(value: str) -> str:
    try:
        return AccessPurpose(value).label
    except ValueError:
        return value


@register.filter
def record_type_label(value: str) -> str:
    return tracking.record_type_label(value)


@register.filter
def role_label(value: str) -> str:
    try:
        return Role(value).label
    except ValueError:
        return value


@register.filter
def make_list_of_one(value) -> list:
    return [value]


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
