"""A payment commitment (maksusitoumus) as PDF for the landlord, pharmacy or other payee:
who pays what for whom, under which decision. Name and date of birth only — no address or
identity code of the client, and nothing of the decision's reasons."""

from porras.benefits.models import Payment
from porras.core import clock
from porras.core.pdf import pdf_from, render_in

LANGUAGES = ("fi", "sv")


def commitment_html(payment: Payment, language: str) -> str:
    payment = Payment.objects.select_related("client", "county", "decision", "created_by").get(
        pk=payment.pk
    )
    return render_in(
        language,
        "benefits/commitment_pdf.html",
        {
            "payment": payment,
            "client_name": payment.client.display_name,
            "birth_date": payment.client.birth_date,
            "printed_at": clock.now(),
        },
    )


def commitment_pdf(payment: Payment, language: str) -> bytes:
    return pdf_from(commitment_html(payment, language))
