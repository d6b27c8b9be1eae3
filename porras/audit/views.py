from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from porras.audit import extract, selectors, services
from porras.audit.forms import LogSearchForm, ReviewForm
from porras.audit.models import AccessLogEntry
from porras.clients.models import Client
from porras.core.errors import DomainError
from porras.people import permissions


def _require_officer(user) -> None:
    permissions.require(
        permissions.can_read_access_log(user),
        _("Only the data protection officer may read the access log."),
    )


@login_required
def log_search(request):
    _require_officer(request.user)
    form = LogSearchForm(request.GET or None)
    entries = client = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        if data["hetu"]:
            client = Client.objects.filter(
                hetu=data["hetu"], county_id=request.user.county_id
            ).first()
            if client is None:
                form.add_error("hetu", _("No client with this personal identity code."))
        elif data["client_id"]:
            client = Client.objects.filter(
                pk=data["client_id"], county_id=request.user.county_id
            ).first()
        if not form.errors:
            entries = list(
                selectors.entries_for(
                    client=client,
                    client_id=None if client else data["client_id"],
                    username=data["username"],
                    first=data["first"],
                    last=data["last"],
                ).select_related("review")[:1000]
            )
            selectors.declare_supervision(e.client_id for e in entries)
    return render(
        request,
        "audit/search.html",
        {"form": form, "entries": entries, "client": client},
        status=400 if form.errors else 200,
    )


@login_required
def review_queue(request):
    _require_officer(request.user)
    entries = list(selectors.review_queue()[:200])
    return render(request, "audit/review_queue.html", {"entries": entries, "form": ReviewForm()})


@login_required
def review(request, entry_id):
    _require_officer(request.user)
    entry = get_object_or_404(AccessLogEntry, pk=entry_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(entry=entry, acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The review was saved."))
        return redirect("audit:review_queue")
    return render(
        request,
        "audit/review.html",
        {"entry": entry, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def client_extract(request, client_id):
    _require_officer(request.user)
    client = Client.objects.filter(pk=client_id, county_id=request.user.county_id).first()
    if client is None:
        raise Http404
    language = request.GET.get("lang", "fi")
    kind = request.GET.get("format", "pdf")
    if language not in extract.EXTRACT_LANGUAGES or kind not in ("pdf", "csv", "html"):
        raise Http404
    selectors.declare_supervision([client.pk])
    name = f"lokiote-{client.hetu or client.pk}-{language}"
    if kind == "csv":
        response = HttpResponse(
            extract.extract_csv(client, language), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if kind == "html":
        return HttpResponse(extract.extract_html(client, language))
    response = HttpResponse(extract.extract_pdf(client, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
