from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
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


BAR_WIDTH, BAR_GAP, CHART_HEIGHT = 6, 2, 24


@register.simple_tag
def trend(kind: str, cells) -> str:
    """A row's weeks as a small bar chart. Decorative: the row's cells are its text."""
    values = [cell.value(kind) for cell in cells]
    highest = max((v for v in values if v), default=0)
    width = len(values) * (BAR_WIDTH + BAR_GAP)
    bars = []
    for n, value in enumerate(values):
        height = round(CHART_HEIGHT * value / highest) if value and highest else 0
        empty = "" if value else ' class="trend-none"'
        bars.append(
            f'<rect x="{n * (BAR_WIDTH + BAR_GAP)}" y="{CHART_HEIGHT - height}" '
            f'width="{BAR_WIDTH}" height="{max(height, 1)}"{empty}/>'
        )
    # Numbers only: nothing of the user's goes into the markup.
    return mark_safe(
        f'<svg class="trend" width="{width}" height="{CHART_HEIGHT}" '
        f'viewBox="0 0 {width} {CHART_HEIGHT}" aria-hidden="true" focusable="false">'
        + "".join(bars)
        + "</svg>"
    )
