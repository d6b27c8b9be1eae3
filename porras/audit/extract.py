"""The client's access log extract (703/2023 § 11) as CSV and PDF, in Finnish or Swedish."""

import csv
import io
from collections.abc import Iterator

from django.utils import translation
from django.utils.translation import gettext as _

from porras.audit.selectors import client_extract
from porras.clients.models import Client
from porras.core import clock
from porras.core.pdf import pdf_from, render_in
from porras.people.models import Worker

EXTRACT_LANGUAGES = ("fi", "sv")
TIME = "%d.%m.%Y %H:%M:%S"


def extract_csv(officer: Worker, client: Client, language: str) -> Iterator[bytes]:
    """The extract as CSV: read now, written a row at a time (a streamed response)."""
    with translation.override(language):
        rows = client_extract(officer, client)
        header = [
            _("Time"),
            _("Last time"),
            _("Times"),
            _("Who"),
            _("Role"),
            _("Organisation"),
            _("What"),
            _("Why"),
        ]
    return _csv_lines(header, rows)


def _csv_lines(header: list, rows: list) -> Iterator[bytes]:
    # A byte-order mark so that spreadsheet programs read the Finnish letters right.
    yield "\ufeff".encode() + _csv_line(header)
    for row in rows:
        yield _csv_line(
            [
                row.at.strftime(TIME),
                row.until.strftime(TIME),
                row.times,
                row.who,
                row.role,
                row.organisation,
                row.what,
                row.why,
            ]
        )


def _csv_line(values: list) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow(values)
    return out.getvalue().encode("utf-8")


def extract_html(officer: Worker, client: Client, language: str) -> str:
    with translation.override(language):  # the rows' words are the reader's language
        rows = client_extract(officer, client)
    return render_in(
        language,
        "audit/extract_pdf.html",
        {"client": client, "rows": rows, "made_at": clock.now()},
    )


def extract_pdf(officer: Worker, client: Client, language: str) -> bytes:
    return pdf_from(extract_html(officer, client, language))
