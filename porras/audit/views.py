from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from porras.audit import extract, selectors, services
from porras.audit.forms import LogSearchForm, ReviewForm, SearchQuery
from porras.core import clock, keyed
from porras.core.errors import DomainError
from porras.core.pagination import page_of
from porras.core.routers import reads_from_replica

ENTRIES_PER_PAGE = 200


def _search_address(officer, data) -> str:
    """The search as an address without any identity code: a code becomes the client's id,
    or (when nobody has it) the keyed digest its lookups were logged under."""
    query = {}
    client = selectors.client_of_county(officer, client_id=data["client_id"], hetu=data["hetu"])
    if client is not None:
        selectors.declare_supervision([client.pk])  # the officer looked the client up
        query["client"] = client.pk
    elif data["hetu"]:
        query["subject"] = keyed.hetu_digest(data["hetu"])
    elif data["client_id"]:
        query["client"] = data["client_id"]
    query |= {name: data[name] for name in ("username", "first", "last") if data[name]}
    return f"{reverse('audit:search')}?{urlencode(query)}"


@login_required
@reads_from_replica
def log_search(request):
    """The officer's search: posted (an identity code never stands in an address), then
    shown at an address of ids, newest first, a page at a time."""
    officer = request.user
    selectors.entries_of_county(officer)  # refuses anyone but the officer
    if request.method == "POST":
        form = LogSearchForm(request.POST)
        if form.is_valid():
            return redirect(_search_address(officer, form.cleaned_data))
        return render(request, "audit/search.html", {"form": form}, status=400)
    query = SearchQuery(request.GET)
    if not query.is_valid() or not any(query.cleaned_data.values()):
        return render(request, "audit/search.html", {"form": LogSearchForm()})
    data = query.cleaned_data
    client = selectors.client_of_county(officer, client_id=data["client"])
    entries = selectors.entries_for(
        officer,
        client=client,
        client_id=None if client else data["client"],
        subject=data["subject"],
        username=data["username"],
        first=data["first"],
        last=data["last"],
        newest_first=True,
    ).select_related("review")
    page = page_of(entries, request.GET.get("page"), per_page=ENTRIES_PER_PAGE)
    selectors.declare_supervision(e.client_id for e in page)
    return render(
        request,
        "audit/search.html",
        {
            "form": LogSearchForm(
                initial={k: data[k] for k in ("username", "first", "last") if data[k]}
            ),
            "page": page,
            "client": client,
            "subject_only": bool(data["subject"]),
            "names": selectors.client_names(officer, [e.client_id for e in page]),
        },
    )


@login_required
def review_queue(request):
    page = page_of(
        selectors.review_queue(request.user), request.GET.get("page"), per_page=ENTRIES_PER_PAGE
    )
    selectors.declare_supervision(e.client_id for e in page)
    return render(
        request,
        "audit/review_queue.html",
        {
            "page": page,
            "form": ReviewForm(),
            "names": selectors.client_names(request.user, [e.client_id for e in page]),
        },
    )


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
        {
            "entry": entry,
            "form": form,
            "names": selectors.client_names(request.user, [entry.client_id]),
        },
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
    # No identity code in a file name (downloads folders, mail attachments keep them).
    name = f"lokiote-{clock.today():%Y%m%d}-{client.pk.hex[:8]}-{language}"
    if kind == "csv":
        response = StreamingHttpResponse(
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
