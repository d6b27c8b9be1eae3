"""Render form widgets with the Helsinki Design System classes and ARIA wiring."""

from django import template

register = template.Library()


@register.simple_tag
def hds_widget(field, label=None, css="hds-text-input__input"):
    """The field's widget with HDS classes; errors and help linked by aria-describedby.

    `label` gives a widget that has no visible label of its own (a table cell)
    an accessible name.
    """
    describedby = []
    attrs = {"class": css}
    if field.errors:
        attrs["aria-invalid"] = "true"
        describedby.append(f"{field.id_for_label}-error")
    if field.help_text:
        describedby.append(f"{field.id_for_label}-help")
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if label:
        attrs["aria-label"] = label
    return field.as_widget(attrs=attrs)


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes (rounded up), for sentences like "in 15 minutes"."""
    return -(-int(duration.total_seconds()) // 60) if duration else 0
