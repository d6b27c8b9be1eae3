from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from porras.clients.hetu import parse_hetu
from porras.clients.views import stated_reason_page
from porras.core import clock, once
from porras.core.errors import ConflictError, DomainError, RateLimited
from porras.core.views import post_only
from porras.eventlog.selectors import item_timeline
from porras.intake import first_contact, forms, selectors, services
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
    page = selectors.queue(
        request.user,
        team,
        status=values.get("status", ""),
        kind=values.get("kind", ""),
        urgency=values.get("urgency", ""),
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "intake/queue.html",
        {
            "team": team,
            "teams": teams,
            "filters": filters,
            "page": page,
            "rows": page.object_list,
            "flags": selectors.flags_of(request.user, team),
            "manages": permissions.manages_team(request.user, team),
        },
    )


@login_required
def receive(request):
    permissions.require(
        permissions.works_with_clients(request.user), _("Your role does not receive matters.")
    )
    county = request.user.county
    form = forms.IntakeForm(request.POST or None, request.FILES or None, county=county)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        earlier = once.spent_url(data["once"], request.user)
        if earlier is not None:
            return once.already_sent(request, earlier, "intake:queue")
        duplicates = selectors.likely_duplicates(
            request.user, hetu=data["hetu"], kind=data["kind"], description=data["description"]
        )
        if duplicates and not data["record_anyway"]:
            form.add_error(
                "record_anyway",
                _(
                    "This looks like a matter already recorded (below). Open it, or tick the "
                    "box if this is a new matter."
                ),
            )
        else:
            try:
                return _receive(request, form, data)
            except once.Spent as spent:
                return once.already_sent(request, spent.url, "intake:queue")
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request,
        "intake/receive.html",
        {"form": form, "duplicates": duplicates},
        status=400 if form.is_bound else 200,
    )


NOTIFIER_FIELDS = ("notifier_type", "notifier_name", "notifier_contact", "consent")


def _receive(request, form, data):
    """Record the matter, spending the form's one-time token in the same transaction."""
    with once.spending(data["once"], request.user) as result:
        uploads = [services.Upload(f.name, f.read()) for f in data["attachments"]]
        item, _created = services.item_receive(
            county=request.user.county,
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
                details={"municipality": data["municipality"], "postal_code": data["postal_code"]},
            ),
            attachments=uploads,
        )
        own_queue = selectors.can_work_on(request.user, item)
        # Another team's matter: back to an empty form for the next one.
        target = (
            reverse("intake:item", kwargs={"item_id": item.pk})
            if own_queue
            else reverse("intake:receive")
        )
        result.url = target
    if data["team"] or selectors.team_reveals_nothing(request.user, item):
        messages.success(
            request,
            _("The matter was received into the queue of %(team)s.") % {"team": item.team},
        )
    else:
        messages.success(request, _("The matter was received into its team's queue."))
    return redirect(target)


def _render_item(request, item, client, form=None, status=200):
    return render(
        request,
        "intake/item.html",
        {
            "item": item,
            "client": client,
            "form": form or forms.FirstContactForm(item=item),
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
            # After distribution: the case and its responsible worker (read through the
            # reverse relation; intake does not import casework).
            "case": item.cases.select_related("responsible").first()
            if item.status == Status.ASSIGNED
            else None,
        },
        status=status,
    )


@login_required
def item(request, item_id):
    found, client = selectors.item_with_client(user=request.user, item_id=item_id)
    return _render_item(request, found, client)


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
@post_only(lambda item_id, action: reverse("intake:item", kwargs={"item_id": item_id}))
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
        if found.claimed_by_id == request.user.pk:
            _run(request, services.item_release, item=found)
        else:  # the manager, for a holder who is absent
            _run(request, services.item_release_for_absent, item=found)
        return redirect(f"{reverse('intake:queue')}?team={found.team_id}")
    if action != "first_contact":
        raise Http404
    form = forms.FirstContactForm(request.POST, item=found)
    if form.is_valid():
        try:
            with transaction.atomic():
                saved = first_contact.save(found, request.user, form.cleaned_data)
        except ConflictError as error:
            # Not this worker's matter (now): say so above the page.
            messages.error(request, error.message)
            found.refresh_from_db()
            return _render_item(request, found, client, form, status=409)
        except first_contact.StepRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            if not saved:
                messages.info(request, _("Nothing was filled in: nothing to save."))
            else:
                messages.success(
                    request,
                    _("Saved: %(steps)s.") % {"steps": ", ".join(str(step) for step in saved)},
                )
            found.refresh_from_db()
            if found.is_open and found.due_date and found.due_date < clock.today():
                # A new urgency can move the due date into the past: say it at once.
                messages.warning(
                    request,
                    _("The due date %(date)s has already passed: the matter is late.")
                    % {"date": date_format(found.due_date, "SHORT_DATE_FORMAT")},
                )
            if form.cleaned_data["next_step"] in (forms.NextStep.FORWARD, forms.NextStep.CLOSE):
                return redirect("intake:queue")
            return redirect("intake:item", item_id=found.pk)
    found.refresh_from_db()
    return _render_item(request, found, client, form, status=400)


def _run(request, service, **kwargs):
    try:
        service(acting_user=request.user, **kwargs)
    except DomainError as error:
        messages.error(request, error.message)


@login_required
@post_only("intake:receive")
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
