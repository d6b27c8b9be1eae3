"""Reads of the process handbook: what a user may see, the step limits, version comparison
and search."""

import uuid
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from porras.core.textdiff import FieldChange, word_diff
from porras.handbook import bpmn
from porras.handbook.models import (
    DevelopmentNote,
    Document,
    HandbookSettings,
    Process,
    ProcessLevel,
    ProcessStatus,
    Versioned,
)
from porras.people import permissions

QPR_FIELDS = (
    "goal",
    "customers",
    "critical_success_factors",
    "metrics",
    "quality_requirements",
    "inputs",
    "actors",
    "outputs",
    "information_systems",
    "support_material",
)
DOCUMENT_TEXT_FIELDS = ("kind", "description", "reference", "url", "body", "file_name")


def _visible(model, user) -> QuerySet:
    rows = model.objects.filter(county_id=user.county_id)
    if not permissions.can_read_handbook_drafts(user):
        rows = rows.filter(status=ProcessStatus.PUBLISHED)
    return rows.select_related("owner")


def processes_visible_to(user) -> QuerySet[Process]:
    """Published processes for all staff; every version for the handbook's keepers."""
    return _visible(Process, user)


def documents_visible_to(user) -> QuerySet[Document]:
    return _visible(Document, user)


def by_id(rows: QuerySet, raw_id: str):
    """The row with this id, or None when there is none or the id is malformed."""
    try:
        return rows.filter(pk=uuid.UUID(str(raw_id))).first()
    except ValueError:
        return None


def settings_for(county) -> HandbookSettings:
    return HandbookSettings.objects.filter(county=county).first() or HandbookSettings(county=county)


def diagram_summary(process: Process) -> bpmn.ModelSummary | None:
    if not hasattr(process, "diagram"):
        return None
    return bpmn.read(bytes(process.diagram.content))


def versions_of(obj: Versioned) -> QuerySet:
    return type(obj).objects.filter(lineage=obj.lineage).order_by("-version")


def in_force(rows) -> dict:
    """Each lineage's version to show: the published one, else the newest."""
    found: dict = {}
    for row in sorted(rows, key=lambda r: -r.version):
        kept = found.get(row.lineage)
        if kept is None or (
            row.status == ProcessStatus.PUBLISHED and kept.status != ProcessStatus.PUBLISHED
        ):
            found[row.lineage] = row
    return found


def current_versions(model, lineages, *, user=None) -> dict:
    """The version to show for each lineage, so a link to a process or document always
    lands on what is in force (drafts only for the handbook's keepers)."""
    rows = model.objects.filter(lineage__in=[lineage for lineage in lineages if lineage])
    if user is not None:
        rows = rows.filter(county_id=user.county_id)
    if user is None or not permissions.can_read_handbook_drafts(user):
        rows = rows.filter(status=ProcessStatus.PUBLISHED)
    return in_force(rows)


def notes_for(process: Process) -> QuerySet[DevelopmentNote]:
    return DevelopmentNote.objects.filter(lineage=process.lineage).select_related(
        "owner", "created_by", "process"
    )


# --- The step limits of the QPR guidance ---


@dataclass(frozen=True)
class StepFinding:
    message: str
    ok: bool


def step_limit_findings(process: Process, settings: HandbookSettings) -> list[StepFinding]:
    """How many steps each part of the diagram has against the county's limits: a main
    process 4–6 steps on its first page, every sub-process at most 16 (by default)."""
    summary = diagram_summary(process)
    if summary is None:
        return [StepFinding(_("The process has no diagram."), False)]
    findings = []
    for container_id, steps in summary.steps_by_container().items():
        container = summary.container(container_id)
        name = container.name or container.id
        count = len(steps)
        top_level = container.type == "process"
        if top_level and process.level == ProcessLevel.MAIN:
            low, high = settings.main_min_steps, settings.main_max_steps
            ok = low <= count <= high
            limit = _("%(low)s–%(high)s steps") % {"low": low, "high": high}
        else:
            ok = count <= settings.sub_max_steps
            limit = _("at most %(high)s steps") % {"high": settings.sub_max_steps}
        if top_level and not count and len(summary.steps_by_container()) > 1:
            continue  # a pool with no tasks of its own (e.g. the client's black-box pool)
        steps_text = ngettext("%(count)s step", "%(count)s steps", count) % {"count": count}
        findings.append(StepFinding(f"{name}: {steps_text} ({limit})", ok))
    return findings


# --- Comparing two versions ---


@dataclass
class Comparison:
    older: Versioned
    newer: Versioned
    fields: list[FieldChange] = field(default_factory=list)
    steps_added: list[str] = field(default_factory=list)
    steps_removed: list[str] = field(default_factory=list)
    steps_renamed: list[tuple[str, str]] = field(default_factory=list)
    mappings_changed: list[str] = field(default_factory=list)
    file_changed: bool = False

    @property
    def identical(self) -> bool:
        return not (
            self.fields
            or self.steps_added
            or self.steps_removed
            or self.steps_renamed
            or self.mappings_changed
            or self.file_changed
        )


def _display(obj, name: str) -> str:
    value = getattr(obj, name)
    if hasattr(obj, f"get_{name}_display"):
        return str(getattr(obj, f"get_{name}_display")())
    return "" if value is None else str(value)


def compare(older: Versioned, newer: Versioned) -> Comparison:
    """What changed from one version to another: texts word by word, the diagram's steps,
    the steps' mappings and, for documents, the attached file."""
    comparison = Comparison(older, newer)
    if isinstance(older, Process):
        names = ("title", "level", "owner", "parent", *QPR_FIELDS)
    else:
        names = ("title", "owner", *DOCUMENT_TEXT_FIELDS)
    for name in names:
        before, after = _display(older, name), _display(newer, name)
        if before != after:
            label = str(type(older)._meta.get_field(name).verbose_name).capitalize()
            comparison.fields.append(FieldChange(label, word_diff(before, after)))
    if isinstance(older, Process):
        _compare_steps(older, newer, comparison)
    else:
        comparison.file_changed = older.file_sha256 != newer.file_sha256
    return comparison


def _compare_steps(older: Process, newer: Process, comparison: Comparison) -> None:
    def steps(process):
        summary = diagram_summary(process)
        return {t.id: t.name or t.id for t in summary.tasks} if summary else {}

    def mappings(process):
        return {
            m.element_id: (
                m.get_activity_display(),
                m.get_performer_role_display(),
                tuple(sorted(d.title for d in m.documents.all())),
                m.called_lineage,
            )
            for m in process.task_mappings.prefetch_related("documents")
        }

    before, after = steps(older), steps(newer)
    comparison.steps_added = [after[i] for i in after if i not in before]
    comparison.steps_removed = [before[i] for i in before if i not in after]
    comparison.steps_renamed = [
        (before[i], after[i]) for i in after if i in before and before[i] != after[i]
    ]
    old_maps, new_maps = mappings(older), mappings(newer)
    comparison.mappings_changed = [
        after.get(i, i)
        for i in sorted(set(old_maps) | set(new_maps))
        if old_maps.get(i) != new_maps.get(i) and i in after
    ]


# --- Search ---


def search(user, query: str) -> tuple[QuerySet[Process], QuerySet[Document]]:
    """Processes and documents whose texts (step names included) contain every word."""
    processes, documents = processes_visible_to(user), documents_visible_to(user)
    for word in query.split():
        process_q = Q(title__icontains=word) | Q(diagram__step_names__icontains=word)
        for name in QPR_FIELDS:
            process_q |= Q(**{f"{name}__icontains": word})
        processes = processes.filter(process_q)
        documents = documents.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(reference__icontains=word)
            | Q(body__icontains=word)
        )
    return processes.distinct(), documents.distinct()


# --- The keepers' worklist on the front page ---


@dataclass
class Worklist:
    to_check: list = field(default_factory=list)
    to_approve: list = field(default_factory=list)
    to_publish: list = field(default_factory=list)
    open_notes: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.to_check or self.to_approve or self.to_publish or self.open_notes)


def worklist(user) -> Worklist:
    """What waits for this keeper on the approval path, and the open development notes of
    the processes they own."""
    found = Worklist()
    if not permissions.can_read_handbook_drafts(user):
        return found
    waiting = []
    for model in (Process, Document):
        waiting += model.objects.filter(
            county_id=user.county_id,
            status__in=(ProcessStatus.DRAFT, ProcessStatus.CHECKED, ProcessStatus.APPROVED),
        )
    for obj in sorted(waiting, key=lambda o: o.title):
        if obj.status == ProcessStatus.DRAFT and permissions.can_check_handbook(user):
            found.to_check.append(obj)
        elif permissions.can_approve_handbook(user, obj.owner_id):
            if obj.status == ProcessStatus.CHECKED:
                found.to_approve.append(obj)
            elif obj.status == ProcessStatus.APPROVED:
                found.to_publish.append(obj)
    notes = DevelopmentNote.objects.filter(
        process__county_id=user.county_id, status__in=("open", "in_progress")
    ).select_related("process")
    if user.role != "admin":
        notes = notes.filter(Q(process__owner=user) | Q(owner=user))
    found.open_notes = list(notes[:20])
    return found


# --- The handbook's contents as a tree ---


@dataclass
class TreeRow:
    process: Process
    depth: int
    in_preparation: list  # newer versions being prepared (shown to keepers)


LEVEL_ORDER = {ProcessLevel.MAIN: 0, ProcessLevel.CHAIN: 1, ProcessLevel.SUB: 2}


def contents(user) -> list[TreeRow]:
    """One row per process, the version in force (or the newest draft), main processes first
    with their sub-processes beneath them."""
    visible = list(processes_visible_to(user).select_related("parent").order_by("-version"))
    shown = in_force(visible)
    preparing: dict = {lineage: [] for lineage in shown}
    for process in visible:
        if process.version > shown[process.lineage].version:
            preparing[process.lineage].append(process)
    children: dict = {}
    for process in shown.values():
        parent = process.parent.lineage if process.parent else None
        children.setdefault(parent if parent in shown else None, []).append(process)

    rows: list[TreeRow] = []

    def add(process, depth):
        rows.append(TreeRow(process, depth, preparing[process.lineage]))
        for child in sorted(children.get(process.lineage, []), key=lambda p: p.title):
            add(child, depth + 1)

    for root in sorted(children.get(None, []), key=lambda p: (LEVEL_ORDER[p.level], p.title)):
        add(root, 0)
    return rows
