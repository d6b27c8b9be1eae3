"""Conformance of what happened with the handbook: for a process whose BPMN tasks name
activity codes, which matters followed the documented order, and where the others
departed from it.

The model is read from the diagram's sequence flows: a mapped task may be directly
followed by the mapped tasks reachable from it through gateways, events and tasks that
record nothing. Each path (variant) of the event log, reduced to the process's
activity codes, is checked step by step; a step that the model does not allow is

- *repeated*: the same step again where the model has no loop;
- *skipped*: the model reaches the next step only through steps that were not taken;
- *out of order*: the model puts the next step before this one;
- *unexpected*: the model does not connect the two at all.

A matter that has not reached the process's end yet fits as long as its steps so far
do. The variants and waiting times come from set-based SQL (`flow`); only the distinct
paths are checked here, so the cost follows the number of paths, not of events.
"""

import itertools
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from porras.handbook import selectors as handbook_selectors
from porras.handbook.models import Process
from porras.insight.flow import variant_rows, waits_before
from porras.insight.traces import Scope

KIND_LABELS = {
    "skipped": _("Steps skipped"),
    "repeated": _("Step repeated"),
    "out_of_order": _("Out of order"),
    "unexpected": _("Not in the process"),
}
EXAMPLES = 3


@dataclass
class Model:
    """The order of the process's activity codes as the diagram draws it."""

    elements: dict[str, str]  # BPMN task id → activity code
    follows: dict[str, set[str]]
    starts: set[str]
    reaches: dict[str, set[str]] = field(default_factory=dict)

    @property
    def activities(self) -> set[str]:
        return set(self.elements.values())


def model_of(process: Process) -> Model | None:
    """None when the process has no diagram or none of its tasks names an activity."""
    summary = handbook_selectors.diagram_summary(process)
    if summary is None:
        return None
    mapped = {
        m.element_id: m.activity
        for m in process.task_mappings.all()
        if m.activity and m.element_id in {e.id for e in summary.tasks}
    }
    if not mapped:
        return None
    successors: dict[str, list[str]] = defaultdict(list)
    has_incoming = set()
    for source, target in summary.flows:
        successors[source].append(target)
        has_incoming.add(target)

    def next_mapped(node: str) -> set[str]:
        """The mapped tasks reached from `node` through unmapped elements only."""
        found, seen, queue = set(), {node}, deque(successors[node])
        while queue:
            current = queue.popleft()
            if current in seen:
                continue
            seen.add(current)
            if current in mapped:
                found.add(mapped[current])
            else:
                queue.extend(successors[current])
        return found

    follows: dict[str, set[str]] = defaultdict(set)
    for element, activity in mapped.items():
        follows[activity] |= next_mapped(element)
    starts: set[str] = set()
    for element in summary.elements:
        if element.type == "startEvent":
            starts |= next_mapped(element.id)
    starts |= {activity for element, activity in mapped.items() if element not in has_incoming}
    model = Model(elements=mapped, follows=dict(follows), starts=starts)
    for activity in model.activities:
        reached, queue = set(), deque(follows.get(activity, ()))
        while queue:
            current = queue.popleft()
            if current not in reached:
                reached.add(current)
                queue.extend(follows.get(current, ()))
        model.reaches[activity] = reached
    return model


def deviations_of(path: list[str], model: Model) -> list[tuple[str, str | None, str]]:
    """The departures of one path (already reduced to the model's codes)."""
    found = []
    if path[0] not in model.starts:
        kind = (
            "skipped"
            if any(path[0] in model.reaches[start] for start in model.starts)
            else "unexpected"
        )
        found.append((kind, None, path[0]))
    for here, then in itertools.pairwise(path):
        if then in model.follows.get(here, ()):
            continue
        if then == here:
            kind = "repeated"
        elif then in model.reaches[here]:
            kind = "skipped"
        elif here in model.reaches[then]:
            kind = "out_of_order"
        else:
            kind = "unexpected"
        found.append((kind, here, then))
    return found


def check(process: Process, scope: Scope) -> dict | None:
    model = model_of(process)
    if model is None:
        return None
    codes = model.activities
    fitting = total = 0
    counted: Counter = Counter()
    examples: dict = defaultdict(list)
    for activities, count, example in variant_rows(scope):
        path = [code for code in activities if code in codes]
        if not path:
            continue  # the matter never reached this process
        total += count
        found = deviations_of(path, model)
        if not found:
            fitting += count
        for deviation in dict.fromkeys(found):  # a path counts each departure once
            counted[deviation] += count
            if len(examples[deviation]) < EXAMPLES:
                examples[deviation].append(example)
    waits = waits_before(scope)
    return {
        "model": model,
        "matters": total,
        "fitting": fitting,
        "share": fitting / total if total else None,
        "deviations": [
            {
                "kind": kind,
                "source": source,
                "target": target,
                "count": n,
                "examples": examples[(kind, source, target)],
            }
            for (kind, source, target), n in counted.most_common()
        ],
        "tasks": {
            element: {"activity": activity, **waits.get(activity, {"count": 0})}
            for element, activity in model.elements.items()
        },
    }
