"""The benefit handlers' pages: the county's queue, an application (deadlines, Kela's
decision, completion, personal discussion, raising to social work), its calculation and
decision, the decision as PDF, the day's payments and the figures.

Every page reads the client through `item_with_client`, so it is access-logged (and
refused) like any read; a refused action shows the form again with what was typed."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from porras.benefits import forms, payments, selectors, services
from porras.benefits import pdf as benefits_pdf
from porras.benefits.models import Handling, LineKind, Payment, PaymentBatch
from porras.clients.tracking import DeclaredAccess, declare
from porras.clients.views import stated_reason_page
from porras.core import clock
from porras.core.errors import ConflictError, DomainError, MissingContent
from porras.core.views import apply_error, error_status, post_only
from porras.decisions import pdf as decision_pdf
from porras.decisions import services as decisions
from porras.decisions.legal import LEGAL_BASES
from porras.decisions.models import RectificationRequest, Resolution
from porras.intake import selectors as intake_selectors
from porras.intake import services as intake
from porras.intake.models import IntakeItem, Status, Track
from porras.people import permissions
from porras.people.permissions import AccessPurpose


def _require_handler(user) -> None:
    permissions.require(
        permissions.handles_benefits(user) or user.role == "manager",
        _("The benefit handlers' pages are for benefit handlers and their managers."),
    )


def _application(request, item_id, record_type="benefits.application"):
    item = IntakeItem.objects.filter(
        pk=item_id, county_id=request.user.county_id, track=Track.BENEFITS
    ).first()
    if item is None:
        raise Http404
    return intake_selectors.item_with_client(
        user=request.user,
        item_id=item.pk,
        record_type=record_type,
        reason_route="benefits:reason",
    )


def _url(item, name="application") -> str:
    return reverse(f"benefits:{name}", kwargs={"item_id": item.pk})


@login_required
def queue(request):
    _require_handler(request.user)
    show = request.GET.get("show", "")
    return render(
        request,
        "benefits/queue.html",
        {
            "page": selectors.queue(request.user, show=show, page_number=request.GET.get("page")),
            "show": show,
            "summary": selectors.queue_summary(request.user),
            "today": clock.today(),
        },
    )


def _holding(request, item) -> bool:
    return services.may_handle(request.user, item)


def _rectifications(decision, bound_form) -> list:
    """The decision's requests for rectification, each with the form recording the body's
    decision on it (the refused one as it was typed); ids unique on the page."""
    if decision is None:
        return []
    requests = list(decision.rectification_requests.select_related("resolved_by", "corrected_by"))
    for r in requests:
        mine = bound_form is not None and str(bound_form.data.get("request")) == str(r.pk)
        r.decision_form = (
            bound_form
            if mine
            else forms.RectificationDecisionForm(
                initial={"request": r.pk}, auto_id=f"id_r{r.pk.hex[:8]}_%s"
            )
        )
    return requests


def _render(request, item, client, status=200, **bound):
    view = selectors.application(item)
    handling = view.handling
    version = handling.version if handling else None
    kela_initial = {"version": version}
    if handling and handling.kela_reference:
        kela_initial.update(
            kela_reference=handling.kela_reference,
            kela_decided_on=handling.kela_decided_on,
            kela_basic_support=handling.kela_basic_support,
            kela_surplus=handling.kela_surplus,
        )
    context = {
        "item": item,
        "client": client,
        "view": view,
        "holding": _holding(request, item),
        "in_queue": item.status in (Status.IN_GUIDANCE, Status.WAITING_COMPLETION),
        "deadline_label": intake.compute_deadline(item).label,
        "discussion": intake.discussion_deadline(item),
        "must_raise": services.must_raise_to_social_work(item),
        "attachments": item.attachments.all(),
        "legal_labels": [
            LEGAL_BASES[c].label for c in (view.decision.legal_bases if view.decision else [])
        ],
        "kela_form": bound.get("kela") or forms.KelaForm(initial=kela_initial),
        "completion_form": bound.get("completion_request") or forms.CompletionRequestForm(),
        "completed_form": bound.get("completed")
        or forms.CompletedForm(initial={"completed_on": clock.today()}),
        "discussion_request_form": bound.get("discussion_request")
        or forms.DiscussionRequestForm(initial={"requested_on": clock.today()}),
        "discussion_held_form": bound.get("discussion_held")
        or forms.DiscussionHeldForm(initial={"held_on": clock.today()}),
        "raise_form": bound.get("raise") or forms.RaiseForm(),
        "rectifications": _rectifications(view.decision, bound.get("rectification_decide")),
        "rectification_form": bound.get("rectification")
        or forms.RectificationForm(initial={"arrived_on": clock.today()}),
        "may_record_rectification": decisions.can_record_rectification_decision(request.user),
        "notify_form": bound.get("notify")
        or forms.NotifyForm(initial={"way": "letter", "sent_on": clock.today()}),
        "today": clock.today(),
    }
    return render(request, "benefits/application.html", context, status=status)


@login_required
def application(request, item_id):
    item, client = _application(request, item_id)
    return _render(request, item, client)


ACTIONS = {
    "kela": forms.KelaForm,
    "completion_request": forms.CompletionRequestForm,
    "completed": forms.CompletedForm,
    "discussion_request": forms.DiscussionRequestForm,
    "discussion_held": forms.DiscussionHeldForm,
    "raise": forms.RaiseForm,
    "notify": forms.NotifyForm,
    "rectification": forms.RectificationForm,
    "rectification_decide": forms.RectificationDecisionForm,
}


def _decision_of(item):
    handling = Handling.objects.filter(item=item).select_related("decision").first()
    if handling is None or handling.decision is None:
        raise DomainError(_("Decide the application first."))
    return handling.decision


def _act(action, item, user, data):
    if action == "kela":
        services.kela_record(
            item=item,
            acting_user=user,
            kela=services.KelaInput(
                reference=data["kela_reference"],
                decided_on=data["kela_decided_on"],
                basic_support=data["kela_basic_support"],
                surplus=data["kela_surplus"],
            ),
            version=data["version"],
        )
        return _("Kela's decision was recorded.")
    if action == "completion_request":
        intake.completion_request(item=item, acting_user=user, note=data["note"])
        return _(
            "Completion was requested. The due date moves when the completed application arrives."
        )
    if action == "completed":
        intake.completion_receive(item=item, acting_user=user, completed_on=data["completed_on"])
        return _("The completed application was recorded: the 7 working days run from it.")
    if action == "discussion_request":
        intake.discussion_request(item=item, acting_user=user, requested_on=data["requested_on"])
        return _("The personal discussion was requested.")
    if action == "discussion_held":
        intake.discussion_held(item=item, acting_user=user, held_on=data["held_on"])
        return _("The personal discussion was recorded.")
    if action == "rectification":
        decision = _decision_of(item)
        request = decisions.rectification_receive(
            decision=decision,
            arrived_on=data["arrived_on"],
            demands=data["demands"],
            acting_user=user,
        )
        if request.late:
            return _("The request for rectification was registered. It arrived late.")
        return _("The request for rectification was registered.")
    if action == "rectification_decide":
        request = get_object_or_404(
            RectificationRequest, pk=data["request"], decision=_decision_of(item)
        )
        corrected = None
        if data["resolution"] == Resolution.CHANGED:
            original = request.decision
            corrected = decisions.DecisionInput(
                decision_type=original.decision_type,
                outcome=data["outcome"],
                reasoning=data["resolution_reasoning"],
                legal_bases=list(original.legal_bases),
                amount=data["amount"],
                period_start=original.period_start,
                period_end=original.period_end,
            )
        with transaction.atomic():
            decided = decisions.rectification_decide(
                request=request,
                resolution=data["resolution"],
                reasoning=data["resolution_reasoning"],
                acting_user=user,
                corrected=corrected,
            )
            if decided.corrected_by is not None:
                services.correction_payments(
                    item=item, corrected=decided.corrected_by, acting_user=user
                )
        return _("The decision on the request for rectification was recorded.")
    if action == "raise":
        with transaction.atomic():
            intake.urgency_assess(item=item, acting_user=user, urgency=data["urgency"])
            intake.item_forward(item=item, acting_user=user, note=data["note"])
        return _("The application was raised to social work: it waits for distribution.")
    services.application_notify(
        item=item, acting_user=user, way=data["way"], sent_on=data["sent_on"]
    )
    return _("The sending of the decision was recorded. The application is closed.")


@login_required
@post_only(lambda item_id, action: reverse("benefits:application", kwargs={"item_id": item_id}))
def application_action(request, item_id, action):
    item, client = _application(request, item_id)
    if action == "claim":
        try:
            intake.item_claim(item=item, acting_user=request.user)
        except ConflictError as error:
            messages.error(request, error.message)
            return redirect("benefits:queue")
        return redirect(_url(item))
    if action == "release":
        try:
            intake.item_release(item=item, acting_user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("benefits:queue")
    if action not in ACTIONS:
        raise Http404
    form = ACTIONS[action](request.POST)
    if form.is_valid():
        try:
            message = _act(action, item, request.user, form.cleaned_data)
        except DomainError as error:
            apply_error(form, error)
            item.refresh_from_db()
            return _render(request, item, client, status=error_status(error), **{action: form})
        messages.success(request, message)
        if action in ("raise", "notify"):
            return redirect("benefits:queue")
        return redirect(_url(item))
    return _render(request, item, client, status=400, **{action: form})


# --- Calculation ---


def _category_choices(item, language):
    return [(c.code, c.name(language)) for c in services.categories(item.county) if c.active]


def _calculation_forms(item, view, data=None):
    choices = _category_choices(item, translation.get_language() or "fi")
    handling = view.handling
    if data is not None:
        return (
            forms.PeriodForm(data),
            forms.MemberFormSet(data, prefix="household"),
            forms.LineFormSet(data, prefix="lines", form_kwargs={"categories": choices}),
        )
    period = forms.PeriodForm(
        initial={
            "version": handling.version if handling else None,
            "period_start": handling.period_start if handling else None,
            "period_end": handling.period_end if handling else None,
            "preventive_grounds": handling.preventive_grounds if handling else "",
        }
    )
    members = [
        {"relation": m.relation, "first_name": m.first_name, "birth_year": m.birth_year}
        for m in view.household
    ] or [
        {
            "relation": "applicant",
            "first_name": item.client.first_name.split(" ")[0],
            "birth_year": item.client.birth_date.year if item.client.birth_date else None,
        }
    ]
    lines = [
        {
            "kind": line.kind,
            "category": line.category.code if line.category else "",
            "description": line.description,
            "amount": line.amount,
            "assessment": line.assessment,
            "accepted_amount": line.accepted_amount,
            "reason": line.reason,
        }
        for line in view.lines
    ]
    return (
        period,
        forms.MemberFormSet(initial=members, prefix="household"),
        forms.LineFormSet(initial=lines, prefix="lines", form_kwargs={"categories": choices}),
    )


def _filled(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and f.has_changed()]


def _place_problems(problems: dict, form, formsets: dict) -> None:
    """Service problems are keyed like the forms ("lines-2-reason"): put each beside
    its field, and the rest on the main form (above it, when it has no such field)."""
    for key, message in problems.items():
        parts = key.split("-")
        formset = formsets.get(parts[0]) if len(parts) == 3 else None
        if formset is not None:
            index, name = int(parts[1]), parts[2]
            if index < len(formset.forms) and name in formset.forms[index].fields:
                formset.forms[index].add_error(name, message)
                continue
        form.add_error(key if key in form.fields else None, message)


def _summarise_rows(form, *formsets) -> None:
    """A refusal on a row is told above the form too, where the error summary is read."""
    if not form.errors and any(f.errors for formset in formsets for f in formset.forms):
        form.add_error(None, _("Check the marked rows."))


@login_required
def calculation(request, item_id):
    item, client = _application(request, item_id, record_type="benefits.calculation")
    view = selectors.application(item)
    status = 200
    if request.method == "POST":
        period, members, lines = _calculation_forms(item, view, request.POST)
        if period.is_valid() & members.is_valid() & lines.is_valid():
            data = services.CalculationInput(
                period_start=period.cleaned_data["period_start"],
                period_end=period.cleaned_data["period_end"],
                preventive_grounds=period.cleaned_data["preventive_grounds"],
                household=[
                    services.MemberInput(m["relation"], m["first_name"], m["birth_year"])
                    for m in _filled(members)
                ],
                lines=[
                    services.LineInput(
                        kind=line["kind"],
                        description=line["description"],
                        amount=line["amount"],
                        category_code=line["category"],
                        assessment=line["assessment"],
                        accepted_amount=line["accepted_amount"],
                        reason=line["reason"],
                    )
                    for line in _filled(lines)
                ],
            )
            try:
                services.calculation_save(
                    item=item,
                    acting_user=request.user,
                    calculation=data,
                    version=period.cleaned_data["version"],
                )
            except MissingContent as error:
                _place_problems(error.errors, period, {"household": members, "lines": lines})
                status = 400
            except DomainError as error:
                apply_error(period, error)
                status = error_status(error)
            else:
                messages.success(request, _("The calculation was saved."))
                return redirect(_url(item))
        else:
            status = 400
        _summarise_rows(period, members, lines)
    else:
        period, members, lines = _calculation_forms(item, view)
    return render(
        request,
        "benefits/calculation.html",
        {
            "item": item,
            "client": client,
            "view": view,
            "holding": _holding(request, item),
            "period_form": period,
            "members": members,
            "lines": lines,
            "income_kind": LineKind.INCOME,
        },
        status=status,
    )


# --- Decision ---


def _decision_forms(item, view, data=None):
    if data is not None:
        return forms.DecisionForm(data), forms.PayeeFormSet(data, prefix="payees")
    result = view.result
    amount = result.total if result else None
    legal = ["tttl_7c"] if item.kind == "application_supplementary" else ["tttl_13"]
    decision = forms.DecisionForm(
        initial={
            "version": view.handling.version if view.handling else None,
            "amount": amount,
            "legal_bases": ["tttl_1", "tttl_2", *legal],
        }
    )
    payees = forms.PayeeFormSet(
        initial=[{"kind": "client", "name": item.client.display_name[:70], "amount": amount}],
        prefix="payees",
    )
    return decision, payees


@login_required
def decide(request, item_id):
    item, client = _application(request, item_id, record_type="benefits.decision")
    view = selectors.application(item)
    if view.decision is not None:
        return redirect(_url(item))
    status = 200
    if request.method == "POST":
        decision_form, payees = _decision_forms(item, view, request.POST)
        if decision_form.is_valid() & payees.is_valid():
            data = decision_form.cleaned_data
            wanted = services.ApplicationDecision(
                outcome=data["outcome"],
                reasoning=data["reasoning"],
                legal_bases=data["legal_bases"],
                amount=data["amount"] if data["outcome"] in services.GRANTING else None,
                payees=[
                    services.PayeeInput(p["kind"], p["name"], p["iban"], p["amount"])
                    for p in _filled(payees)
                ]
                if data["outcome"] in services.GRANTING
                else [],
            )
            try:
                services.application_decide(
                    item=item, acting_user=request.user, decision=wanted, version=data["version"]
                )
            except MissingContent as error:
                _place_problems(error.errors, decision_form, {"payees": payees})
                status = 400
            except DomainError as error:
                apply_error(decision_form, error)
                status = error_status(error)
            else:
                messages.success(request, _("The decision was made. Record how it was sent."))
                return redirect(_url(item))
        else:
            status = 400
        _summarise_rows(decision_form, payees)
    else:
        decision_form, payees = _decision_forms(item, view)
    return render(
        request,
        "benefits/decision.html",
        {
            "item": item,
            "client": client,
            "view": view,
            "holding": _holding(request, item),
            "form": decision_form,
            "payees": payees,
            "must_raise": services.must_raise_to_social_work(item),
        },
        status=status,
    )


@login_required
def decision_document(request, item_id, language):
    """The decision letter as PDF, in Finnish or Swedish (logged as a read of the client)."""
    item, _client = _application(request, item_id, record_type="benefits.decision_pdf")
    view = selectors.application(item)
    if view.decision is None or language not in decision_pdf.LANGUAGES:
        raise Http404
    response = HttpResponse(
        decision_pdf.decision_pdf(view.decision, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="paatos-{view.decision.decided_on:%Y%m%d}-{language}.pdf"'
    )
    return response


@login_required
def commitment_document(request, item_id, payment_id, language):
    """A payment commitment (maksusitoumus) for the landlord or pharmacy, as PDF."""
    item, _client = _application(request, item_id, record_type="benefits.commitment_pdf")
    view = selectors.application(item)
    payment = get_object_or_404(Payment, pk=payment_id, decision=view.decision)
    if not payment.is_commitment or language not in decision_pdf.LANGUAGES:
        raise Http404
    response = HttpResponse(
        benefits_pdf.commitment_pdf(payment, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="maksusitoumus-{payment.pk.hex[:8]}.pdf"'
    return response


# --- Payments ---


@login_required
def payment_list(request):
    permissions.require(payments.can_export(request.user), _("Your role does not export payments."))
    form = forms.ExportForm(initial={"pay_date": clock.today()})
    status = 200
    if request.method == "POST":
        form = forms.ExportForm(request.POST)
        if form.is_valid():
            try:
                batch = payments.batch_export(
                    county=request.user.county,
                    pay_date=form.cleaned_data["pay_date"],
                    acting_user=request.user,
                )
            except DomainError as error:
                apply_error(form, error)
                status = error_status(error)
            else:
                messages.success(
                    request,
                    _("Batch %(number)s was made: %(count)s payments, %(total)s €.")
                    % {"number": batch.number, "count": batch.lines, "total": batch.total},
                )
                return redirect("benefits:payments")
        else:
            status = 400
    return render(
        request,
        "benefits/payments.html",
        {
            "form": form,
            "unpaid": selectors.unpaid(request.user.county, page_number=request.GET.get("page")),
            "batches": selectors.batches(
                request.user.county, page_number=request.GET.get("batches")
            ),
        },
        status=status,
    )


@login_required
def batch_download(request, batch_id, file_format):
    permissions.require(payments.can_export(request.user), _("Your role does not export payments."))
    batch = get_object_or_404(PaymentBatch, pk=batch_id, county_id=request.user.county_id)
    try:
        content, content_type, name = payments.batch_file(batch, file_format)
    except DomainError:
        raise Http404 from None
    # The file names every payee: each client in it is in the access log.
    for client_id in batch.payments.values_list("client_id", flat=True).distinct():
        declare(
            DeclaredAccess(
                client_id, "benefits.payment_batch", AccessPurpose.PAYMENT_RUN, "granted"
            )
        )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Figures ---


@login_required
def statistics(request):
    permissions.require(
        permissions.handles_benefits(request.user)
        or request.user.role in ("manager", "process_owner", "quality"),
        _("Your role does not see these figures."),
    )
    today = clock.today()
    since = (today.replace(day=1) - dt.timedelta(days=92)).replace(day=1)
    return render(
        request,
        "benefits/statistics.html",
        {
            "since": since,
            "until": today,
            "in_time": selectors.decisions_in_time(request.user.county, since=since, until=today),
            "per_person": selectors.decisions_per_person(
                request.user.county, since=since, until=today
            ),
        },
    )


@login_required
def item_reason(request, item_id):
    """State a reason to see the applicant (reached from a refusal), e.g. to register a
    request for rectification after the application was closed."""
    found = IntakeItem.objects.filter(
        pk=item_id, county_id=request.user.county_id, track=Track.BENEFITS
    ).first()
    if found is None:
        raise Http404
    return stated_reason_page(request, client_id=found.client_id, done_url=_url(found))
