from django.db import transaction
from django.utils.translation import gettext as _

from porras.core.errors import DomainError
from porras.eventlog.activities import Activity
from porras.handbook import bpmn
from porras.handbook.models import Diagram, Process, ProcessStatus, TaskMapping


def process_import(
    *, county, content: bytes, title: str = "", file_name: str = "", acting_user=None
) -> Process:
    """Create a draft process description from a BPMN 2.0 file made by any tool."""
    try:
        summary = bpmn.read(content)
    except bpmn.BpmnError as error:
        raise DomainError(str(error), field="file") from None
    title = (title or summary.name or file_name or _("Imported process")).strip()[:200]
    with transaction.atomic():
        process = Process.objects.create(county=county, title=title, created_by=acting_user)
        Diagram.objects.create(
            process=process,
            content=content,
            file_name=file_name[:200],
            element_count=len(summary.elements),
        )
    return process


def process_export(*, process: Process) -> bytes:
    return bytes(process.diagram.content)


def task_map(
    *, process: Process, element_id: str, activity: str, performer_role: str = "", acting_user=None
) -> TaskMapping:
    """Name the activity code (and performer) a task of the diagram documents."""
    if process.status in (ProcessStatus.PUBLISHED, ProcessStatus.RETIRED):
        raise DomainError(_("A published version cannot be changed: start a new version."))
    if activity not in Activity.values:
        raise DomainError(_("Unknown activity code."), field="activity")
    summary = bpmn.read(bytes(process.diagram.content))
    if element_id not in {task.id for task in summary.tasks}:
        raise DomainError(_("The diagram has no task with this id."), field="element_id")
    mapping, _created = TaskMapping.objects.update_or_create(
        process=process,
        element_id=element_id,
        defaults={"activity": activity, "performer_role": performer_role},
    )
    return mapping
