from django import template

from porras.casework import selectors
from porras.casework.casefile import selectors as casefile_selectors
from porras.people.models import Role, role_in_sentence

register = template.Library()


@register.filter
def recommendation_reason(facts: dict) -> str:
    return selectors.recommendation_reason(facts)


@register.filter
def event_detail(event) -> str:
    return casefile_selectors.event_detail(event)


@register.filter
def role_name(role: str) -> str:
    return role_in_sentence(role) if role in Role.values else role
