"""A payment commitment (maksusitoumus) as PDF for the landlord, pharmacy or other payee:
who pays what for whom, under which decision. Name and date of birth only — no address or
identity code of the client, and nothing of the decision's reasons."""

from django.template.loader import render_to_string
from django.utils import translation

from porras.benefits.models import Payment
from porras.core import clock

LANGUAGES = ("fi", "sv")


def commitment_html(payment: Payment, language: str) -> str:
    payment = Payment.objects.select_related("client", "county", "decision", "created_by").get(
        pk=payment.pk
    )
    with translation.override(language):
        return render_to_string(
            "benefits/commitment_pdf.html",
            {
                "payment": payment,
                "client_name": payment.client.display_name,
                "birth_date": payment.client.birth_date,
                "printed_at": clock.now(),
                "language": language,
            },
        )


def commitment_pdf(payment: Payment, language: str) -> bytes:
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    return HTML(string=commitment_html(payment, language)).write_pdf()
