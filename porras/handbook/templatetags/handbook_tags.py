from django import template

register = template.Library()

QPR_FIELDS = (
    "goal",
    "customers",
    "critical_success_factors",
    "metrics",
    "quality_requirements",
    "inputs",
    "actors",
    "outputs",
    "information_systems",
    "support_material",
)


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
