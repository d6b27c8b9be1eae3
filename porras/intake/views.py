from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from porras.clients.hetu import parse_hetu
from porras.clients.views import stated_reason_page
from porras.core import clock
from porras.core.errors import ConflictError, DomainError, RateLimited
from porras.eventlog.selectors import item_timeline
from porras.intake import forms, selectors, services
from porras.intake.models import IntakeItem, Status
from porras.people import permissions
from porras.people import selectors as people_selectors


def _teams(user):
    return list(people_selectors.teams_visible_to(user).distinct())


@login_required
def queue(request):
    permissions.require(
        permissions.works_with_clients(request.user),
        _("The service guidance queue is for client work."),
    )
    teams = _teams(request.user)
    if not teams:
        raise PermissionDenied(_("You are not a member of any team."))
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), teams[0])
    filters = forms.QueueFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.queue(
        request.user,
        team,
        status=values.get("status", ""),
        kind=values.get("kind", ""),
        urgency=values.get("urgency", ""),
    )
    return render(
        request,
        "intake/queue.html",
        {
            "team": team,
            "teams": teams,
            "filters": filters,
            "rows": rows,
            "flags": selectors.flags_of(request.user, team),
        },
    )


@login_required
def receive(request):
    permissions.require(
        permissions.works_with_clients(request.user), _("Your role does not receive matters.")
    )
    county = request.user.county
    form = forms.IntakeForm(request.POST or None, request.FILES or None, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uploads = [services.Upload(f.name, f.read()) for f in data["attachments"]]
            item, _created = services.item_receive(
                county=county,
                acting_user=request.user,
                kind=data["kind"],
                channel=data["channel"],
                received_at=data["received_at"],
                description=data["description"],
                urgent=data["urgent"],
                team=data["team"],
                initiator=data["initiator"],
                notifier={
                    k: data[k]
                    for k in ("notifier_type", "notifier_name", "notifier_contact", "consent")
                },
                statutory_group=data["statutory_group"],
                kela_forwarded=data["kela_forwarded"],
                personal_discussion_requested=data["personal_discussion_requested"],
                client=services.ClientRef(
                    hetu=data["hetu"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    unidentified_description=data["unidentified_description"],
                    details={
                        "municipality": data["municipality"],
                        "postal_code": data["postal_code"],
                    },
                ),
                attachments=uploads,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if data["team"] or selectors.team_reveals_nothing(request.user, item):
                messages.success(
                    request,
                    _("The matter was received into the queue of %(team)s.") % {"team": item.team},
                )
            else:
                messages.success(request, _("The matter was received into its team's queue."))
            if selectors.can_work_in_queue(request.user, item.team):
                return redirect("intake:item", item_id=item.pk)
            return redirect("intake:receive")  # another team's matter: ready for the next one
    return render(
        request, "intake/receive.html", {"form": form}, status=400 if form.is_bound else 200
    )


# The first-contact steps: each posts its own small form to one service.
ACTIONS = {
    "attempt": (forms.AttemptForm, services.contact_attempt_record),
    "urgency": (forms.UrgencyForm, services.urgency_assess),
    "motivation": (forms.MotivationForm, services.motivation_assess),
    "guidance": (forms.GuidanceForm, services.guidance_give),
    "referral": (forms.ReferralForm, services.referral_make),
    "completion_request": (forms.CompletionRequestForm, services.completion_request),
    "completion_receive": (forms.CompletionReceiveForm, services.completion_receive),
    "forward": (forms.ForwardForm, services.item_forward),
    "close": (forms.CloseForm, services.item_close),
}


def _action_forms(item, bound=None):
    result = {}
    for name, (form_class, _service) in ACTIONS.items():
        kwargs = {"county": item.county} if form_class is forms.ReferralForm else {}
        if bound is not None and bound[0] == name:
            result[name] = form_class(bound[1], prefix=name, **kwargs)
        else:
            initial = {"urgency": item.urgency} if name == "urgency" else {}
            if name == "motivation":
                initial = {"motivation": item.motivation}
            result[name] = form_class(prefix=name, initial=initial, **kwargs)
    return result


def _render_item(request, item, client, action_forms, status=200):
    return render(
        request,
        "intake/item.html",
        {
            "item": item,
            "client": client,
            "forms": action_forms,
            "timeline": item_timeline(item.pk),
            "attempts": item.attempts.select_related("by"),
            "guidance": item.guidance.select_related("by"),
            "referrals": item.referrals.select_related("service", "by"),
            "attachments": item.attachments.all(),
            "related": selectors.open_items_of(item.client_id, exclude=item.pk),
            "handling": item.claimed_by_id == request.user.pk
            and item.status in (Status.IN_GUIDANCE, Status.WAITING_COMPLETION),
            "deadline_label": services.compute_deadline(item).label if item.due_rule else "",
            "row": selectors.queue_row(item, clock.today()),
        },
        status=status,
    )


@login_required
def item(request, item_id):
    found, client = selectors.item_with_client(user=request.user, item_id=item_id)
    return _render_item(request, found, client, _action_forms(found))


@login_required
def item_reason(request, item_id):
    """State a reason to see the client of a matter (reached from a refusal)."""
    found = IntakeItem.objects.filter(pk=item_id, county_id=request.user.county_id).first()
    if found is None:
        raise Http404
    return stated_reason_page(
        request,
        client_id=found.client_id,
        done_url=reverse("intake:item", kwargs={"item_id": found.pk}),
    )


@login_required
@require_POST
def item_action(request, item_id, action):
    found, client = selectors.item_with_client(user=request.user, item_id=item_id)
    if action == "claim":
        try:
            services.item_claim(item=found, acting_user=request.user)
        except ConflictError as error:
            messages.error(request, error.message)
            return redirect("intake:queue")
        return redirect("intake:item", item_id=found.pk)
    if action == "release":
        _run(request, services.item_release, item=found)
        return redirect("intake:queue")
    if action not in ACTIONS:
        raise Http404
    action_forms = _action_forms(found, bound=(action, request.POST))
    form = action_forms[action]
    if form.is_valid():
        try:
            ACTIONS[action][1](item=found, acting_user=request.user, **form.cleaned_data)
        except ConflictError as error:
            # Not this worker's matter (now): say so above the page.
            messages.error(request, error.message)
            found.refresh_from_db()
            return _render_item(request, found, client, action_forms, status=409)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Saved."))
            if action in ("forward", "close"):
                return redirect("intake:queue")
            return redirect(f"{reverse('intake:item', kwargs={'item_id': found.pk})}#{action}")
    found.refresh_from_db()
    return _render_item(request, found, client, action_forms, status=400)


def _run(request, service, **kwargs):
    try:
        service(acting_user=request.user, **kwargs)
    except DomainError as error:
        messages.error(request, error.message)


@login_required
@require_POST
def client_hint(request):
    """What Porras already knows of the hetu being typed into the intake form.

    Posted, so that the code never stands in an address (server logs keep those).
    """
    permissions.require(
        permissions.works_with_clients(request.user), _("Your role does not receive matters.")
    )
    context = {"state": "none"}
    try:
        hetu = parse_hetu(request.POST.get("hetu", ""), today=clock.today()).value
    except ValidationError as error:
        context = {"state": "invalid", "message": error.messages[0]}
    else:
        try:
            context = selectors.client_hint(user=request.user, hetu=hetu)
        except RateLimited as limit:
            return render(
                request,
                "intake/includes/hint.html",
                {"state": "invalid", "message": limit.args[0]},
                status=429,
            )
    return render(request, "intake/includes/hint.html", context)
