"""Pages of rehabilitative work activity: the worker's overview, the case's activation
and work activity plans, one period with its attendance, evaluations and allowances, the
directory of organisers, the month's allowances, and the organiser's own pages."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from porras.activation import forms, reports, rules, selectors, services
from porras.activation.models import (
    ActivationPlan,
    Attendance,
    Organiser,
    Place,
    WorkActivityPlan,
    WorkPlanStatus,
)
from porras.casework.casefile.views import _case
from porras.casework.models import CaseStatus
from porras.core import calendar, clock
from porras.core.errors import DomainError, MissingContent
from porras.core.pagination import page_of
from porras.core.views import apply_error, error_status, post_only, submit_form
from porras.decisions.models import Decision, DecisionType, Outcome
from porras.people import permissions

PAGE = 50  # rows of a list page


def _month(value: str | None) -> dt.date:
    """`YYYY-MM` → its first day; this month when missing or garbled."""
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return clock.today().replace(day=1)


def _monday(value: str) -> dt.date:
    try:
        return clock.week_start(dt.date.fromisoformat(value))
    except ValueError:
        return clock.week_start(clock.today())


def _staff_only(user) -> None:
    if permissions.is_organiser(user):
        raise PermissionDenied(_("The organiser's staff see only their own participants."))


# --- The worker's overview ---


@login_required
def overview(request):
    user = request.user
    if permissions.is_organiser(user):
        return redirect("activation:participants")
    permissions.require(
        permissions.works_with_clients(user), _("Work activity is the client workers' task.")
    )
    page = page_of(
        selectors.worker_plans(user)
        .filter(status=WorkPlanStatus.IN_FORCE)
        .select_related("client", "place__organiser", "case")
        .prefetch_related("changes")
        .order_by("ends_on", "pk"),
        request.GET.get("page"),
        per_page=PAGE,
    )
    settings = services.settings_for(user.county)
    today = clock.today()
    reminders = selectors.reminders_for(user, reminder_days=settings.reminder_days)
    absences = list(selectors.absences_to_tell(selectors.worker_plans(user))[:PAGE])
    names = selectors.names_for(
        user,
        [*page, *(r.plan for r in reminders if r.plan), *(a.plan for a in absences)],
        record_type="activation.overview",
    )
    names |= {
        r.activation.client_id: names.get(r.activation.client_id) for r in reminders if r.activation
    }
    for reminder in reminders:
        client_id = (reminder.plan or reminder.activation).client_id
        reminder.name = names.get(client_id)
    return render(
        request,
        "activation/overview.html",
        {
            "page": page,
            "rows": [
                (plan, names[plan.client_id], selectors.schedule_of(plan, today)) for plan in page
            ],
            "reminders": reminders,
            "absences": [(a, names[a.plan.client_id]) for a in absences if names[a.plan.client_id]],
            "today": today,
        },
    )


# --- The case's plans ---


def _decisions_of(case) -> list[Decision]:
    return list(
        Decision.objects.filter(
            case_id=case.pk,
            decision_type=DecisionType.SERVICE,
            outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED],
        ).order_by("-decided_on")
    )


@login_required
def case_plans(request, case_id):
    """The activation plans and periods of work activity of one case, and their forms."""
    _staff_only(request.user)
    case, client = _case(request, case_id, "activation.case")
    is_case_worker = permissions.works_on_case(
        request.user, responsible_id=case.responsible_id, co_worker_id=case.co_worker_id
    )
    activation_form = forms.ActivationPlanForm(prefix="a")
    plan_form = forms.WorkPlanForm(prefix="w", county=case.county)
    status = 200
    if request.method == "POST":
        if not is_case_worker:
            raise PermissionDenied(_("Only the case's responsible worker and co-worker do this."))
        if request.POST.get("which") == "activation":
            activation_form = forms.ActivationPlanForm(request.POST, prefix="a")
            response, status = submit_form(
                request,
                activation_form,
                lambda data: services.activation_plan_make(
                    case=case,
                    data=services.ActivationInput(
                        kind=data["kind"],
                        employment_authority=data["employment_authority"],
                        authority_person=data["authority_person"],
                        agreed_on=data["agreed_on"],
                        reference=data["reference"],
                        content=data["content"],
                    ),
                    acting_user=request.user,
                ),
                done=request.path,
                message=_("The activation plan was recorded."),
            )
        else:
            plan_form = forms.WorkPlanForm(request.POST, prefix="w", county=case.county)
            response, status = submit_form(
                request,
                plan_form,
                lambda data: services.work_plan_make(
                    case=case, data=plan_form.to_input(), acting_user=request.user
                ),
                done=lambda plan: reverse("activation:plan", kwargs={"plan_id": plan.pk}),
                message=_("The work activity plan was made. Agree it with the organiser next."),
            )
        if response:
            return response
    activations = list(case.activation_plans.prefetch_related("reviews").order_by("-agreed_on"))
    return render(
        request,
        "activation/case.html",
        {
            "case": case,
            "client": client,
            "tab": "activation",
            "is_case_worker": is_case_worker,
            "is_open": case.status == CaseStatus.OPEN,
            "activations": [
                (
                    a,
                    forms.ActivationReviewForm(
                        initial={"revision": a.revision}, prefix=f"r{a.pk.hex[:8]}"
                    ),
                )
                for a in activations
            ],
            "plans": case.work_activity_plans.select_related("place__organiser").order_by(
                "-starts_on"
            ),
            "activation_form": activation_form,
            "plan_form": plan_form,
            "today": clock.today(),
        },
        status=status,
    )


@login_required
@post_only(lambda activation_id: reverse("activation:overview"))
def activation_review(request, activation_id):
    _staff_only(request.user)
    activation = (
        ActivationPlan.objects.filter(pk=activation_id, county_id=request.user.county_id)
        .select_related("case")
        .first()
    )
    if activation is None:
        raise PermissionDenied(_("No such activation plan."))
    _case(request, activation.case_id, "activation.case")
    form = forms.ActivationReviewForm(request.POST, prefix=f"r{activation.pk.hex[:8]}")
    back = reverse("activation:case", kwargs={"case_id": activation.case_id})
    if form.is_valid():
        try:
            services.activation_plan_review(
                plan=activation,
                reviewed_on=form.cleaned_data["reviewed_on"],
                summary=form.cleaned_data["summary"],
                expected_revision=form.cleaned_data["revision"],
                acting_user=request.user,
            )
        except DomainError as error:
            _flash(request, error)
        else:
            messages.success(request, _("The review was recorded."))
    else:
        _flash_form(request, form)
    return redirect(back)


def _flash(request, error: DomainError) -> None:
    if isinstance(error, MissingContent):
        for message in error.errors.values():
            messages.error(request, message)
    else:
        messages.error(request, error.message)


def _flash_form(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# --- One period ---


def _plan_page(request, plan, client, access, *, status=200, **bound):
    user = request.user
    case = plan.case
    is_case_worker = permissions.works_on_case(
        user, responsible_id=case.responsible_id, co_worker_id=case.co_worker_id
    )
    month = _month(request.GET.get("month"))
    attendance = list(
        plan.attendance.filter(
            day__gte=month, day__lt=calendar.add_months(month, 1)
        ).select_related("recorded_by", "authority_informed_by")
    )
    counts = selectors.month_attendance([plan.pk], month).get(plan.pk, (0, 0, 0))
    settings = services.settings_for(plan.county)
    figures = services.month_figures(plan, counts[0], settings.allowance_per_day)
    revision = {"revision": plan.revision}
    in_force = plan.status == WorkPlanStatus.IN_FORCE
    context = {
        "plan": plan,
        "client": client,
        "case": case,
        "is_case_worker": is_case_worker,
        "in_force": in_force,
        "schedule": [
            rules.Week(plan.starts_on, plan.days_per_week, plan.hours_per_day),
            *[
                rules.Week(c.starts_on, c.days_per_week, c.hours_per_day)
                for c in plan.changes.all()
            ],
        ],
        "month": month,
        "previous_month": calendar.add_months(month, -1),
        "next_month": calendar.add_months(month, 1),
        "attendance": attendance,
        "counts": counts,
        "figures": figures,
        "allowances": plan.allowances.select_related("payment__batch").order_by("-month"),
        "evaluations": plan.evaluations.select_related("recorded_by"),
        "this_week": clock.week_start(min(clock.today(), plan.last_day)),
        "today": clock.today(),
        "change_form": bound.get("change_form")
        or forms.PlanChangeForm(
            initial={
                **revision,
                "goal": plan.goal,
                "description": plan.description,
                "support": plan.support,
                "other_services": plan.other_services,
                "mid_evaluation_on": plan.mid_evaluation_on,
            },
            prefix="c",
        ),
        "agreement_form": bound.get("agreement_form")
        or forms.AgreementForm(
            initial={**revision, "signed_on": plan.agreement_signed_on or clock.today()},
            prefix="s",
        ),
        "decision_form": bound.get("decision_form")
        or forms.DecisionLinkForm(
            initial={**revision, "decision": plan.decision_id},
            decisions=_decisions_of(case),
            prefix="d",
        ),
        "evaluation_form": bound.get("evaluation_form")
        or forms.MidEvaluationForm(initial={"held_on": clock.today()}, prefix="m"),
        "end_form": bound.get("end_form")
        or forms.EndForm(
            initial={**revision, "ended_on": min(clock.today(), plan.ends_on)}, prefix="e"
        ),
        "continue_form": bound.get("continue_form") or forms.ContinueForm(prefix="n"),
        "informed_form": forms.InformedForm(initial={"informed_on": clock.today()}),
        "paid_month": plan.allowances.filter(month=month).first(),
        "payable": calendar.add_months(month, 1) <= clock.today(),
    }
    return render(request, "activation/plan.html", context, status=status)


@login_required
def plan(request, plan_id):
    if permissions.is_organiser(request.user):
        return redirect(
            "activation:attendance_week", plan_id=plan_id, monday=clock.week_start(clock.today())
        )
    found, client, access = selectors.plan_for_user(
        user=request.user, plan_id=plan_id, record_type="activation.plan"
    )
    return _plan_page(request, found, client, access)


# Each action on a period: its form class and prefix, and the service call.
def _act(request, plan_id, form_name: str, form, write, message: str):
    _staff_only(request.user)
    found, client, access = selectors.plan_for_user(
        user=request.user, plan_id=plan_id, record_type="activation.plan"
    )
    if form.is_valid():
        try:
            result = write(found, form.cleaned_data)
        except DomainError as error:
            apply_error(form, error)
            return _plan_page(
                request, found, client, access, status=error_status(error), **{form_name: form}
            )
        messages.success(request, message)
        if isinstance(result, WorkActivityPlan) and result.pk != found.pk:
            return redirect("activation:plan", plan_id=result.pk)
        return redirect("activation:plan", plan_id=found.pk)
    return _plan_page(request, found, client, access, status=400, **{form_name: form})


def _back_to_plan(plan_id):
    return reverse("activation:plan", kwargs={"plan_id": plan_id})


@login_required
@post_only(_back_to_plan)
def plan_change(request, plan_id):
    form = forms.PlanChangeForm(request.POST, prefix="c")
    return _act(
        request,
        plan_id,
        "change_form",
        form,
        lambda plan, data: services.work_plan_change(
            plan=plan,
            change=form.to_change(),
            expected_revision=data["revision"],
            acting_user=request.user,
        ),
        _("The plan was changed."),
    )


@login_required
@post_only(_back_to_plan)
def agreement(request, plan_id):
    return _act(
        request,
        plan_id,
        "agreement_form",
        forms.AgreementForm(request.POST, prefix="s"),
        lambda plan, data: services.agreement_sign(
            plan=plan,
            signed_on=data["signed_on"],
            signatory=data["signatory"],
            expected_revision=data["revision"],
            acting_user=request.user,
        ),
        _("The agreement was recorded as signed."),
    )


@login_required
@post_only(_back_to_plan)
def decision_link(request, plan_id):
    plan = WorkActivityPlan.objects.filter(pk=plan_id, county_id=request.user.county_id).first()
    decisions = _decisions_of(plan.case) if plan else []
    by_id = {str(d.pk): d for d in decisions}
    return _act(
        request,
        plan_id,
        "decision_form",
        forms.DecisionLinkForm(request.POST, decisions=decisions, prefix="d"),
        lambda plan, data: services.decision_link(
            plan=plan,
            decision=by_id[data["decision"]],
            expected_revision=data["revision"],
            acting_user=request.user,
        ),
        _("The decision was linked to the plan."),
    )


@login_required
@post_only(_back_to_plan)
def mid_evaluation(request, plan_id):
    return _act(
        request,
        plan_id,
        "evaluation_form",
        forms.MidEvaluationForm(request.POST, prefix="m"),
        lambda plan, data: services.mid_evaluation_record(
            plan=plan,
            held_on=data["held_on"],
            summary=data["summary"],
            participant_view=data["participant_view"],
            organiser_view=data["organiser_view"],
            outcome=data["outcome"],
            acting_user=request.user,
        ),
        _("The mid-evaluation was recorded."),
    )


@login_required
@post_only(_back_to_plan)
def end(request, plan_id):
    return _act(
        request,
        plan_id,
        "end_form",
        forms.EndForm(request.POST, prefix="e"),
        lambda plan, data: services.work_plan_end(
            plan=plan,
            ended_on=data["ended_on"],
            reason=data["reason"],
            final_evaluation=data["final_evaluation"],
            continuation=data["continuation"],
            expected_revision=data["revision"],
            acting_user=request.user,
        ),
        _("The period was ended."),
    )


def _continued(plan, months: int, user) -> WorkActivityPlan:
    """A consecutive period on the same terms, starting the day after this one ends."""
    data = services.WorkPlanInput(
        place=plan.place,
        starts_on=plan.last_day + dt.timedelta(days=1),
        months=months,
        days_per_week=selectors.schedule_of(plan, plan.last_day).days_per_week,
        hours_per_day=selectors.schedule_of(plan, plan.last_day).hours_per_day,
        goal=plan.goal,
        description=plan.description,
        support=plan.support,
        other_services=plan.other_services,
        activity_allowance=plan.activity_allowance,
        fare_per_day=plan.fare_per_day,
        monthly_ticket=plan.monthly_ticket,
        iban=plan.iban,
    )
    return services.work_plan_make(case=plan.case, data=data, acting_user=user, previous=plan)


@login_required
@post_only(_back_to_plan)
def continue_period(request, plan_id):
    return _act(
        request,
        plan_id,
        "continue_form",
        forms.ContinueForm(request.POST, prefix="n"),
        lambda plan, data: _continued(plan, data["months"], request.user),
        _("The consecutive period was made: check its plan and agree it with the organiser."),
    )


@login_required
@post_only(lambda attendance_id: reverse("activation:overview"))
def informed(request, attendance_id):
    _staff_only(request.user)
    row = (
        Attendance.objects.filter(pk=attendance_id, plan__county_id=request.user.county_id)
        .select_related("plan")
        .first()
    )
    if row is None:
        raise PermissionDenied(_("No such absence."))
    plan, _client, _access = selectors.plan_for_user(
        user=request.user, plan_id=row.plan_id, record_type="activation.plan"
    )
    row.plan = plan
    form = forms.InformedForm(request.POST)
    if form.is_valid():
        try:
            services.authority_informed(
                attendance=row,
                informed_on=form.cleaned_data["informed_on"],
                acting_user=request.user,
            )
        except DomainError as error:
            _flash(request, error)
        else:
            messages.success(request, _("Marked as told to the employment authority."))
    else:
        _flash_form(request, form)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = _back_to_plan(plan.pk)
    return redirect(back or _back_to_plan(plan.pk))


@login_required
@post_only(_back_to_plan)
def allowance_pay(request, plan_id):
    _staff_only(request.user)
    plan, _client, _access = selectors.plan_for_user(
        user=request.user, plan_id=plan_id, record_type="activation.plan"
    )
    month = _month(request.POST.get("month"))
    days = selectors.month_attendance([plan.pk], month).get(plan.pk, (0, 0, 0))[0]
    try:
        services.allowance_pay(plan=plan, month=month, present_days=days, acting_user=request.user)
    except DomainError as error:
        _flash(request, error)
    else:
        messages.success(request, _("The month's allowance was put in the payment batches."))
    return redirect(f"{_back_to_plan(plan.pk)}?month={month:%Y-%m}")


# --- Attendance of a week (the organiser's staff and the case's workers) ---


@login_required
def attendance_week(request, plan_id, monday):
    user = request.user
    found, client, _access = selectors.plan_for_user(
        user=user, plan_id=plan_id, record_type="activation.plan"
    )
    week = _monday(monday)
    if week.isoformat() != monday:
        return redirect("activation:attendance_week", plan_id=plan_id, monday=week)
    may_record = selectors.may_record_attendance(user, found)
    rows = selectors.week_rows(found, week)

    def hours_default(day):
        return selectors.schedule_of(found, day).hours_per_day

    form = forms.WeekForm(
        request.POST if request.method == "POST" else None,
        days=rows,
        hours_default=hours_default,
    )
    status = 200
    if request.method == "POST":
        permissions.require(
            may_record,
            _("Only the organiser of the participant's place and the case's workers record it."),
        )
        if form.is_valid():
            try:
                services.attendance_record(
                    plan=found,
                    days=form.entries(),
                    acting_user=user,
                    seen=form.cleaned_data["seen"],
                )
            except DomainError as error:
                status = error_status(error)
                if isinstance(error, MissingContent):
                    for key, message in error.errors.items():
                        form.add_error(form.field_for(key), message)
                else:
                    form.add_error(None, error.message)
            else:
                messages.success(request, _("The week's attendance was saved."))
                return redirect("activation:attendance_week", plan_id=plan_id, monday=week)
        else:
            status = 400
    return render(
        request,
        "activation/week.html",
        {
            "plan": found,
            "client": client,
            "form": form,
            "week": week,
            "week_number": week.isocalendar().week,
            "schedule": selectors.schedule_of(found, max(week, found.starts_on)),
            "previous_week": week - dt.timedelta(days=7),
            "next_week": week + dt.timedelta(days=7),
            "may_record": may_record,
            "organiser_view": permissions.is_organiser(user),
        },
        status=status,
    )


@login_required
def participants(request):
    """The organiser's staff: their own participants, this week's recording at a glance."""
    permissions.require(
        permissions.is_organiser(request.user),
        _("This page is for the staff of work activity organisers."),
    )
    organiser = selectors.organiser_of(request.user)
    page = page_of(selectors.organiser_plans(request.user), request.GET.get("page"), per_page=PAGE)
    return render(
        request,
        "activation/participants.html",
        {
            "organiser": organiser,
            "page": page,
            "rows": selectors.participant_rows(request.user, page),
            "this_week": clock.week_start(clock.today()),
            "months": forms.month_choices(clock.today(), 3),
        },
    )


# --- The directory ---


@login_required
def directory(request):
    _staff_only(request.user)
    permissions.require(
        permissions.works_with_clients(request.user) or services.can_keep_directory(request.user),
        _("The directory is for the county's client workers."),
    )
    form = forms.OrganiserForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        response, status = submit_form(
            request,
            form,
            lambda data: services.organiser_save(
                county=request.user.county,
                data=services.OrganiserInput(**data),
                acting_user=request.user,
            ),
            done=lambda organiser: reverse(
                "activation:organiser", kwargs={"organiser_id": organiser.pk}
            ),
            message=_("The organiser was added."),
        )
        if response:
            return response
    organisers = Organiser.objects.filter(county_id=request.user.county_id).prefetch_related(
        "places"
    )
    return render(
        request,
        "activation/directory.html",
        {
            "page": page_of(organisers, request.GET.get("page"), per_page=25),
            "form": form,
            "may_edit": services.can_keep_directory(request.user),
        },
        status=status,
    )


def _organiser(request, organiser_id) -> Organiser:
    organiser = Organiser.objects.filter(pk=organiser_id, county_id=request.user.county_id).first()
    if organiser is None:
        raise PermissionDenied(_("No such organiser in your county."))
    return organiser


@login_required
def organiser(request, organiser_id):
    _staff_only(request.user)
    found = _organiser(request, organiser_id)
    organiser_form = forms.OrganiserForm(
        initial={
            "name": found.name,
            "kind": found.kind,
            "business_id": found.business_id,
            "phone": found.phone,
            "email": found.email,
            "active": found.active,
        }
    )
    place_form = forms.PlaceForm(prefix="p")
    status = 200
    if request.method == "POST":
        if "p-name" in request.POST:
            place_form = forms.PlaceForm(request.POST, prefix="p")
            response, status = submit_form(
                request,
                place_form,
                lambda data: services.place_save(
                    organiser=found, data=services.PlaceInput(**data), acting_user=request.user
                ),
                done=request.path,
                message=_("The place was added."),
            )
        else:
            organiser_form = forms.OrganiserForm(request.POST)
            response, status = submit_form(
                request,
                organiser_form,
                lambda data: services.organiser_save(
                    county=found.county,
                    data=services.OrganiserInput(**data),
                    acting_user=request.user,
                    organiser=found,
                ),
                done=request.path,
                message=_("The organiser's data were saved."),
            )
        if response:
            return response
    return render(
        request,
        "activation/organiser.html",
        {
            "organiser": found,
            "places": found.places.all(),
            "logins": found.logins.select_related("worker"),
            "organiser_form": organiser_form,
            "place_form": place_form,
            "may_edit": services.can_keep_directory(request.user),
            "months": forms.month_choices(clock.today(), 13),
        },
        status=status,
    )


@login_required
def place(request, place_id):
    _staff_only(request.user)
    found = (
        Place.objects.filter(pk=place_id, organiser__county_id=request.user.county_id)
        .select_related("organiser")
        .first()
    )
    if found is None:
        raise PermissionDenied(_("No such place in your county."))
    form = forms.PlaceForm(
        request.POST if request.method == "POST" else None,
        initial={
            f: getattr(found, f)
            for f in (
                "name",
                "address",
                "description",
                "contact_name",
                "contact_phone",
                "contact_email",
                "active",
            )
        },
    )
    status = 200
    if request.method == "POST":
        response, status = submit_form(
            request,
            form,
            lambda data: services.place_save(
                organiser=found.organiser,
                data=services.PlaceInput(**data),
                acting_user=request.user,
                place=found,
            ),
            done=reverse("activation:organiser", kwargs={"organiser_id": found.organiser_id}),
            message=_("The place's data were saved."),
        )
        if response:
            return response
    return render(request, "activation/place.html", {"place": found, "form": form}, status=status)


# --- Allowances and the organiser's report ---


@login_required
def allowances(request):
    """The month's days and allowances of the worker's own participants."""
    _staff_only(request.user)
    permissions.require(
        permissions.works_with_clients(request.user),
        _("Work activity is the client workers' task."),
    )
    month = _month(request.GET.get("month"))
    plans = (
        selectors.worker_plans(request.user)
        .filter(pk__in=selectors.plans_in_month(month).values("pk"))
        .select_related("client", "place__organiser", "case", "decision")
        .order_by("place__organiser__name", "client__last_name", "pk")
    )
    page = page_of(plans, request.GET.get("page"), per_page=PAGE)
    rows = reports.month_rows(request.user, list(page), month, record_type="activation.allowances")
    return render(
        request,
        "activation/allowances.html",
        {
            "page": page,
            "rows": rows,
            "month": month,
            "months": forms.month_choices(clock.today(), 13),
            "payable": calendar.add_months(month, 1) <= clock.today(),
            "total": reports.month_total(request.user.county, plans, month),
        },
    )


@login_required
def organiser_report(request, organiser_id, month):
    """The organiser's month as XLSX: participants, days, hours, absences, allowances."""
    user = request.user
    if permissions.is_organiser(user):
        own = selectors.organiser_of(user)
        if own is None or str(own.pk) != str(organiser_id):
            raise PermissionDenied(_("The organiser's staff see only their own participants."))
        found = own
    else:
        permissions.require(
            permissions.works_with_clients(user), _("Work activity is the client workers' task.")
        )
        found = _organiser(request, organiser_id)
    first = _month(month)
    content = reports.organiser_month_xlsx(user, found, first)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tyotoiminta-{first:%Y-%m}-{found.pk.hex[:8]}.xlsx"'
    )
    return response
