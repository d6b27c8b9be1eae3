from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def span(seconds) -> str:
    """A waiting time or duration in the unit a reader takes in: minutes, hours or days."""
    if seconds is None:
        return "–"
    seconds = float(seconds)
    if seconds < 3600:
        return _("%(count)s min") % {"count": number_format(seconds / 60, 0)}
    if seconds < 86400:
        return _("%(count)s h") % {"count": number_format(seconds / 3600, 1)}
    return _("%(count)s d") % {"count": number_format(seconds / 86400, 1)}


@register.simple_tag
def cell_text(kind: str, cell) -> str:
    """A week's figure as the table shows it."""
    if kind == "count":
        return str(cell.count)
    if kind == "share":
        if not cell.whole:
            return "–"
        return _("%(share)s %% (%(part)s/%(whole)s)") % {
            "share": number_format(100 * cell.share, 0),
            "part": cell.part,
            "whole": cell.whole,
        }
    if cell.median is None:
        return "–"
    return _("%(median)s (90 %%: %(p90)s)") % {
        "median": number_format(cell.median, 1),
        "p90": number_format(cell.p90, 1),
    }
