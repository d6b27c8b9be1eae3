from django.db.models import QuerySet

from porras.handbook import bpmn
from porras.handbook.models import Process, ProcessStatus
from porras.people import permissions


def processes_visible_to(user) -> QuerySet[Process]:
    """Published processes for all staff; every version for the handbook's keepers."""
    processes = Process.objects.filter(county_id=user.county_id)
    if not permissions.can_read_handbook_drafts(user):
        processes = processes.filter(status=ProcessStatus.PUBLISHED)
    return processes.select_related("owner")


def diagram_summary(process: Process) -> bpmn.ModelSummary | None:
    if not hasattr(process, "diagram"):
        return None
    return bpmn.read(bytes(process.diagram.content))
