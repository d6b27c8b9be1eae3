"""The client plan as a PDF (WeasyPrint) in Finnish or Swedish, for the client.

It names the client by name and date of birth only: no identity code, address or
contact data, so a non-disclosure client's whereabouts never travel on paper."""

from porras.casework.models import ClientPlan
from porras.core import clock
from porras.core.pdf import pdf_from, render_in

LANGUAGES = ("fi", "sv")


def plan_html(plan: ClientPlan, language: str) -> str:
    plan = (
        ClientPlan.objects.select_related(
            "case__client", "case__responsible", "case__co_worker", "case__team", "made_by"
        )
        .prefetch_related("goals__measures__package", "reviews")
        .get(pk=plan.pk)
    )
    return render_in(
        language,
        "casework/casefile/plan_pdf.html",
        {
            "plan": plan,
            "case": plan.case,
            "client_name": plan.case.client.display_name,
            "birth_date": plan.case.client.birth_date,
            "made_at": clock.now(),
        },
    )


def plan_pdf(plan: ClientPlan, language: str) -> bytes:
    return pdf_from(plan_html(plan, language))
