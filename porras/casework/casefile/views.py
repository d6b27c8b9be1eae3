"""Pages of the case file. Every page reads the client through `client_for_user`, so it
is access-logged (and refused) like any read; every action posts, and a refused one
shows the same form again with what the user typed and the reason beside the field."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from porras.casework import selectors as case_selectors
from porras.casework.casefile import forms, pdf, selectors, services
from porras.casework.casefile.services import Booking, MissingContent
from porras.casework.models import (
    SURVEY_DOMAINS,
    Appointment,
    AssessmentStatus,
    Case,
    CasePackage,
    CaseStatus,
    ClientPlan,
    NarrativeEntry,
    PlanStatus,
    ServiceNeedAssessment,
)
from porras.clients import selectors as client_selectors
from porras.core import clock, once
from porras.core.errors import DomainError
from porras.core.pagination import page_of
from porras.core.views import apply_error, error_status, post_only, submit_form
from porras.intake import selectors as intake_selectors
from porras.people import permissions
from porras.people import selectors as people_selectors


def _case(request, case_id, record_type: str):
    """The case and its client for this user; a read of the client, logged."""
    case = (
        Case.objects.filter(pk=case_id, county_id=request.user.county_id)
        .select_related("responsible", "co_worker", "team", "county", "closed_by")
        .first()
    )
    if case is None:
        raise client_selectors.ClientAccessDenied()
    client, access = client_selectors.client_for_user(
        user=request.user,
        client_id=case.client_id,
        record_type=record_type,
        reason_url=reverse("casework:case_reason", kwargs={"case_id": case.pk}),
    )
    return case, client_selectors.present(client, access)


def _context(request, case, client, tab: str, **extra) -> dict:
    user = request.user
    return {
        "case": case,
        "client": client,
        "tab": tab,
        "is_case_worker": permissions.works_on_case(
            user, responsible_id=case.responsible_id, co_worker_id=case.co_worker_id
        ),
        "is_open": case.status == CaseStatus.OPEN,
        "today": clock.today(),
        **extra,
    }


def _url(name: str, case, **kwargs) -> str:
    return reverse(f"casework:{name}", kwargs={"case_id": case.pk, **kwargs})


# --- Appointments ---


def _booking_form(case, data=None):
    workers = case_selectors.colleagues(case.county)
    form = forms.BookingForm(data, workers=workers)
    if data is None:
        form.initial["workers"] = [w.pk for w in (case.responsible, case.co_worker) if w]
        form.initial["mode"] = "in_person"
    return form


@login_required
def appointments(request, case_id):
    case, client = _case(request, case_id, "casework.appointments")
    form = _booking_form(case, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not case.status == CaseStatus.OPEN:
            raise PermissionDenied(_("The case is closed: its documents can no longer be changed."))
        response, status = submit_form(
            request,
            form,
            lambda data: services.appointment_book(
                case=case,
                booking=Booking(
                    purpose=data["purpose"],
                    starts_at=form.starts_at(),
                    mode=data["mode"],
                    duration_minutes=data["duration_minutes"],
                    place=data["place"],
                    client_takes_part=data["client_takes_part"],
                    workers=list(data["workers"]),
                    partners=data["partners"],
                ),
                acting_user=request.user,
            ),
            done=_url("appointments", case),
            message=_("The appointment was booked."),
        )
        if response:
            return response
    rows = list(
        case.appointments.select_related("outcome_by")
        .prefetch_related("workers")
        .order_by("-starts_at")
    )
    return render(
        request,
        "casework/casefile/appointments.html",
        _context(
            request,
            case,
            client,
            "appointments",
            form=form,
            rows=[
                (a, forms.OutcomeForm(initial={"revision": a.revision}, prefix=f"o{a.pk.hex[:8]}"))
                for a in rows
            ],
            now=clock.now(),
        ),
        status=status,
    )


@login_required
@post_only(lambda case_id, appointment_id: _url_by_id("appointments", case_id))
def appointment_outcome(request, case_id, appointment_id):
    case, _client = _case(request, case_id, "casework.appointments")
    appointment = get_object_or_404(Appointment, pk=appointment_id, case=case)
    form = forms.OutcomeForm(request.POST, prefix=f"o{appointment.pk.hex[:8]}")
    if not form.is_valid():
        messages.error(request, _("Choose what happened."))
        return redirect(_url("appointments", case))
    try:
        services.appointment_record_outcome(
            appointment=appointment,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            expected_revision=form.cleaned_data["revision"],
            acting_user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The outcome was saved."))
    return redirect(_url("appointments", case))


def _url_by_id(name: str, case_id, **kwargs) -> str:
    return reverse(f"casework:{name}", kwargs={"case_id": case_id, **kwargs})


# --- Service need assessment ---


@login_required
def assessment(request, case_id):
    """The case's assessments: the one in progress to edit, or a form to start one."""
    case, client = _case(request, case_id, "casework.assessment")
    current = case.service_need_assessments.filter(status=AssessmentStatus.IN_PROGRESS).first()
    if current and request.method == "GET":
        return redirect(_url("assessment_detail", case, assessment_id=current.pk))
    form = forms.AssessmentStartForm(
        request.POST if request.method == "POST" else None, initial={"started_on": clock.today()}
    )
    status = 200
    if request.method == "POST":
        response, status = submit_form(
            request,
            form,
            lambda values: services.assessment_start(
                case=case, started_on=values["started_on"], acting_user=request.user
            ),
            done=lambda started: _url("assessment_detail", case, assessment_id=started.pk),
            message=_("The service need assessment was started."),
        )
        if response:
            return response
    return render(
        request,
        "casework/casefile/assessment_list.html",
        _context(
            request,
            case,
            client,
            "assessment",
            form=form,
            assessments=case.service_need_assessments.select_related("author", "completed_by"),
        ),
        status=status,
    )


@login_required
def assessment_detail(request, case_id, assessment_id):
    case, client = _case(request, case_id, "casework.assessment")
    record = get_object_or_404(
        ServiceNeedAssessment.objects.select_related("author", "completed_by"),
        pk=assessment_id,
        case=case,
    )
    packages = services.packages_for(case.county)
    editable = record.status == AssessmentStatus.IN_PROGRESS and case.status == CaseStatus.OPEN
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("The assessment was completed: it can no longer be changed."))
        form = forms.AssessmentForm(request.POST, instance=record, packages=packages)
        # A ModelForm writes into `record` while validating: keep the saved one for the view.
        record = ServiceNeedAssessment.objects.get(pk=record.pk)
        if form.is_valid():
            data = form.cleaned_data
            completing = request.POST.get("next_step") == "complete"
            try:
                if completing:
                    services.assessment_complete(
                        assessment=record,
                        content=form.content(),
                        proposed_packages=data["proposed_packages"],
                        completed_on=data["completed_on"],
                        expected_revision=data["revision"],
                        acting_user=request.user,
                    )
                else:
                    services.assessment_save(
                        assessment=record,
                        content=form.content(),
                        proposed_packages=data["proposed_packages"],
                        expected_revision=data["revision"],
                        acting_user=request.user,
                    )
            except DomainError as error:
                apply_error(form, error)
                status = error_status(error)
            else:
                messages.success(
                    request,
                    _("The service need assessment was completed.")
                    if completing
                    else _("The draft was saved."),
                )
                return redirect(_url("assessment_detail", case, assessment_id=record.pk))
        else:
            status = 400
    else:
        form = forms.AssessmentForm(
            instance=record,
            packages=packages,
            initial={
                "revision": record.revision,
                **{
                    name: None if getattr(record, name) is None else str(int(getattr(record, name)))
                    for name in (
                        "needs_client_relationship",
                        "special_support_need",
                        "needs_responsible_worker",
                    )
                },
            },
        )
    return render(
        request,
        "casework/casefile/assessment.html",
        _context(
            request,
            case,
            client,
            "assessment",
            record=record,
            form=form,
            editable=editable,
            survey=[
                (ServiceNeedAssessment._meta.get_field(name).verbose_name, getattr(record, name))
                for name in SURVEY_DOMAINS
            ],
            may_conclude_special=permissions.can_conclude_special_support(request.user),
        ),
        status=status,
    )


# --- Client plan ---


def _plan_page(request, case, client, *, review_form=None, refusal_form=None, status=200):
    plans = list(case.plans.select_related("author", "made_by").order_by("-number"))
    in_force = next((p for p in plans if p.status == PlanStatus.IN_FORCE), None)
    draft = next((p for p in plans if p.status == PlanStatus.DRAFT), None)
    if in_force is not None:
        in_force = ClientPlan.objects.prefetch_related(
            "goals__measures__package", "reviews__goals__goal", "reviews__author"
        ).get(pk=in_force.pk)
    goals = list(in_force.goals.all()) if in_force else []
    packages = services.packages_for(case.county)
    return render(
        request,
        "casework/casefile/plan.html",
        _context(
            request,
            case,
            client,
            "plan",
            plans=plans,
            in_force=in_force,
            draft=draft,
            review_form=review_form or forms.ReviewForm(goals=goals, prefix="review"),
            refusal_form=refusal_form or forms.RefusalForm(prefix="refusal"),
            package_form=forms.PackageStartForm(packages=packages, prefix="package"),
            case_packages=case.packages.select_related("package", "author").order_by("-started_on"),
            completed_assessment=case.service_need_assessments.filter(
                status=AssessmentStatus.COMPLETED
            ).exists(),
        ),
        status=status,
    )


@login_required
def plan(request, case_id):
    case, client = _case(request, case_id, "casework.plan")
    return _plan_page(request, case, client)


@login_required
@post_only(lambda case_id: _url_by_id("plan", case_id))
def plan_draft(request, case_id):
    case, _client = _case(request, case_id, "casework.plan")
    try:
        draft = services.plan_draft(case=case, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_url("plan", case))
    return redirect(_url("plan_version", case, number=draft.number))


@login_required
@post_only(lambda case_id: _url_by_id("plan", case_id))
def plan_refuse(request, case_id):
    case, client = _case(request, case_id, "casework.plan")
    form = forms.RefusalForm(request.POST, prefix="refusal")
    if form.is_valid():
        try:
            services.plan_refuse(
                case=case, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except DomainError as error:
            apply_error(form, error)
            return _plan_page(request, case, client, refusal_form=form, status=error_status(error))
        messages.success(request, _("The refusal and its reason were recorded."))
        return redirect(_url("plan", case))
    return _plan_page(request, case, client, refusal_form=form, status=400)


@login_required
@post_only(lambda case_id: _url_by_id("plan", case_id))
def plan_review(request, case_id):
    case, client = _case(request, case_id, "casework.plan")
    current = case.plans.filter(status=PlanStatus.IN_FORCE).first()
    if current is None:
        messages.error(request, _("The case has no plan in force to review."))
        return redirect(_url("plan", case))
    form = forms.ReviewForm(request.POST, goals=list(current.goals.all()), prefix="review")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_review(
                plan=current,
                reviewed_on=data["reviewed_on"],
                summary=data["summary"],
                next_review_due=data["next_review_due"],
                plan_continues=data["plan_continues"],
                outcomes=form.outcomes(),
                participants=data["participants"],
                acting_user=request.user,
            )
        except DomainError as error:
            if isinstance(error, MissingContent):
                for name, message in error.errors.items():
                    target = _goal_field(form, name)
                    form.add_error(target, message)
            else:
                apply_error(form, error)
            return _plan_page(request, case, client, review_form=form, status=error_status(error))
        messages.success(request, _("The plan review was saved."))
        if not data["plan_continues"]:
            draft = case.plans.filter(status=PlanStatus.DRAFT).first()
            if draft:
                return redirect(_url("plan_version", case, number=draft.number))
        return redirect(_url("plan", case))
    return _plan_page(request, case, client, review_form=form, status=400)


def _goal_field(form, name: str):
    """`goal-<n>` of the service is the form's outcome field of goal number n."""
    if name.startswith("goal-"):
        order = int(name.removeprefix("goal-"))
        goal = next((g for g in form.goals if g.order == order), None)
        return f"goal_{goal.pk}" if goal else None
    return name if name in form.fields else None


@login_required
def plan_version(request, case_id, number):
    case, client = _case(request, case_id, "casework.plan")
    record = get_object_or_404(
        ClientPlan.objects.select_related("author", "made_by"), case=case, number=number
    )
    packages = services.packages_for(case.county)
    editable = record.status == PlanStatus.DRAFT and case.status == CaseStatus.OPEN
    status = 200
    data = request.POST if request.method == "POST" else None
    if data is not None and not editable:
        raise PermissionDenied(_("Only a draft of the plan is changed."))
    plan_form, goal_set, measure_set = forms.plan_forms(data, plan=record, packages=packages)
    if data is not None:
        if plan_form.is_valid() and goal_set.is_valid() and measure_set.is_valid():
            goals, problems = forms.goals_from(goal_set, measure_set)
            making = request.POST.get("next_step") == "make"
            values = plan_form.cleaned_data
            try:
                if problems:
                    raise MissingContent(problems)
                if making:
                    services.plan_make(
                        plan=record,
                        content=plan_form.content(),
                        goals=goals,
                        made_on=values["made_on"] or clock.today(),
                        review_due=values["review_due"],
                        client_agrees=values["client_agrees"],
                        expected_revision=values["revision"],
                        acting_user=request.user,
                    )
                else:
                    services.plan_save(
                        plan=record,
                        content=plan_form.content(),
                        goals=goals,
                        expected_revision=values["revision"],
                        acting_user=request.user,
                    )
            except DomainError as error:
                apply_error(plan_form, error)
                status = error_status(error)
            else:
                messages.success(
                    request,
                    _("The plan is now in force.") if making else _("The draft was saved."),
                )
                if making:
                    return redirect(_url("plan", case))
                return redirect(_url("plan_version", case, number=record.number))
        else:
            status = 400
            if not plan_form.errors:
                plan_form.add_error(None, _("Check the goals and measures below."))
    record = ClientPlan.objects.prefetch_related("goals__measures__package").get(pk=record.pk)
    return render(
        request,
        "casework/casefile/plan_version.html",
        _context(
            request,
            case,
            client,
            "plan",
            record=record,
            editable=editable,
            form=plan_form,
            goal_set=goal_set,
            measure_set=measure_set,
            versions=case.plans.order_by("-number"),
        ),
        status=status,
    )


@login_required
def plan_compare(request, case_id):
    case, client = _case(request, case_id, "casework.plan")
    versions = {p.number: p for p in case.plans.prefetch_related("goals__measures__package")}
    try:
        older = versions[int(request.GET.get("a", ""))]
        newer = versions[int(request.GET.get("b", ""))]
    except (KeyError, ValueError):
        raise Http404 from None
    if older.number > newer.number:
        older, newer = newer, older
    return render(
        request,
        "casework/casefile/plan_compare.html",
        _context(
            request,
            case,
            client,
            "plan",
            older=older,
            newer=newer,
            changes=selectors.plan_comparison(older, newer),
        ),
    )


@login_required
def plan_pdf(request, case_id, number, language):
    if language not in pdf.LANGUAGES:
        raise Http404
    case, _client = _case(request, case_id, "casework.plan_pdf")
    record = get_object_or_404(ClientPlan, case=case, number=number)
    if record.status == PlanStatus.DRAFT:
        raise Http404
    content = pdf.plan_pdf(record, language)
    response = HttpResponse(content, content_type="application/pdf")
    # No identity code or name in the file name: only the case's own words.
    response["Content-Disposition"] = (
        f'attachment; filename="asiakassuunnitelma-{record.number}-{language}.pdf"'
    )
    return response


# --- Packages ---


@login_required
@post_only(lambda case_id: _url_by_id("plan", case_id))
def package_start(request, case_id):
    case, _client = _case(request, case_id, "casework.plan")
    form = forms.PackageStartForm(
        request.POST, packages=services.packages_for(case.county), prefix="package"
    )
    if not form.is_valid():
        messages.error(request, _("Choose the package and its start date."))
        return redirect(_url("plan", case) + "#packages")
    try:
        with once.spending(form.cleaned_data["once"], request.user) as result:
            services.package_start(
                case=case,
                package=form.cleaned_data["package"],
                started_on=form.cleaned_data["started_on"],
                acting_user=request.user,
            )
            result.url = _url("plan", case) + "#packages"
    except once.Spent as spent:
        return once.already_sent(request, spent.url, _url("plan", case))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The service package started."))
    return redirect(_url("plan", case) + "#packages")


@login_required
@post_only(lambda case_id, package_id: _url_by_id("plan", case_id))
def package_end(request, case_id, package_id):
    case, _client = _case(request, case_id, "casework.plan")
    case_package = get_object_or_404(CasePackage, pk=package_id, case=case)
    form = forms.PackageEndForm(request.POST, prefix=f"end{case_package.pk}")
    if not form.is_valid():
        messages.error(request, _("Give the end date."))
    else:
        try:
            services.package_end(
                case_package=case_package,
                ended_on=form.cleaned_data["ended_on"],
                acting_user=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The service package ended."))
    return redirect(_url("plan", case) + "#packages")


# --- Narrative ---


@login_required
def narrative(request, case_id):
    case, client = _case(request, case_id, "casework.narrative")
    data = request.POST if request.method == "POST" else None
    form = forms.NarrativeForm(data, case=case)
    status = 200
    if data is not None:
        response, status = submit_form(
            request,
            form,
            lambda values: services.narrative_write(
                case=case,
                entry_date=values["entry_date"],
                text=values["text"],
                corrects=values["corrects"],
                acting_user=request.user,
            ),
            done=_url("narrative", case),
            message=_("The entry was saved."),
        )
        if response:
            return response
    entries = page_of(
        case.narrative.select_related("author", "corrects").order_by("-entry_date", "-created_at"),
        request.GET.get("page"),
        per_page=30,
    )
    return render(
        request,
        "casework/casefile/narrative.html",
        _context(
            request,
            case,
            client,
            "narrative",
            form=form,
            page=entries,
            editable_ids={e.pk for e in entries if services.narrative_editable(e, request.user)},
        ),
        status=status,
    )


@login_required
def narrative_edit(request, case_id, entry_id):
    case, client = _case(request, case_id, "casework.narrative")
    entry = get_object_or_404(NarrativeEntry, pk=entry_id, case=case)
    data = request.POST if request.method == "POST" else None
    form = forms.NarrativeEditForm(
        data,
        initial={"entry_date": entry.entry_date, "text": entry.text, "revision": entry.revision},
    )
    status = 200
    if data is not None:
        response, status = submit_form(
            request,
            form,
            lambda values: services.narrative_edit(
                entry=entry,
                entry_date=values["entry_date"],
                text=values["text"],
                expected_revision=values["revision"],
                acting_user=request.user,
            ),
            done=_url("narrative", case),
            message=_("The entry was saved."),
        )
        if response:
            return response
    return render(
        request,
        "casework/casefile/narrative_edit.html",
        _context(
            request,
            case,
            client,
            "narrative",
            form=form,
            entry=entry,
            editable=services.narrative_editable(entry, request.user),
        ),
        status=status,
    )


# --- Closure ---


@login_required
def close(request, case_id):
    case, client = _case(request, case_id, "casework.closure")
    may_close = permissions.can_close_case(
        request.user,
        team=case.team,
        responsible_id=case.responsible_id,
        co_worker_id=case.co_worker_id,
    )
    data = request.POST if request.method == "POST" else None
    form = forms.ClosureForm(data, initial={"version": case.version})
    status = 200
    if data is not None:
        # The former workers may no longer see the client: lead them to their work.
        response, status = submit_form(
            request,
            form,
            lambda values: services.case_close(
                case=case,
                reason=values["reason"],
                summary=values["summary"],
                expected_version=values["version"],
                acting_user=request.user,
            ),
            done=reverse("casework:mine"),
            message=_(
                "The case was closed. Its documents are kept, and the workers' access "
                "to the client ended with it."
            ),
        )
        if response:
            return response
    return render(
        request,
        "casework/casefile/close.html",
        _context(
            request,
            case,
            client,
            "close",
            form=form,
            may_close=may_close,
            booked=services.closure_blockers(case) if case.status == CaseStatus.OPEN else [],
            running=case.packages.filter(ended_on__isnull=True).select_related("package"),
        ),
        status=status,
    )


# --- Lists ---


@login_required
def my_cases(request):
    """The worker's own cases by stage; within a stage the overdue first."""
    rows = selectors.case_rows(list(selectors.cases_of(request.user)), request.user)
    page = page_of(rows, request.GET.get("page"), per_page=50)
    names = intake_selectors.visible_names(
        request.user, [row.case.client for row in page], record_type="casework.my_cases"
    )
    for row in page:
        row.client_name = names[row.case.client_id]
    return render(
        request,
        "casework/casefile/my_cases.html",
        {"page": page, "count": len(rows), "overdue": sum(1 for r in rows if r.overdue)},
    )


@login_required
def overdue_reviews(request):
    """Plans past their review date: the team's for its manager, one's own otherwise."""
    teams = list(people_selectors.teams_managed_by(request.user))
    team = next(
        (t for t in teams if str(t.pk) == request.GET.get("team")), teams[0] if teams else None
    )
    if team is not None:
        plans = selectors.overdue_reviews(team=team)
    else:
        plans = selectors.overdue_reviews(worker=request.user)
    page = page_of(plans, request.GET.get("page"), per_page=50)
    names = intake_selectors.visible_names(
        request.user, [p.case.client for p in page], record_type="casework.overdue_reviews"
    )
    return render(
        request,
        "casework/casefile/overdue_reviews.html",
        {
            "team": team,
            "teams": teams,
            "page": page,
            "rows": [(plan, names[plan.case.client_id]) for plan in page],
            "by_worker": selectors.overdue_by_worker(plans) if team is not None else [],
            "today": clock.today(),
        },
    )


@login_required
def retention(request):
    permissions.require(
        permissions.can_review_retention(request.user),
        _("The retention list is for the data protection officer and the administrator."),
    )
    cases = selectors.retention_due(request.user.county)
    return render(
        request,
        "casework/casefile/retention.html",
        {
            "page": page_of(cases, request.GET.get("page"), per_page=100),
            "years": case_selectors.settings_for(request.user.county).retention_years,
        },
    )
