"""Printed documents: a template rendered in the reader's language, made into a PDF by
WeasyPrint. Fonts and styles come with the template; nothing is fetched from outside."""

from django.template.loader import render_to_string
from django.utils import translation


def render_in(language: str, template: str, context: dict) -> str:
    with translation.override(language):
        return render_to_string(template, {**context, "language": language})


def pdf_from(html: str) -> bytes:
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    return HTML(string=html).write_pdf()
