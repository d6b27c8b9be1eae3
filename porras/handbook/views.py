from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from porras.handbook import selectors


def _process(request, process_id):
    process = selectors.processes_visible_to(request.user).filter(pk=process_id).first()
    if process is None:
        raise Http404
    return process


@login_required
def index(request):
    query = request.GET.get("q", "").strip()
    processes = selectors.processes_visible_to(request.user)
    if query:
        processes = processes.filter(title__icontains=query) | processes.filter(
            goal__icontains=query
        )
    return render(
        request, "handbook/index.html", {"processes": processes.distinct(), "query": query}
    )


@login_required
def detail(request, process_id):
    process = _process(request, process_id)
    summary = selectors.diagram_summary(process)
    mappings = {m.element_id: m for m in process.task_mappings.all()}
    return render(
        request,
        "handbook/detail.html",
        {
            "process": process,
            "summary": summary,
            "mappings": mappings,
        },
    )


@login_required
def diagram(request, process_id):
    process = _process(request, process_id)
    if not hasattr(process, "diagram"):
        raise Http404
    return HttpResponse(bytes(process.diagram.content), content_type="application/xml")
