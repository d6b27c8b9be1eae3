"""Reading BPMN 2.0 files safely, and what a model contains.

Files from other tools are kept byte for byte (export gives back exactly what was
imported, layout and vendor extensions included); parsing only reads them, with
defusedxml, so entity expansion and external entities are refused.
"""

import itertools
from dataclasses import dataclass
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

MODEL_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
MAX_BYTES = 5 * 2**20
# Checked by a streaming pass before any tree is built: a model of a real process has
# a few thousand elements at most, and nests a few levels.
MAX_ELEMENTS = 20_000
MAX_DEPTH = 64
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


CONTAINER_TYPES = frozenset({"process", "subProcess", "adHocSubProcess", "transaction"})


class BpmnError(ValueError):
    """The file is not a BPMN 2.0 model Porras can keep (the message says why, in Finnish)."""


@dataclass(frozen=True)
class Element:
    id: str
    type: str
    name: str
    container: str = ""  # id of the process or sub-process the element belongs to


@dataclass(frozen=True)
class ModelSummary:
    name: str
    elements: tuple[Element, ...]
    shapes: frozenset[str]  # ids of the elements drawn in the diagram (BPMNShape/BPMNEdge)
    flows: tuple[tuple[str, str], ...] = ()  # sequence flows: (source id, target id)

    @property
    def tasks(self) -> list[Element]:
        return [e for e in self.elements if e.type in TASK_TYPES]

    def element_set(self) -> set[tuple[str, str]]:
        return {(e.id, e.type) for e in self.elements}

    def steps_by_container(self) -> dict[str, list[Element]]:
        """The tasks of each process and sub-process: the steps the QPR limits count."""
        containers = {e.id: [] for e in self.elements if e.type in CONTAINER_TYPES}
        for task in self.tasks:
            if task.container in containers:
                containers[task.container].append(task)
        return containers

    def container(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)


def _check_shape(content: bytes) -> None:
    """Count elements and depth with expat, stopping at the first excess (no tree, no DTD)."""
    parser = expat.ParserCreate()
    depth = count = 0

    def start(_name, _attributes):
        nonlocal depth, count
        depth += 1
        count += 1
        if depth > MAX_DEPTH:
            raise BpmnError(
                _("The model nests elements more than %(max)s levels deep.") % {"max": MAX_DEPTH}
            )
        if count > MAX_ELEMENTS:
            raise BpmnError(
                _("The model has more than %(max)s elements: it is not a process description.")
                % {"max": MAX_ELEMENTS}
            )

    def end(_name):
        nonlocal depth
        depth -= 1

    def doctype(*_args):
        raise BpmnError(
            _(
                "The file declares a document type or entities, which are not "
                "accepted for security reasons."
            )
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(content, True)
    except expat.ExpatError as error:
        raise BpmnError(
            _("The file is not well-formed XML: %(error)s") % {"error": error}
        ) from None


def read(content: bytes) -> ModelSummary:
    if len(content) > MAX_BYTES:
        raise BpmnError(_("The BPMN file is too large (at most 5 MB)."))
    _check_shape(content)
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
    elements: list[Element] = []
    shapes: set[str] = set()
    flows: list[tuple[str, str]] = []

    def walk(node, container: str) -> None:
        for child in node:
            if not isinstance(child.tag, str):
                continue
            namespace, _sep, local = child.tag[1:].partition("}")
            inner = container
            if namespace == MODEL_NS and child.get("id"):
                elements.append(Element(child.get("id"), local, child.get("name") or "", container))
                if local == "sequenceFlow" and child.get("sourceRef") and child.get("targetRef"):
                    flows.append((child.get("sourceRef"), child.get("targetRef")))
                if local in CONTAINER_TYPES:
                    inner = child.get("id")
            elif (
                namespace == DI_NS
                and local in ("BPMNShape", "BPMNEdge")
                and child.get("bpmnElement")
            ):
                shapes.add(child.get("bpmnElement"))
            walk(child, inner)

    walk(root, "")
    return ModelSummary(root.get("name") or "", tuple(elements), frozenset(shapes), tuple(flows))


# --- Drawing simple models: the shipped seed processes and a new, empty diagram ---


@dataclass(frozen=True)
class Node:
    """One node of a drawn process, in the order of the main flow."""

    id: str
    type: str  # startEvent, endEvent, task, userTask, exclusiveGateway, callActivity, …
    name: str = ""
    lane: str = ""
    # A gateway's way out of the main flow: (label of the flow, id of its end, end's name).
    exit: tuple[str, str, str] | None = None


SIZES = {"startEvent": (36, 36), "endEvent": (36, 36), "exclusiveGateway": (50, 50)}
TASK_SIZE = (120, 80)
LANE_HEIGHT, COLUMN, LEFT = 200, 170, 200


def build(
    *,
    definitions_id: str,
    process_id: str,
    name: str,
    nodes: list[Node],
    lanes: list[tuple[str, str]] = (),
) -> bytes:
    """A BPMN 2.0 file with diagram interchange (DI): the nodes left to right, each in its
    lane, joined by sequence flows; gateways branch down to their own end event."""
    lane_row = {lane_id: row for row, (lane_id, _name) in enumerate(lanes)}
    semantic, shapes, edges, flows = [], [], [], []
    bounds = {}
    for column, node in enumerate(nodes):
        width, height = SIZES.get(node.type, TASK_SIZE)
        middle_y = 60 + lane_row.get(node.lane, 0) * LANE_HEIGHT + 80
        x, y = LEFT + column * COLUMN - width // 2, middle_y - height // 2
        bounds[node.id] = (x, y, width, height)
        if node.exit:
            label, end_id, end_name = node.exit
            bounds[end_id] = (x + width // 2 - 18, middle_y + 55, 36, 36)
            flows.append((f"Flow_{node.id}_{end_id}", node.id, end_id, label))
            semantic.append(f'<bpmn:endEvent id="{end_id}" name={quoteattr(end_name)}/>')
    for before, after in itertools.pairwise(nodes):
        flows.append((f"Flow_{before.id}_{after.id}", before.id, after.id, ""))
    for node in nodes:
        semantic.append(f'<bpmn:{node.type} id="{node.id}" name={quoteattr(node.name)}/>')
    for flow_id, source, target, label in flows:
        semantic.append(
            f'<bpmn:sequenceFlow id="{flow_id}" name={quoteattr(label)} '
            f'sourceRef="{source}" targetRef="{target}"/>'
        )
        edges.append(_edge(flow_id, bounds[source], bounds[target], labelled=bool(label)))
    gateways = {node.id for node in nodes if node.type.endswith("Gateway")}
    for element_id, (x, y, width, height) in bounds.items():
        # A gateway's question sits above it: below is where its way out goes.
        label = (
            f'<bpmndi:BPMNLabel><dc:Bounds x="{x - 35}" y="{y - 44}" width="120" height="40"/>'
            "</bpmndi:BPMNLabel>"
            if element_id in gateways
            else ""
        )
        shapes.append(
            f'<bpmndi:BPMNShape id="{element_id}_di" bpmnElement="{element_id}">'
            f'<dc:Bounds x="{x}" y="{y}" width="{width}" height="{height}"/>{label}'
            "</bpmndi:BPMNShape>"
        )
    plane_element, collaboration = process_id, ""
    lane_xml = ""
    if lanes:
        plane_element = f"{process_id}_collaboration"
        pool_width = LEFT + len(nodes) * COLUMN
        pool_height = len(lanes) * LANE_HEIGHT
        collaboration = (
            f'<bpmn:collaboration id="{plane_element}">'
            f'<bpmn:participant id="{process_id}_pool" name={quoteattr(name)} '
            f'processRef="{process_id}"/></bpmn:collaboration>'
        )
        shapes.insert(
            0,
            f'<bpmndi:BPMNShape id="{process_id}_pool_di" bpmnElement="{process_id}_pool" '
            f'isHorizontal="true"><dc:Bounds x="60" y="60" width="{pool_width}" '
            f'height="{pool_height}"/></bpmndi:BPMNShape>',
        )
        members = {lane_id: [] for lane_id, _name in lanes}
        for node in nodes:
            members[node.lane or lanes[0][0]].append(node.id)
            if node.exit:
                members[node.lane or lanes[0][0]].append(node.exit[1])
        lane_xml = (
            "<bpmn:laneSet>"
            + "".join(
                f'<bpmn:lane id="{lane_id}" name={quoteattr(lane_name)}>'
                + "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in members[lane_id])
                + "</bpmn:lane>"
                for lane_id, lane_name in lanes
            )
            + "</bpmn:laneSet>"
        )
        for row, (lane_id, _name) in enumerate(lanes):
            shapes.insert(
                1 + row,
                f'<bpmndi:BPMNShape id="{lane_id}_di" bpmnElement="{lane_id}" isHorizontal="true">'
                f'<dc:Bounds x="90" y="{60 + row * LANE_HEIGHT}" width="{pool_width - 30}" '
                f'height="{LANE_HEIGHT}"/></bpmndi:BPMNShape>',
            )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<bpmn:definitions xmlns:bpmn="{MODEL_NS}" xmlns:bpmndi="{DI_NS}" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
        f'id="{definitions_id}" name={quoteattr(name)} '
        'targetNamespace="https://porras.example/handbook" exporter="Porras" '
        'exporterVersion="1">\n'
        f"{collaboration}\n"
        f'<bpmn:process id="{process_id}" name={quoteattr(name)} isExecutable="false">\n'
        f"{lane_xml}\n" + "\n".join(semantic) + "\n</bpmn:process>\n"
        f'<bpmndi:BPMNDiagram id="{definitions_id}_diagram">'
        f'<bpmndi:BPMNPlane id="{definitions_id}_plane" bpmnElement="{plane_element}">\n'
        + "\n".join(shapes + edges)
        + "\n</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>\n"
    )
    return xml.encode("utf-8")


def _edge(flow_id: str, source: tuple, target: tuple, *, labelled: bool = False) -> str:
    sx, sy, sw, sh = source
    tx, ty, _width, th = target
    if tx == sx + sw // 2 - 18 and ty > sy + sh:  # down to a gateway's own end event
        points = [(sx + sw // 2, sy + sh), (sx + sw // 2, ty)]
    else:
        start, end = (sx + sw, sy + sh // 2), (tx, ty + th // 2)
        middle = (start[0] + end[0]) // 2
        points = [start, (middle, start[1]), (middle, end[1]), end]
        if start[1] == end[1]:
            points = [start, end]
    waypoints = "".join(f'<di:waypoint x="{x}" y="{y}"/>' for x, y in points)
    return (
        f'<bpmndi:BPMNEdge id="{flow_id}_di" bpmnElement="{flow_id}">{waypoints}</bpmndi:BPMNEdge>'
    )


def blank(*, process_name: str, process_id: str) -> bytes:
    """An empty diagram (just a start event) for a process drawn from scratch."""
    return build(
        definitions_id=f"Definitions_{process_id}",
        process_id=process_id,
        name=process_name,
        nodes=[Node("StartEvent_1", "startEvent")],
    )
