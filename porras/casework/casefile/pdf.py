"""The client plan as a PDF (WeasyPrint) in Finnish or Swedish, for the client.

It names the client by name and date of birth only: no identity code, address or
contact data, so a non-disclosure client's whereabouts never travel on paper."""

from django.template.loader import render_to_string
from django.utils import translation

from porras.casework.models import ClientPlan
from porras.core import clock

LANGUAGES = ("fi", "sv")


def plan_html(plan: ClientPlan, language: str) -> str:
    plan = (
        ClientPlan.objects.select_related(
            "case__client", "case__responsible", "case__co_worker", "case__team", "made_by"
        )
        .prefetch_related("goals__measures__package", "reviews")
        .get(pk=plan.pk)
    )
    with translation.override(language):
        return render_to_string(
            "casework/casefile/plan_pdf.html",
            {
                "plan": plan,
                "case": plan.case,
                "client_name": plan.case.client.display_name,
                "birth_date": plan.case.client.birth_date,
                "made_at": clock.now(),
                "language": language,
            },
        )


def plan_pdf(plan: ClientPlan, language: str) -> bytes:
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    return HTML(string=plan_html(plan, language)).write_pdf()
