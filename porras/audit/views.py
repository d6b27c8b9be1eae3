from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from porras.audit import extract, selectors, services
from porras.audit.forms import LogSearchForm, ReviewForm
from porras.core.errors import DomainError
from porras.core.pagination import page_of

ENTRIES_PER_PAGE = 200


@login_required
def log_search(request):
    officer = request.user
    selectors.entries_of_county(officer)  # refuses anyone but the officer
    form = LogSearchForm(request.GET or None)
    page = client = None
    hetu_only = False
    if request.GET and form.is_valid():
        data = form.cleaned_data
        client = selectors.client_of_county(officer, client_id=data["client_id"], hetu=data["hetu"])
        # A code that is not a client is still searched: its lookups are logged.
        hetu_only = bool(data["hetu"]) and client is None
        entries = selectors.entries_for(
            officer,
            client=client,
            client_id=None if client else data["client_id"],
            hetu=data["hetu"] if hetu_only else "",
            username=data["username"],
            first=data["first"],
            last=data["last"],
        ).select_related("review")
        page = page_of(entries, request.GET.get("page"), per_page=ENTRIES_PER_PAGE)
        selectors.declare_supervision(e.client_id for e in page)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "client": client, "hetu_only": hetu_only},
        status=400 if form.errors else 200,
    )


@login_required
def review_queue(request):
    page = page_of(
        selectors.review_queue(request.user), request.GET.get("page"), per_page=ENTRIES_PER_PAGE
    )
    selectors.declare_supervision(e.client_id for e in page)
    return render(request, "audit/review_queue.html", {"page": page, "form": ReviewForm()})


@login_required
def review(request, entry_id):
    entry = selectors.entry_for_review(request.user, entry_id)
    if entry is None:
        raise Http404
    selectors.declare_supervision([entry.client_id])
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
    selectors.entries_of_county(request.user)  # refuses anyone but the officer
    client = selectors.client_of_county(request.user, client_id=client_id)
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
            extract.extract_csv(request.user, client, language),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if kind == "html":
        return HttpResponse(extract.extract_html(request.user, client, language))
    response = HttpResponse(
        extract.extract_pdf(request.user, client, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
