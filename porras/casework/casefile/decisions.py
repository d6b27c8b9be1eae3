"""The case's decisions tab: service decisions (SHL § 45) and other decisions made in the
case, through `decisions` within the maker's delegation (SHL § 46 when the case has a
special support need); the sending, the implementation of a granted service within its
3 months, and the decision letter in Finnish or Swedish."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from porras.casework.casefile import views as casefile
from porras.casework.models import AssessmentStatus, CaseStatus, Quadrant
from porras.core import clock
from porras.core.errors import DomainError
from porras.core.once import OnceForm
from porras.core.views import apply_error, error_status, post_only, submit_form
from porras.decisions import pdf as decision_pdf
from porras.decisions import services
from porras.decisions.legal import LEGAL_BASES
from porras.decisions.models import Decision, DecisionType, NotificationWay, Outcome
from porras.people.forms import DateInput

CASE_TYPES = [
    (DecisionType.SERVICE, DecisionType.SERVICE.label),
    (DecisionType.OTHER, DecisionType.OTHER.label),
]


class CaseDecisionForm(OnceForm):
    decision_type = forms.ChoiceField(label=gettext_lazy("Type"), choices=CASE_TYPES)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    legal_bases = forms.MultipleChoiceField(
        label=gettext_lazy("Legal basis"),
        choices=[(code, basis.label) for code, basis in LEGAL_BASES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reasoning = forms.CharField(
        label=gettext_lazy("Reasons (the facts and the provisions applied)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
    )
    pending_since = forms.DateField(
        label=gettext_lazy("Matter pending since"), widget=DateInput(), required=False
    )


class SentForm(forms.Form):
    way = forms.ChoiceField(
        label=gettext_lazy("Sent"), choices=NotificationWay.choices, widget=forms.RadioSelect
    )
    sent_on = forms.DateField(label=gettext_lazy("Sent on"), widget=DateInput())


class ImplementedForm(forms.Form):
    implemented_on = forms.DateField(label=gettext_lazy("The service began on"), widget=DateInput())


def special_support_need(case) -> bool:
    """The case's latest completed assessment says so, or the four-field put it in D."""
    latest = (
        case.service_need_assessments.filter(status=AssessmentStatus.COMPLETED)
        .order_by("-completed_on")
        .values_list("special_support_need", flat=True)
        .first()
    )
    return bool(latest) if latest is not None else case.quadrant == Quadrant.D


def _decisions_of(case):
    return list(Decision.objects.filter(case_id=case.pk).select_related("decided_by", "corrects"))


def _page(request, case, client, form, status=200, bound=None):
    rows = _decisions_of(case)
    for decision in rows:
        decision.sent_form = (bound or {}).get(("notify", decision.pk)) or SentForm(
            initial={"way": "letter", "sent_on": clock.today()},
            auto_id=f"id_s{decision.pk.hex[:8]}_%s",
        )
        decision.implemented_form = (bound or {}).get(("implemented", decision.pk)) or (
            ImplementedForm(
                initial={"implemented_on": clock.today()},
                auto_id=f"id_i{decision.pk.hex[:8]}_%s",
            )
        )
        decision.legal_labels = [LEGAL_BASES[c].label for c in decision.legal_bases]
    return render(
        request,
        "casework/casefile/decisions.html",
        casefile._context(
            request,
            case,
            client,
            "decisions",
            form=form,
            decisions=rows,
            special_support=special_support_need(case),
        ),
        status=status,
    )


@login_required
def decisions(request, case_id):
    case, client = casefile._case(request, case_id, "casework.decisions")
    data = request.POST if request.method == "POST" else None
    origin = case.origin_items.order_by("pending_date").values_list("pending_date", flat=True)
    form = CaseDecisionForm(
        data,
        initial={
            "decision_type": DecisionType.SERVICE,
            "legal_bases": ["shl_45", "hl_45"],
            "pending_since": origin.first(),
        },
    )
    status = 200
    if data is not None:
        if case.status != CaseStatus.OPEN:
            raise Http404
        response, status = submit_form(
            request,
            form,
            lambda values: services.decision_make(
                client=case.client,
                decision=services.DecisionInput(
                    decision_type=values["decision_type"],
                    outcome=values["outcome"],
                    reasoning=values["reasoning"],
                    legal_bases=values["legal_bases"],
                    pending_since=values["pending_since"],
                ),
                acting_user=request.user,
                case_id=case.pk,
                special_support_need=special_support_need(case),
            ),
            done=reverse("casework:decisions", kwargs={"case_id": case.pk}),
            message=_("The decision was made. Record how it was sent."),
        )
        if response:
            return response
    return _page(request, case, client, form, status)


@login_required
@post_only(
    lambda case_id, decision_id, action: reverse("casework:decisions", kwargs={"case_id": case_id})
)
def decision_action(request, case_id, decision_id, action):
    case, client = casefile._case(request, case_id, "casework.decisions")
    decision = get_object_or_404(Decision, pk=decision_id, case_id=case.pk)
    form_class = {"notify": SentForm, "implemented": ImplementedForm}.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            if action == "notify":
                services.decision_notify(
                    decision=decision,
                    way=form.cleaned_data["way"],
                    sent_on=form.cleaned_data["sent_on"],
                    acting_user=request.user,
                )
            else:
                services.decision_implemented(
                    decision=decision,
                    implemented_on=form.cleaned_data["implemented_on"],
                    acting_user=request.user,
                )
        except DomainError as error:
            apply_error(form, error)
            return _page(
                request, case, client, CaseDecisionForm(), error_status(error),
                {(action, decision.pk): form},
            )  # fmt: skip
        return redirect("casework:decisions", case_id=case.pk)
    return _page(request, case, client, CaseDecisionForm(), 400, {(action, decision.pk): form})


@login_required
def decision_document(request, case_id, decision_id, language):
    case, _client = casefile._case(request, case_id, "casework.decision_pdf")
    decision = get_object_or_404(Decision, pk=decision_id, case_id=case.pk)
    if language not in decision_pdf.LANGUAGES:
        raise Http404
    response = HttpResponse(
        decision_pdf.decision_pdf(decision, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="paatos-{decision.decided_on:%Y%m%d}-{language}.pdf"'
    )
    return response
