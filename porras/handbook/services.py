from django.db import transaction
from django.utils.translation import gettext as _

from porras.core.errors import DomainError
from porras.handbook import bpmn
from porras.handbook.models import Diagram, Process


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
