"""The client's access log extract (703/2023 § 11) as CSV and PDF, in Finnish or Swedish."""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from porras.audit.selectors import client_extract
from porras.clients.models import Client
from porras.core import clock
from porras.core.pdf import pdf_from, render_in
from porras.people.models import Worker

EXTRACT_LANGUAGES = ("fi", "sv")


def extract_csv(officer: Worker, client: Client, language: str) -> bytes:
    with translation.override(language):
        rows = client_extract(officer, client)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow([_("Time"), _("Who"), _("Role"), _("Organisation"), _("What"), _("Why")])
        for row in rows:
            writer.writerow(
                [
                    row.at.strftime("%d.%m.%Y %H:%M:%S"),
                    row.who,
                    row.role,
                    row.organisation,
                    row.what,
                    row.why,
                ]
            )
    # A byte-order mark so that spreadsheet programs read the Finnish letters right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


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
