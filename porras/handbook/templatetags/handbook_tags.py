from django import template

from porras.handbook.selectors import QPR_FIELDS

register = template.Library()


@register.filter
def qpr_fields(process):
    """The QPR template's fields in their order, with their translated labels."""
    return [
        (process._meta.get_field(name).verbose_name.capitalize(), getattr(process, name))
        for name in QPR_FIELDS
    ]


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
