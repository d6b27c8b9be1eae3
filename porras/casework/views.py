from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from porras.casework import selectors, services
from porras.casework.casefile import selectors as casefile_selectors
from porras.casework.forms import (
    AnswerForm,
    AssessmentForm,
    AssignForm,
    ConsultationForm,
    CoWorkerForm,
    MoveCasesForm,
    ReassignForm,
)
from porras.casework.models import Case, CaseStatus, Consultation
from porras.clients import selectors as client_selectors
from porras.clients.views import stated_reason_page
from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.core.pagination import page_of
from porras.core.views import post_only
from porras.intake import selectors as intake_selectors
from porras.intake.models import IntakeItem, Status
from porras.people import permissions
from porras.people import selectors as people_selectors
from porras.people.models import Worker


def _board_team(request, team_id=None):
    teams = [
        t
        for t in people_selectors.teams_visible_to(request.user).distinct()
        if permissions.can_distribute(request.user, t)
    ]
    if not teams:
        raise PermissionDenied(
            _("Only this week's duty pair of a team (or its manager) distributes its matters.")
        )
    return next((t for t in teams if str(t.pk) == str(team_id)), teams[0]), teams


BOARD_PAGE = 25


def _rows(request, team, items, bound=None):
    """The rows of one page of the board: a fixed number of queries whatever its length;
    each quadrant's pick-list is read once."""
    names = intake_selectors.visible_names(
        request.user, [i.client for i in items], record_type="casework.board"
    )
    axes = selectors.axes(team.county)
    pick_lists: dict = {}
    today = clock.today()
    rows = []
    for found in selectors.board_rows(team, items):
        item, assessment, recommendation = found.item, found.assessment, found.recommendation
        prefix = f"i{item.pk.hex[:12]}"
        is_bound = bound is not None and bound[0] == item.pk
        data = bound[1] if is_bound else None
        recommended = recommendation.worker if recommendation else None
        if assessment is not None and assessment.quadrant not in pick_lists:
            workers = selectors.eligible_workers(team.county, assessment.quadrant)
            pick_lists[assessment.quadrant] = (
                workers,
                selectors.grouped_choices(workers, team=team, recommended=recommended),
            )
        workers, choices = pick_lists.get(assessment.quadrant if assessment else None, (None, None))
        rows.append(
            {
                "item": item,
                "client_name": names[item.client_id],
                "assessment": assessment,
                "recommendation": recommendation,
                "assess_form": AssessmentForm(
                    data if is_bound and bound[2] == "assess" else None,
                    axes=axes,
                    prefix=f"{prefix}a",
                ),
                "assign_form": AssignForm(
                    data if is_bound and bound[2] == "assign" else None,
                    workers=workers if workers is not None else Worker.objects.none(),
                    choices=choices,
                    team=team,
                    recommended=recommended,
                    initial={"worker": recommended.pk} if recommended else {},
                    prefix=f"{prefix}s",
                ),
                "row": intake_selectors.queue_row(item, today),
            }
        )
    return rows


@login_required
def board(request, team_id=None, bound=None, status=200):
    team, teams = _board_team(request, team_id or request.GET.get("team"))
    items = selectors.board_items(team)
    number = request.GET.get("page")
    if bound is not None:  # the page that holds the matter whose form was wrong
        at = next((n for n, item in enumerate(items) if item.pk == bound[0]), 0)
        number = at // BOARD_PAGE + 1
    page = page_of(items, number, per_page=BOARD_PAGE)
    return render(
        request,
        "casework/board.html",
        {
            "team": team,
            "teams": teams,
            "page": page,
            "rows": _rows(request, team, list(page), bound),
            "pair": people_selectors.duty_pairs_on(clock.today(), [team])[0][1],
            "urgent_left": sum(1 for i in items if i.urgency in ("urgent_now", "urgent")),
        },
        status=status,
    )


@login_required
@post_only("casework:board")
def item_action(request, item_id, action):
    item = IntakeItem.objects.filter(
        pk=item_id, county_id=request.user.county_id, status=Status.FORWARDED
    ).first()
    if item is None:
        messages.error(request, _("The matter is no longer waiting for distribution."))
        return redirect("casework:board")
    team, _teams = _board_team(request, item.team_id)
    if team.pk != item.team_id:
        raise PermissionDenied(
            _("Only this week's duty pair of the team (or its manager) distributes its matters.")
        )
    # Acting on the matter reads its client: declared (and refused) like any read.
    client_selectors.client_for_user(
        user=request.user, client_id=item.client_id, record_type="casework.board"
    )
    prefix = f"i{item.pk.hex[:12]}"
    try:
        if action == "assess":
            form = AssessmentForm(
                request.POST, axes=selectors.axes(item.county), prefix=f"{prefix}a"
            )
            if not form.is_valid():
                raise DomainError(_("Answer both questions and give the reasons."))
            services.support_need_assess(item=item, acting_user=request.user, **form.cleaned_data)
        elif action == "assign":
            # Any worker of the county validates here: the service says why one is refused.
            form = AssignForm(
                request.POST,
                prefix=f"{prefix}s",
                workers=Worker.objects.filter(county=item.county),
                team=item.team,
            )
            if not form.is_valid():
                raise DomainError(_("Choose the responsible worker."))
            case = services.case_assign(item=item, acting_user=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("Case opened: %(worker)s is the responsible worker.")
                % {"worker": case.responsible},
            )
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
        return board(
            request,
            team_id=team.pk,
            bound=(item.pk, request.POST, action),
            status=409 if isinstance(error, ConflictError) else 400,
        )
    return redirect(f"{reverse('casework:board')}?team={team.pk}#{prefix}")


@login_required
@post_only("casework:board")
def accept_all(request):
    team, _teams = _board_team(request, request.POST.get("team"))
    opened, skipped = services.accept_all(team=team, acting_user=request.user)
    messages.success(
        request, _("%(count)s cases opened with the recommended workers.") % {"count": len(opened)}
    )
    for item, reason in skipped:
        messages.info(
            request,
            _("Not distributed (%(date)s): %(reason)s")
            % {"date": f"{item.pending_date:%d.%m.%Y}", "reason": reason},
        )
    return redirect(f"{reverse('casework:board')}?team={team.pk}")


def _case_forms(case, bound=None):
    recommended = selectors.recommend(case.team, case.quadrant, exclude=[case.responsible_id])
    others = selectors.colleagues(case.county).exclude(pk=case.responsible_id)
    pick_lists = {
        "reassign": {
            "workers": selectors.eligible_workers(case.county, case.quadrant).exclude(
                pk=case.responsible_id
            ),
            "recommended": recommended.worker,
        },
        "co_worker": {"workers": others},
        "consult": {"workers": others},
    }
    initial = {
        "reassign": {"version": case.version},
        "co_worker": {"version": case.version, "worker": case.co_worker_id},
        "consult": {},
    }
    forms = {"reassess": AssessmentForm(axes=selectors.axes(case.county), prefix="reassess")}
    form_classes = {
        "reassign": ReassignForm,
        "co_worker": CoWorkerForm,
        "consult": ConsultationForm,
    }
    for name, form_class in form_classes.items():
        data = bound[1] if bound is not None and bound[0] == name else None
        forms[name] = form_class(
            data,
            team=case.team,
            prefix=name,
            initial=initial[name],
            **pick_lists[name],
        )
    if bound is not None and bound[0] == "reassess":
        forms["reassess"] = AssessmentForm(
            bound[1], axes=selectors.axes(case.county), prefix="reassess"
        )
    return forms


def _render_case(request, case, forms, status=200):
    client, access = client_selectors.client_for_user(
        user=request.user,
        client_id=case.client_id,
        record_type="casework.case",
        reason_url=_case_reason_url(case),
    )
    user = request.user
    return render(
        request,
        "casework/case.html",
        {
            "case": case,
            "client": client_selectors.present(client, access),
            "forms": forms,
            "assignments": case.assignments.select_related("worker", "recommended", "assigned_by"),
            "assessments": case.assessments.select_related("assessed_by"),
            # What the case is about: the matters it grew from, as guidance left them.
            "origins": case.origin_items.prefetch_related("guidance__by", "attachments").order_by(
                "received_at"
            ),
            "consultations": case.consultations.select_related("asked_by", "consultant"),
            "events": casefile_selectors.case_timeline(case),
            "documents": casefile_selectors.case_documents(case),
            "deadlines": casefile_selectors.open_deadlines([case])[case.pk],
            "next_appointment": casefile_selectors.next_appointments([case]).get(case.pk),
            "running_packages": case.packages.filter(ended_on__isnull=True).select_related(
                "package"
            ),
            "later_cases": case.later_cases.order_by("opened_at"),
            "tab": "case",
            "is_open": case.status == CaseStatus.OPEN,
            "needs_reassignment": services.needs_reassignment(case),
            "recommendation": selectors.recommend(
                case.team, case.quadrant, exclude=[case.responsible_id]
            ),
            "can_distribute": permissions.can_distribute(user, case.team),
            "is_case_worker": user.pk in (case.responsible_id, case.co_worker_id),
            "answer_form": AnswerForm(),
        },
        status=status,
    )


def _case_for(request, case_id) -> Case:
    case = (
        Case.objects.filter(pk=case_id, county_id=request.user.county_id)
        .select_related("responsible", "co_worker", "team", "county", "previous_case", "closed_by")
        .first()
    )
    if case is None:
        raise client_selectors.ClientAccessDenied()
    return case


def _case_reason_url(case: Case) -> str:
    return reverse("casework:case_reason", kwargs={"case_id": case.pk})


@login_required
def case_reason(request, case_id):
    """State a reason to see the client of a case (reached from a refusal)."""
    case = _case_for(request, case_id)
    return stated_reason_page(
        request,
        client_id=case.client_id,
        done_url=reverse("casework:case", kwargs={"case_id": case.pk}),
    )


@login_required
def case_detail(request, case_id):
    case = _case_for(request, case_id)
    return _render_case(request, case, _case_forms(case))


@login_required
@post_only(lambda case_id, action: reverse("casework:case", kwargs={"case_id": case_id}))
def case_action(request, case_id, action):
    case = _case_for(request, case_id)
    # The actor must be allowed to see the client before acting on the case.
    client_selectors.client_for_user(
        user=request.user,
        client_id=case.client_id,
        record_type="casework.case",
        reason_url=_case_reason_url(case),
    )
    if action == "answer":
        consultation_id = request.POST.get("consultation", "")
        if not consultation_id.isdigit():
            raise Http404
        consultation = get_object_or_404(Consultation, pk=int(consultation_id), case=case)
        form = AnswerForm(request.POST)
        try:
            if not form.is_valid():
                raise DomainError(_("Write the answer."))
            services.consultation_answer(
                consultation=consultation,
                acting_user=request.user,
                answer=form.cleaned_data["answer"],
            )
        except DomainError as error:
            messages.error(request, error.message)
            return _render_case(request, case, _case_forms(case), status=400)
        messages.success(request, _("Saved."))
        return redirect("casework:case", case_id=case.pk)
    if action not in ("reassess", "reassign", "co_worker", "consult"):
        raise Http404
    forms = _case_forms(case, bound=(action, request.POST))
    form = forms[action]
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if action == "reassess":
                services.case_reassess(case=case, acting_user=request.user, **data)
            elif action == "reassign":
                services.case_reassign(
                    case=case,
                    acting_user=request.user,
                    worker=data["worker"],
                    reason=data["reason"],
                    expected_version=data["version"],
                )
            elif action == "co_worker":
                services.co_worker_set(
                    case=case,
                    acting_user=request.user,
                    worker=data["worker"],
                    expected_version=data["version"],
                )
            else:
                services.consultation_ask(case=case, acting_user=request.user, **data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("casework:case", case_id=case.pk)
    return _render_case(request, case, forms, status=400)


@login_required
@post_only("casework:workload")
def move_cases(request, worker_id):
    teams = list(people_selectors.teams_managed_by(request.user))
    worker = get_object_or_404(Worker, pk=worker_id, memberships__team__in=teams)
    team = next(t for t in teams if permissions.is_member(worker, t))
    form = MoveCasesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for moving the cases."))
    else:
        moved = services.move_cases_of(
            worker=worker, team=team, acting_user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("%(count)s cases moved, each to its recommended worker.") % {"count": len(moved)},
        )
    return redirect(f"{reverse('casework:workload')}?team={team.pk}")


@login_required
def workload(request):
    teams = list(people_selectors.teams_managed_by(request.user))
    permissions.require(bool(teams), _("The workload view is for the team's manager."))
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), teams[0])
    rows = selectors.workload(team)
    finite = [r.load_per_fte for r in rows if r.load_per_fte != float("inf")]
    return render(
        request,
        "casework/workload.html",
        {
            "team": team,
            "teams": teams,
            "rows": rows,
            "move_form": MoveCasesForm(),
            "mean": sum(finite) / len(finite) if finite else 0,
            "quadrants": selectors.Quadrant.values,
            "stages": selectors.Stage.choices,
        },
    )
