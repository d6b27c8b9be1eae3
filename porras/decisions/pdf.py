"""The decision letter as a PDF (WeasyPrint) in Finnish or Swedish, with the instructions
for a request for rectification and its deadline attached.

It names the client by name and date of birth only: no identity code, address or
contact data, so a non-disclosure client's whereabouts never travel on paper; the
letter's envelope is addressed by whoever may see the address."""

from porras.core import clock, deadlines
from porras.core.pdf import pdf_from, render_in
from porras.decisions.legal import LEGAL_BASES
from porras.decisions.models import Decision, RectificationBody

LANGUAGES = ("fi", "sv")
DEFAULT_BODY = {"fi": "Yksilöasioiden jaosto", "sv": "Sektionen för individärenden"}


def rectification_body(county, language: str) -> tuple[str, str]:
    """(name, address) of the body that decides requests for rectification."""
    body = RectificationBody.objects.filter(county=county).first()
    if body is None:
        return f"{DEFAULT_BODY[language]}, {county.name}", ""
    return body.name(language), body.address


def decision_html(decision: Decision, language: str) -> str:
    decision = Decision.objects.select_related("client", "county", "decided_by", "corrects").get(
        pk=decision.pk
    )
    name, address = rectification_body(decision.county, language)
    # Before it is sent, the deadline is told as a rule; after, as the date.
    return render_in(
        language,
        "decisions/decision_pdf.html",
        {
            "decision": decision,
            "client_name": decision.client.display_name,
            "birth_date": decision.client.birth_date,
            "legal": [LEGAL_BASES[code].label for code in decision.legal_bases],
            "body_name": name,
            "body_address": address,
            "rule_label": deadlines.RULES["rectification_request"].label,
            "printed_at": clock.now(),
        },
    )


def decision_pdf(decision: Decision, language: str) -> bytes:
    return pdf_from(decision_html(decision, language))
