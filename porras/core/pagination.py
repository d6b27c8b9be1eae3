"""Long lists are shown a page at a time (Django's paginator: two queries a page)."""

from django.core.paginator import Page, Paginator


def page_of(rows, number, *, per_page: int) -> Page:
    """The page asked for; a missing, malformed or too large number gives the nearest page."""
    return Paginator(rows, per_page).get_page(number)
