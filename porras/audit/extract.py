"""The client's access log extract (703/2023 § 11) as CSV and PDF, in Finnish or Swedish."""

import csv
import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from porras.audit.selectors import client_extract
from porras.clients.models import Client
from porras.core import clock
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
    with translation.override(language):
        return render_to_string(
            "audit/extract_pdf.html",
            {
                "client": client,
                "rows": client_extract(officer, client),
                "made_at": clock.now(),
                "language": language,
            },
        )


def extract_pdf(officer: Worker, client: Client, language: str) -> bytes:
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    return HTML(string=extract_html(officer, client, language)).write_pdf()
