from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from porras.clients import selectors, services
from porras.clients.forms import (
    ClientEditForm,
    ClientIdentifyForm,
    ClientRegisterForm,
    ClientSearchForm,
    HetuReasonForm,
    StatedReasonForm,
    client_initial,
)
from porras.clients.models import Client
from porras.clients.tracking import DeclaredAccess, declare
from porras.core import once
from porras.core.errors import ConflictError, DomainError
from porras.people import permissions
from porras.people.permissions import AccessPurpose


@login_required
def search(request):
    """Search by identity code or name. Posted: a code typed here never stands in an
    address (browser history, proxy and server logs keep addresses)."""
    form = ClientSearchForm(request.POST or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.client_search(user=request.user, query=form.cleaned_data["q"])
    return render(request, "clients/search.html", {"form": form, "results": results})


def _require_client_work(user) -> None:
    permissions.require(
        permissions.works_with_clients(user),
        _("Registering and identifying clients is client work: your role does not do it."),
    )


@login_required
def register(request):
    _require_client_work(request.user)
    county = request.user.county
    if request.method == "POST":
        form = ClientRegisterForm(request.POST, county=county)
        earlier = once.spent_url(form.data.get("once") or None, request.user)
        if earlier is not None:
            return once.already_sent(request, earlier, reverse("clients:search"))
        if form.is_valid() and form.cleaned_data["hetu"]:
            existing = selectors.hetu_lookup(
                user=request.user, hetu=form.cleaned_data["hetu"], purpose="register"
            )
            if existing is not None:
                form.add_error(
                    "hetu",
                    _(
                        "A client with this personal identity code is already registered. "
                        "Search for the client instead."
                    ),
                )
        if form.is_valid():
            data = dict(form.cleaned_data)
            token = data.pop("once")
            try:
                with once.spending(token, request.user) as result:
                    client = services.client_register(
                        county=county, acting_user=request.user, **data
                    )
                    result.url = reverse("clients:detail", kwargs={"client_id": client.pk})
            except once.Spent as spent:
                return once.already_sent(request, spent.url, reverse("clients:search"))
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The client was registered."))
                return redirect(result.url)
    else:
        form = ClientRegisterForm(county=county)
    return render(
        request, "clients/register.html", {"form": form}, status=400 if form.is_bound else 200
    )


@login_required
def detail(request, client_id):
    client, access = selectors.client_for_user(
        user=request.user, client_id=client_id, record_type="client.detail"
    )
    if client.pk != client_id:
        return redirect("clients:detail", client_id=client.pk)  # a merged record
    return render(request, "clients/detail.html", {"client": selectors.present(client, access)})


@login_required
def edit(request, client_id):
    client, access = selectors.client_for_user(
        user=request.user, client_id=client_id, record_type="client.edit"
    )
    if client.non_disclosure and not access.sees_protected_contact:
        # Editing would show the hidden address: only those who may see it may edit it.
        raise selectors.ClientAccessDenied(client_id)
    if request.method == "POST":
        form = ClientEditForm(request.POST, county=client.county)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.client_update(
                    client=client, acting_user=request.user, expected_version=version, **data
                )
            except ConflictError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The client's data was saved."))
                return redirect("clients:detail", client_id=client.pk)
    else:
        form = ClientEditForm(initial=client_initial(client), county=client.county)
    return render(
        request,
        "clients/edit.html",
        {"form": form, "client": selectors.present(client, access)},
        status=400 if form.is_bound else 200,
    )


@login_required
def identify(request, client_id):
    _require_client_work(request.user)
    client, access = selectors.client_for_user(
        user=request.user, client_id=client_id, record_type="client.identify"
    )
    form = ClientIdentifyForm(request.POST or None)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            identified = services.client_identify(
                client=client, acting_user=request.user, **form.cleaned_data
            )
        except services.IdentifyNeedsReason as refusal:
            form.add_error("reason_explanation", refusal.args[0])
            form.reason_needed = True
            status = 403
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The person was identified."))
            return redirect("clients:detail", client_id=identified.pk)
    return render(
        request,
        "clients/identify.html",
        {"form": form, "client": selectors.present(client, access)},
        status=status,
    )


def _grant_reason(request, client, form) -> bool:
    try:
        reason = services.stated_reason_create(
            worker=request.user,
            client=client,
            kind=form.cleaned_data["kind"],
            explanation=form.cleaned_data["explanation"],
        )
    except DomainError as error:
        form.add_error(error.field, error.message)
        return False
    declare(
        DeclaredAccess(
            client.pk,
            "client.stated_reason",
            AccessPurpose.STATED_REASON,
            "granted",
            reason=f"{reason.get_kind_display()}: {reason.explanation}",
            flagged=True,
        )
    )
    return True


def stated_reason_page(request, *, client_id, done_url: str):
    """The stated-reason form for one client, reached from a refusal.

    Rooms above use it for their own records (a matter, a case), so that the
    refusal never shows which client is behind the record.
    """
    form = StatedReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = Client.objects.filter(pk=client_id, county_id=request.user.county_id).first()
        if client is None:
            declare(
                DeclaredAccess(
                    client_id,
                    "client.stated_reason",
                    AccessPurpose.STATED_REASON,
                    "refused",
                    reason=form.cleaned_data["explanation"],
                    flagged=True,
                )
            )
            messages.error(request, _("No such client was found."))
            return redirect("clients:search")
        if _grant_reason(request, client, form):
            return redirect(done_url)
    return render(
        request, "clients/reason.html", {"form": form}, status=400 if form.is_bound else 200
    )


@login_required
def reason(request, client_id):
    """State a reason to see one client (after a refusal)."""
    return stated_reason_page(
        request,
        client_id=client_id,
        done_url=reverse("clients:detail", kwargs={"client_id": client_id}),
    )


@login_required
def reason_by_hetu(request):
    """Open a client one has no relationship with, by hetu and a stated reason."""
    permissions.require(
        permissions.works_with_clients(request.user),
        _("Only client work may search by personal identity code."),
    )
    form = HetuReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = selectors.hetu_lookup(
            user=request.user, hetu=form.cleaned_data["hetu"], purpose="reason"
        )
        if client is None:
            form.add_error("hetu", _("No client with this personal identity code was found."))
        elif _grant_reason(request, client, form):
            return redirect("clients:detail", client_id=client.pk)
    return render(
        request,
        "clients/reason.html",
        {"form": form, "by_hetu": True},
        status=400 if form.is_bound else 200,
    )
