"""Writes to the process handbook: import, editing drafts, the approval path, new versions,
linked documents and development notes. Every write leaves who-did-what behind (the
approval records, created_by), and every change to a version is checked against the
revision the editor saw, so two keepers never silently overwrite each other."""

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from porras.core import clock
from porras.core.errors import ConflictError, DomainError
from porras.eventlog.activities import Activity
from porras.handbook import bpmn
from porras.handbook.models import (
    ApprovalRecord,
    DevelopmentNote,
    Diagram,
    Document,
    NoteStatus,
    Process,
    ProcessStatus,
    TaskMapping,
    Versioned,
)
from porras.handbook.selectors import QPR_FIELDS, settings_for, step_limit_findings
from porras.people import permissions
from porras.people.models import Role, Worker

MAX_DOCUMENT_BYTES = 10 * 2**20
PROCESS_FIELDS = ("title", "level", "parent", "owner", *QPR_FIELDS)
DOCUMENT_FIELDS = ("title", "kind", "owner", "description", "reference", "url", "body")
# Which status may follow which, and who takes the step (see `_may_move`).
TRANSITIONS = {
    ProcessStatus.DRAFT: {ProcessStatus.CHECKED},
    ProcessStatus.CHECKED: {ProcessStatus.APPROVED, ProcessStatus.DRAFT},
    ProcessStatus.APPROVED: {ProcessStatus.PUBLISHED, ProcessStatus.DRAFT},
    ProcessStatus.PUBLISHED: {ProcessStatus.RETIRED},
    ProcessStatus.RETIRED: set(),
}
IN_PREPARATION = (ProcessStatus.DRAFT, ProcessStatus.CHECKED, ProcessStatus.APPROVED)


def _require_keeper(user: Worker) -> None:
    permissions.require(
        permissions.can_edit_handbook(user),
        _("Only the process owner, the quality manager or an administrator can edit the handbook."),
    )


def _locked(obj, expected_revision: int | None, conflict_message=None):
    """The row locked for update, refused when it moved past the revision the user saw."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_revision is not None and current.revision != expected_revision:
        raise ConflictError(
            conflict_message
            or _(
                "Someone else changed this version while you were editing it. Your changes "
                "were not saved; look at the current version and make them again."
            )
        )
    return current


def _require_draft(obj: Versioned) -> None:
    if not obj.is_editable:
        raise DomainError(
            _(
                "Only a draft can be changed. A published version stays as it is: "
                "start a new version."
            )
        )


def _touch(obj: Versioned) -> None:
    obj.revision += 1
    obj.save()


# --- Processes and their diagrams ---


def _diagram_fields(content: bytes) -> dict:
    try:
        summary = bpmn.read(content)
    except bpmn.BpmnError as error:
        raise DomainError(str(error), field="file") from None
    if not any(e.type == "process" for e in summary.elements):
        raise DomainError(_("The BPMN file has no process."), field="file")
    return {
        "content": content,
        "element_count": len(summary.elements),
        "step_names": "\n".join(t.name for t in summary.tasks if t.name),
        "summary": summary,
    }


def process_import(
    *, county, content: bytes, title: str = "", file_name: str = "", acting_user=None
) -> Process:
    """Create a draft process description from a BPMN 2.0 file made by any tool. The file
    is kept byte for byte, so export gives back exactly what came in."""
    if acting_user is not None:
        _require_keeper(acting_user)
    fields = _diagram_fields(content)
    summary = fields.pop("summary")
    title = (title or summary.name or file_name or _("Imported process")).strip()[:200]
    with transaction.atomic():
        process = Process.objects.create(county=county, title=title, created_by=acting_user)
        Diagram.objects.create(process=process, file_name=file_name[:200], **fields)
    return process


def process_create(*, county, title: str, level: str, acting_user: Worker) -> Process:
    """A new process description with an empty diagram to draw in the modeler."""
    _require_keeper(acting_user)
    title = title.strip()
    if not title:
        raise DomainError(_("Give the process a name."), field="title")
    with transaction.atomic():
        process = Process.objects.create(
            county=county, title=title[:200], level=level, created_by=acting_user
        )
        content = bpmn.blank(process_name=title, process_id=f"Process_{process.pk.hex[:8]}")
        fields = _diagram_fields(content)
        fields.pop("summary")
        Diagram.objects.create(process=process, file_name="", **fields)
    return process


def process_export(*, process: Process) -> bytes:
    return bytes(process.diagram.content)


def process_update(
    *,
    process: Process,
    acting_user: Worker,
    expected_revision: int | None,
    documents=None,
    **fields,
) -> Process:
    """Change the description of a draft: the QPR fields, level, parent, owner, documents."""
    _require_keeper(acting_user)
    unknown = set(fields) - set(PROCESS_FIELDS)
    if unknown:
        raise ValueError(f"not process fields: {sorted(unknown)}")
    parent = fields.get("parent")
    if parent is not None and (
        parent.county_id != process.county_id or parent.lineage == process.lineage
    ):
        raise DomainError(_("A process cannot be a part of itself."), field="parent")
    owner = fields.get("owner")
    if owner is not None and (
        owner.county_id != process.county_id or owner.role != Role.PROCESS_OWNER
    ):
        raise DomainError(_("The owner must be a process owner of this county."), field="owner")
    with transaction.atomic():
        current = _locked(process, expected_revision)
        _require_draft(current)
        for name, value in fields.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if not current.title:
            raise DomainError(_("Give the process a name."), field="title")
        _touch(current)
        if documents is not None:
            _check_documents(current, documents)
            current.documents.set(documents)
    return current


def _check_documents(process: Process, documents) -> None:
    if any(document.county_id != process.county_id for document in documents):
        raise DomainError(_("Only this county's documents can be linked."), field="documents")


def diagram_save(
    *, process: Process, content: bytes, acting_user: Worker, expected_revision: int | None
) -> Process:
    """Save the diagram drawn in the modeler. Mappings of tasks that are gone are dropped."""
    _require_keeper(acting_user)
    fields = _diagram_fields(content)
    summary = fields.pop("summary")
    with transaction.atomic():
        current = _locked(process, expected_revision)
        _require_draft(current)
        Diagram.objects.update_or_create(process=current, defaults=fields)
        task_ids = {task.id for task in summary.tasks}
        current.task_mappings.exclude(element_id__in=task_ids).delete()
        _touch(current)
    return current


def task_map(
    *,
    process: Process,
    element_id: str,
    activity: str = "",
    performer_role: str = "",
    documents=(),
    called_lineage=None,
    acting_user=None,
    expected_revision: int | None = None,
) -> TaskMapping | None:
    """Name what a task of the diagram documents: the event log's activity code, the role
    that performs it, the documents used in it and the sub-process that details it."""
    if acting_user is not None:
        _require_keeper(acting_user)
    if activity and activity not in Activity.values:
        raise DomainError(_("Unknown activity code."), field="activity")
    if performer_role and performer_role not in Role.values:
        raise DomainError(_("Unknown role."), field="performer_role")
    with transaction.atomic():
        current = _locked(process, expected_revision)
        _require_draft(current)
        summary = bpmn.read(bytes(current.diagram.content))
        if element_id not in {task.id for task in summary.tasks}:
            raise DomainError(_("The diagram has no task with this id."), field="element_id")
        _check_documents(current, documents)
        if called_lineage is not None and called_lineage == current.lineage:
            raise DomainError(_("A step cannot call its own process."), field="called_lineage")
        _touch(current)
        if not (activity or performer_role or documents or called_lineage):
            current.task_mappings.filter(element_id=element_id).delete()
            return None
        mapping, _created = TaskMapping.objects.update_or_create(
            process=current,
            element_id=element_id,
            defaults={
                "activity": activity,
                "performer_role": performer_role,
                "called_lineage": called_lineage,
            },
        )
        mapping.documents.set(documents)
    return mapping


# --- The approval path, shared by processes and documents ---


def may_move(user: Worker, obj: Versioned, to_status: str) -> bool:
    if to_status == ProcessStatus.CHECKED:
        return permissions.can_check_handbook(user)
    if to_status == ProcessStatus.DRAFT:
        return permissions.can_check_handbook(user) or permissions.can_approve_handbook(
            user, obj.owner_id
        )
    return permissions.can_approve_handbook(user, obj.owner_id)


def _approval_blockers(obj: Versioned) -> list[str]:
    """Why a process version cannot be approved yet (empty when it can)."""
    if not isinstance(obj, Process):
        return []
    blockers = [f.message for f in step_limit_findings(obj, settings_for(obj.county)) if not f.ok]
    documents = set(obj.documents.all())
    for mapping in obj.task_mappings.prefetch_related("documents"):
        documents.update(mapping.documents.all())
    pending = sorted(
        d.title
        for d in documents
        if d.status not in (ProcessStatus.APPROVED, ProcessStatus.PUBLISHED)
    )
    if pending:
        blockers.append(
            _("These linked documents are not approved yet: %(titles)s.")
            % {"titles": ", ".join(pending)}
        )
    return blockers


def move(
    *,
    obj: Versioned,
    to_status: str,
    acting_user: Worker,
    expected_revision: int | None,
    comment: str = "",
) -> Versioned:
    """Take one step on the approval path: draft → checked (quality manager) → approved
    (process owner) → published (process owner) → retired; a checked or approved version
    can be returned to draft with a comment. Publishing retires the earlier published
    version of the same process or document."""
    with transaction.atomic():
        current = _locked(obj, expected_revision)
        if to_status not in TRANSITIONS[current.status]:
            raise DomainError(
                _("A version that is %(status)s cannot become %(target)s.")
                % {
                    "status": current.get_status_display().lower(),
                    "target": ProcessStatus(to_status).label.lower(),
                }
            )
        permissions.require(
            may_move(acting_user, current, to_status),
            _(
                "The quality manager checks a version; its process owner approves, "
                "publishes and retires it."
            ),
        )
        if to_status == ProcessStatus.DRAFT and not comment.strip():
            raise DomainError(_("Say what should be corrected."), field="comment")
        if to_status == ProcessStatus.APPROVED:
            blockers = _approval_blockers(current)
            if blockers:
                raise DomainError(" ".join(blockers))
        now = clock.now()
        if to_status == ProcessStatus.PUBLISHED:
            earlier = type(current).objects.filter(
                lineage=current.lineage, status=ProcessStatus.PUBLISHED
            )
            for old in earlier.select_for_update():
                _record(
                    old,
                    ProcessStatus.RETIRED,
                    acting_user,
                    now,
                    _("Replaced by version %(version)s.") % {"version": current.version},
                )
                old.status = ProcessStatus.RETIRED
                _touch(old)
        _record(current, to_status, acting_user, now, comment.strip())
        current.status = to_status
        _touch(current)
    return current


def _record(obj: Versioned, to_status: str, actor: Worker, at, comment: str) -> None:
    target = {"process": obj} if isinstance(obj, Process) else {"document": obj}
    ApprovalRecord.objects.create(
        **target, from_status=obj.status, to_status=to_status, actor=actor, at=at, comment=comment
    )


def new_version(*, obj: Versioned, acting_user: Worker) -> Versioned:
    """Start the next version as a draft, a copy of this one (diagram, mappings, links)."""
    _require_keeper(acting_user)
    model = type(obj)
    with transaction.atomic():
        versions = model.objects.select_for_update().filter(lineage=obj.lineage)
        open_version = versions.filter(status__in=IN_PREPARATION).first()
        if open_version is not None:
            raise DomainError(
                _("Version %(version)s is already being prepared: continue with it.")
                % {"version": open_version.version}
            )
        latest = versions.aggregate(latest=Max("version"))["latest"]
        source = model.objects.get(pk=obj.pk)
        copy = model.objects.get(pk=obj.pk)
        copy.pk = None
        copy._state.adding = True
        copy.version = latest + 1
        copy.status = ProcessStatus.DRAFT
        copy.revision = 0
        copy.created_by = acting_user
        copy.save()
        if isinstance(source, Process):
            _copy_process_parts(source, copy)
    return copy


def _copy_process_parts(source: Process, copy: Process) -> None:
    copy.documents.set(source.documents.all())
    if hasattr(source, "diagram"):
        diagram = source.diagram
        diagram.pk = None
        diagram.process = copy
        diagram.save()
    for mapping in source.task_mappings.prefetch_related("documents"):
        documents = list(mapping.documents.all())
        mapping.pk = None
        mapping.process = copy
        mapping.save()
        mapping.documents.set(documents)


# --- Documents ---


def _file_fields(upload) -> dict:
    if upload is None:
        return {}
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DomainError(_("The file is too large (at most 10 MB)."), field="file")
    content = upload.read()
    return {
        "file_content": content,
        "file_name": upload.name[:200],
        "file_type": (getattr(upload, "content_type", "") or "application/octet-stream")[:100],
        "file_sha256": hashlib.sha256(content).hexdigest(),
    }


def document_create(*, county, acting_user: Worker, upload=None, **fields) -> Document:
    _require_keeper(acting_user)
    if not fields.get("title", "").strip():
        raise DomainError(_("Give the document a name."), field="title")
    with transaction.atomic():
        return Document.objects.create(
            county=county, created_by=acting_user, **fields, **_file_fields(upload)
        )


def document_update(
    *, document: Document, acting_user: Worker, expected_revision: int | None, upload=None, **fields
) -> Document:
    _require_keeper(acting_user)
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"not document fields: {sorted(unknown)}")
    with transaction.atomic():
        current = _locked(document, expected_revision)
        _require_draft(current)
        for name, value in {**fields, **_file_fields(upload)}.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if not current.title:
            raise DomainError(_("Give the document a name."), field="title")
        _touch(current)
    return current


# --- Development notes (muistilaput) ---


def note_pin(
    *, process: Process, element_id: str, text: str, acting_user: Worker, owner=None
) -> DevelopmentNote:
    """Pin a development need to a step (or to the whole process when no step is named).
    Anyone who reads the process may pin one: needs are found where the work is done."""
    text = text.strip()
    if not text:
        raise DomainError(_("Describe the development need."), field="text")
    element_name = ""
    if element_id:
        summary = bpmn.read(bytes(process.diagram.content)) if hasattr(process, "diagram") else None
        element = summary.container(element_id) if summary else None
        if element is None:
            raise DomainError(_("The diagram has no step with this id."), field="element_id")
        element_name = element.name or element.id
    with transaction.atomic():
        return DevelopmentNote.objects.create(
            process=process,
            lineage=process.lineage,
            element_id=element_id,
            element_name=element_name[:300],
            text=text,
            owner=owner,
            created_by=acting_user,
            created_at=clock.now(),
        )


def note_update(
    *, note: DevelopmentNote, status: str, owner, acting_user: Worker, expected_revision: int | None
) -> DevelopmentNote:
    permissions.require(
        permissions.can_edit_handbook(acting_user)
        or acting_user.pk in (note.owner_id, note.created_by_id),
        _("Only the handbook's keepers, the note's writer or its responsible can change it."),
    )
    if status not in NoteStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    with transaction.atomic():
        current = _locked(
            note,
            expected_revision,
            _("Someone else changed this note just now. Look at it again and retry."),
        )
        current.status = status
        current.owner = owner
        current.revision += 1
        current.save()
    return current
