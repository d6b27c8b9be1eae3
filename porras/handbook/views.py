import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from porras.core import clock, once
from porras.core.errors import ConflictError, DomainError
from porras.core.views import post_only
from porras.handbook import selectors, services, site
from porras.handbook.forms import (
    DocumentForm,
    MoveForm,
    NewProcessForm,
    NoteForm,
    NoteStatusForm,
    ProcessForm,
    TaskMappingForm,
)
from porras.handbook.models import (
    DevelopmentNote,
    Document,
    Process,
    ProcessStatus,
    safe_file_name,
)
from porras.people import permissions

# The buttons of the approval path: target status → the button's words.
MOVE_LABELS = {
    ProcessStatus.CHECKED: gettext_lazy("Mark as checked"),
    ProcessStatus.APPROVED: gettext_lazy("Approve"),
    ProcessStatus.PUBLISHED: gettext_lazy("Publish"),
    ProcessStatus.RETIRED: gettext_lazy("Retire"),
    ProcessStatus.DRAFT: gettext_lazy("Return to draft"),
}


def _visible(model, user):
    return (
        selectors.processes_visible_to(user)
        if model is Process
        else selectors.documents_visible_to(user)
    )


def _get(model, request, obj_id):
    found = _visible(model, request.user).filter(pk=obj_id).first()
    if found is None:
        raise Http404
    return found


def _url(obj) -> str:
    name = "handbook:detail" if isinstance(obj, Process) else "handbook:document"
    return reverse(name, kwargs={"obj_id": obj.pk})


def _moves(user, obj) -> list[dict]:
    """The approval steps this user may take on this version, with their buttons."""
    moves = []
    for target in services.TRANSITIONS[obj.status]:
        if services.may_move(user, obj, target):
            moves.append(
                {
                    "to": target,
                    "label": MOVE_LABELS[target],
                    "form": MoveForm(initial={"to_status": target, "revision": obj.revision}),
                }
            )
    return sorted(moves, key=lambda move: move["to"] == ProcessStatus.DRAFT)


def _common(request, obj) -> dict:
    user = request.user
    keeper = permissions.can_edit_handbook(user)
    versions = selectors.versions_of(obj)
    if not permissions.can_read_handbook_drafts(user):
        versions = versions.filter(status=ProcessStatus.PUBLISHED)
    return {
        "keeper": keeper,
        "moves": _moves(user, obj),
        "versions": versions,
        "approvals": obj.approvals.select_related("actor"),
        "can_start_version": keeper and not obj.is_editable,
    }


@login_required
def site_zip(request):
    """The published handbook as a static site in a zip, for the county's intranet."""
    permissions.require(
        permissions.can_edit_handbook(request.user),
        _("Only the handbook's keepers download the handbook site."),
    )
    response = HttpResponse(
        site.build_zip(county=request.user.county, language=request.LANGUAGE_CODE),
        content_type="application/zip",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="prosessikasikirja-{clock.today():%Y%m%d}.zip"'
    )
    return response


def _search_words(request) -> str:
    """The search box's words; a NUL character cannot be searched for (nor stored)."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:200]


@login_required
def index(request):
    query = _search_words(request)
    if query:
        processes, documents = selectors.search(request.user, query)
        rows = [selectors.TreeRow(process, 0, []) for process in processes]
    else:
        rows, documents = selectors.contents(request.user), None
    return render(
        request,
        "handbook/index.html",
        {
            "rows": rows,
            "documents": documents,
            "query": query,
            "keeper": permissions.can_edit_handbook(request.user),
        },
    )


@login_required
def process_new(request):
    permissions.require(
        permissions.can_edit_handbook(request.user),
        _("Only the handbook's keepers can add processes."),
    )
    form = NewProcessForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once.spending(data["once"], request.user) as result:
                process = _new_process(request, data)
                result.url = _url(process)
        except once.Spent as spent:
            return once.already_sent(request, spent.url, reverse("handbook:index"))
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The process was created as a draft."))
            return redirect(_url(process))
    return render(
        request, "handbook/process_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _new_process(request, data) -> Process:
    """From a BPMN file made with any tool, or empty (to draw in Porras)."""
    if data["file"]:
        process = services.process_import(
            county=request.user.county,
            content=data["file"].read(),
            title=data["title"],
            file_name=data["file"].name,
            acting_user=request.user,
        )
        if process.level != data["level"]:
            process = services.process_update(
                process=process,
                acting_user=request.user,
                expected_revision=process.revision,
                level=data["level"],
            )
        return process
    return services.process_create(
        county=request.user.county,
        title=data["title"],
        level=data["level"],
        acting_user=request.user,
    )


@login_required
def detail(request, obj_id):
    process = _get(Process, request, obj_id)
    summary = selectors.diagram_summary(process)
    mappings = {m.element_id: m for m in process.task_mappings.prefetch_related("documents")}
    called = selectors.current_versions(
        Process, [m.called_lineage for m in mappings.values()], user=request.user
    )
    notes = list(selectors.notes_for(process))
    steps = summary.tasks if summary else []
    notes_by_step = {}
    for note in notes:
        notes_by_step.setdefault(note.element_id, []).append(note)
    step_rows = [
        {
            "element": step,
            "mapping": mappings.get(step.id),
            "called": called.get(mappings[step.id].called_lineage) if step.id in mappings else None,
            "notes": notes_by_step.get(step.id, []),
        }
        for step in steps
    ]
    context = _common(request, process)
    show_limits = context["keeper"] and process.status != ProcessStatus.PUBLISHED
    return render(
        request,
        "handbook/detail.html",
        {
            **context,
            "process": process,
            "summary": summary,
            "step_rows": step_rows,
            "notes": notes,
            "note_form": NoteForm(steps=steps, county=process.county),
            "note_forms": {
                note.pk: NoteStatusForm(
                    county=process.county,
                    initial={
                        "status": note.status,
                        "owner": note.owner_id,
                        "revision": note.revision,
                    },
                    prefix=f"note-{note.pk}",
                )
                for note in notes
            },
            "findings": selectors.step_limit_findings(
                process, selectors.settings_for(process.county)
            )
            if show_limits
            else [],
            "documents": process.documents.all(),
            "children": selectors.processes_visible_to(request.user).filter(
                parent__lineage=process.lineage
            ),
        },
    )


@login_required
def process_edit(request, obj_id):
    process = _get(Process, request, obj_id)
    permissions.require(
        permissions.can_edit_handbook(request.user),
        _("Only the handbook's keepers can edit processes."),
    )
    form = ProcessForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        documents = data.pop("documents")
        try:
            services.process_update(
                process=process,
                acting_user=request.user,
                expected_revision=revision,
                documents=list(documents),
                **data,
            )
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The description was saved."))
            return redirect(_url(process))
    return render(
        request,
        "handbook/process_edit.html",
        {"process": process, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def modeler(request, obj_id):
    process = _get(Process, request, obj_id)
    permissions.require(
        permissions.can_edit_handbook(request.user),
        _("Only the handbook's keepers can edit diagrams."),
    )
    if not process.is_editable:
        messages.error(request, _("Only a draft can be changed. Start a new version first."))
        return redirect(_url(process))
    return render(request, "handbook/modeler.html", {"process": process})


@login_required
def diagram(request, obj_id):
    process = _get(Process, request, obj_id)
    if request.method == "POST":
        return _diagram_save(request, process)
    if not hasattr(process, "diagram"):
        raise Http404
    response = _inert(HttpResponse(bytes(process.diagram.content), content_type="application/xml"))
    if "download" in request.GET:
        name = process.diagram.file_name or f"{process.title}-v{process.version}.bpmn"
        response["Content-Disposition"] = f'attachment; filename="{safe_file_name(name)}"'
    return response


def _diagram_save(request, process):
    """The modeler's save: the diagram's XML and the revision it was loaded at."""
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        return JsonResponse({"message": _("The form was incomplete.")}, status=400)
    try:
        saved = services.diagram_save(
            process=process,
            content=request.POST.get("xml", "").encode("utf-8"),
            acting_user=request.user,
            expected_revision=revision,
        )
    except ConflictError as error:
        return JsonResponse({"message": str(error.message)}, status=409)
    except DomainError as error:
        return JsonResponse({"message": str(error.message)}, status=400)
    return JsonResponse({"revision": saved.revision, "message": _("The diagram was saved.")})


@login_required
def steps(request, obj_id):
    """Name what each task of the diagram documents: activity code, performer, documents and
    the process that details it. One form per task."""
    process = _get(Process, request, obj_id)
    permissions.require(
        permissions.can_edit_handbook(request.user),
        _("Only the handbook's keepers can map steps."),
    )
    summary = selectors.diagram_summary(process)
    tasks = summary.tasks if summary else []
    mappings = {m.element_id: m for m in process.task_mappings.prefetch_related("documents")}
    posted = request.POST.get("element_id") if request.method == "POST" else None
    rows, status = [], 200
    for task in tasks:
        mapping = mappings.get(task.id)
        initial = {"element_id": task.id, "revision": process.revision}
        if mapping:
            initial.update(
                activity=mapping.activity,
                performer_role=mapping.performer_role,
                documents=list(mapping.documents.values_list("pk", flat=True)),
                called_lineage=str(mapping.called_lineage or ""),
            )
        bound = posted == task.id
        form = TaskMappingForm(
            request.POST if bound else None,
            process=process,
            initial=initial,
            prefix=None,
            auto_id=f"id_{task.id}_%s",
        )
        if bound:
            if form.is_valid() and _save_mapping(request, process, form):
                return redirect(reverse("handbook:steps", kwargs={"obj_id": process.pk}))
            status = 400
        rows.append({"task": task, "form": form})
    return render(request, "handbook/steps.html", {"process": process, "rows": rows}, status=status)


def _save_mapping(request, process, form) -> bool:
    data = form.cleaned_data
    try:
        services.task_map(
            process=process,
            element_id=data["element_id"],
            activity=data["activity"],
            performer_role=data["performer_role"],
            documents=list(data["documents"]),
            called_lineage=uuid.UUID(data["called_lineage"]) if data["called_lineage"] else None,
            acting_user=request.user,
            expected_revision=data["revision"],
        )
    except DomainError as error:
        _refuse(form, error)
        return False
    messages.success(request, _("The step was saved."))
    return True


def _page_of(obj_id, model, **_kwargs) -> str:
    name = "handbook:detail" if model is Process else "handbook:document"
    return reverse(name, kwargs={"obj_id": obj_id})


@login_required
@post_only(_page_of)
def move(request, obj_id, model):
    obj = _get(model, request, obj_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Nothing was changed; try again."))
        return redirect(_url(obj))
    try:
        moved = services.move(
            obj=obj,
            to_status=form.cleaned_data["to_status"],
            acting_user=request.user,
            expected_revision=form.cleaned_data["revision"],
            comment=form.cleaned_data["comment"],
        )
    except (DomainError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("The version is now %(status)s.") % {"status": moved.get_status_display().lower()},
        )
    return redirect(_url(obj))


@login_required
@post_only(_page_of)
def new_version(request, obj_id, model):
    obj = _get(model, request, obj_id)
    try:
        copy = services.new_version(obj=obj, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_url(obj))
    messages.success(
        request, _("Version %(version)s was started as a draft.") % {"version": copy.version}
    )
    return redirect(_url(copy))


@login_required
def compare(request, obj_id, model):
    newer = _get(model, request, obj_id)
    versions = _visible(model, request.user).filter(lineage=newer.lineage).exclude(pk=newer.pk)
    older = selectors.by_id(versions, request.GET.get("with", ""))
    if older is None:
        older = versions.filter(version__lt=newer.version).order_by("-version").first()
    comparison = selectors.compare(older, newer) if older else None
    if older and older.version > newer.version:
        comparison = selectors.compare(newer, older)
    return render(
        request,
        "handbook/compare.html",
        {"obj": newer, "comparison": comparison, "versions": versions, "back": _url(newer)},
    )


def _refuse(form, error: DomainError) -> None:
    """Show a refused write on the form; the user's input stays in it."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _message(error: Exception) -> str:
    return error.message if isinstance(error, DomainError) else str(error)


@login_required
@post_only(lambda obj_id: reverse("handbook:detail", kwargs={"obj_id": obj_id}))
def note_pin(request, obj_id):
    process = _get(Process, request, obj_id)
    summary = selectors.diagram_summary(process)
    form = NoteForm(request.POST, steps=summary.tasks if summary else [], county=process.county)
    if form.is_valid():
        try:
            services.note_pin(
                process=process,
                element_id=form.cleaned_data["element_id"],
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                acting_user=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The development note was pinned."))
    else:
        messages.error(request, _("Describe the development need."))
    return redirect(_url(process) + "#notes")


@login_required
@post_only("handbook:index")
def note_update(request, note_id):
    note = DevelopmentNote.objects.filter(pk=note_id).select_related("process").first()
    if note is None or not _visible(Process, request.user).filter(pk=note.process_id).exists():
        raise Http404
    form = NoteStatusForm(request.POST, county=note.process.county, prefix=f"note-{note.pk}")
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Nothing was changed; try again."))
    else:
        try:
            services.note_update(
                note=note,
                status=form.cleaned_data["status"],
                owner=form.cleaned_data["owner"],
                acting_user=request.user,
                expected_revision=form.cleaned_data["revision"],
            )
        except (DomainError, PermissionDenied) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("The development note was updated."))
    return redirect(_url(note.process) + "#notes")


# --- Documents ---


@login_required
def documents(request):
    query = _search_words(request)
    listed = (
        selectors.search(request.user, query)[1]
        if query
        else selectors.documents_visible_to(request.user)
    )
    return render(
        request,
        "handbook/documents.html",
        {
            "documents": listed,
            "query": query,
            "keeper": permissions.can_edit_handbook(request.user),
        },
    )


@login_required
def document_new(request):
    permissions.require(
        permissions.can_edit_handbook(request.user),
        _("Only the handbook's keepers can add documents."),
    )
    return _document_form(request, None)


@login_required
def document_edit(request, obj_id):
    document = _get(Document, request, obj_id)
    permissions.require(
        permissions.can_edit_handbook(request.user),
        _("Only the handbook's keepers can edit documents."),
    )
    return _document_form(request, document)


def _document_form(request, document):
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=document,
        county=request.user.county,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload, revision, token = data.pop("file"), data.pop("revision"), data.pop("once")
        try:
            if document is None:
                with once.spending(token, request.user) as result:
                    document = services.document_create(
                        county=request.user.county, acting_user=request.user, upload=upload, **data
                    )
                    result.url = _url(document)
            else:
                services.document_update(
                    document=document,
                    acting_user=request.user,
                    expected_revision=revision,
                    upload=upload,
                    **data,
                )
        except once.Spent as spent:
            return once.already_sent(request, spent.url, reverse("handbook:index"))
        except DomainError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("The document was saved."))
            return redirect(_url(document))
    return render(
        request,
        "handbook/document_edit.html",
        {"document": document, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def document(request, obj_id):
    found = _get(Document, request, obj_id)
    processes = selectors.processes_visible_to(request.user).filter(
        documents__lineage=found.lineage
    ) | selectors.processes_visible_to(request.user).filter(
        task_mappings__documents__lineage=found.lineage
    )
    return render(
        request,
        "handbook/document.html",
        {**_common(request, found), "document": found, "processes": processes.distinct()},
    )


@login_required
def document_file(request, obj_id):
    found = _get(Document, request, obj_id)
    if not found.file_content:
        raise Http404
    response = _inert(HttpResponse(bytes(found.file_content), content_type=found.file_type))
    response["Content-Disposition"] = f'attachment; filename="{safe_file_name(found.file_name)}"'
    return response


def _inert(response: HttpResponse) -> HttpResponse:
    """Files that keepers upload (XML can carry XHTML and script) never run as a page."""
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
