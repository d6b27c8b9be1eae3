"""Reading BPMN 2.0 files safely, and what a model contains.

Files from other tools are kept byte for byte (export gives back exactly what was
imported, layout and vendor extensions included); parsing only reads them, with
defusedxml, so entity expansion and external entities are refused.
"""

from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

MODEL_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
MAX_BYTES = 5 * 2**20
TASK_TYPES = frozenset(
    {
        "task",
        "userTask",
        "manualTask",
        "serviceTask",
        "sendTask",
        "receiveTask",
        "scriptTask",
        "businessRuleTask",
        "callActivity",
        "subProcess",
    }
)


class BpmnError(ValueError):
    """The file is not a BPMN 2.0 model Porras can keep (the message says why, in Finnish)."""


@dataclass(frozen=True)
class Element:
    id: str
    type: str
    name: str


@dataclass(frozen=True)
class ModelSummary:
    name: str
    elements: tuple[Element, ...]
    shapes: frozenset[str]  # ids of the elements drawn in the diagram (BPMNShape/BPMNEdge)

    @property
    def tasks(self) -> list[Element]:
        return [e for e in self.elements if e.type in TASK_TYPES]

    def element_set(self) -> set[tuple[str, str]]:
        return {(e.id, e.type) for e in self.elements}


def read(content: bytes) -> ModelSummary:
    if len(content) > MAX_BYTES:
        raise BpmnError(_("The BPMN file is too large (at most 5 MB)."))
    try:
        root = SafeET.fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise BpmnError(
            _(
                "The file declares a document type or entities, which are not "
                "accepted for security reasons."
            )
        ) from None
    except SafeET.ParseError as error:
        raise BpmnError(
            _("The file is not well-formed XML: %(error)s") % {"error": error}
        ) from None
    if root.tag != f"{{{MODEL_NS}}}definitions":
        raise BpmnError(_("The file is not a BPMN 2.0 model (its root is not bpmn:definitions)."))
    elements = []
    shapes = set()
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        namespace, _sep, local = node.tag[1:].partition("}")
        if namespace == MODEL_NS and node.get("id") and node is not root:
            elements.append(Element(node.get("id"), local, node.get("name") or ""))
        elif namespace == DI_NS and local in ("BPMNShape", "BPMNEdge") and node.get("bpmnElement"):
            shapes.add(node.get("bpmnElement"))
    return ModelSummary(root.get("name") or "", tuple(elements), frozenset(shapes))
