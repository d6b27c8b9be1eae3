"""Word-by-word comparison of two texts, for the versions of handbook pages and client
plans alike."""

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass
class FieldChange:
    label: str
    segments: list[Segment]


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[Segment]:
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    segments = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    if matcher.ratio() < 0.5:  # a rewrite reads better whole than as scattered words
        removed = [Segment("removed", old)] if old else []
        return removed + ([Segment("added", new)] if new else [])
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment("removed", "".join(before[a1:a2])))
        if b2 > b1:
            segments.append(Segment("added", "".join(after[b1:b2])))
    return segments
