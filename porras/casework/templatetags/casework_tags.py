from django import template

from porras.casework import selectors

register = template.Library()


@register.filter
def recommendation_reason(facts: dict) -> str:
    return selectors.recommendation_reason(facts)
