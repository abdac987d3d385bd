"""Readable diffs of Chinese text, for revision compare views and edit conflicts."""

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A run of text in a diff: op is "equal", "insert" or "delete"."""

    op: str
    text: str


# Units compared first: clauses (up to a full stop, comma, colon or line end). Chinese has
# no spaces between words, so the finer comparison inside changed clauses is by character.
UNIT_END = re.compile(r"(?<=[。！？!?；;，,：:\n])")
# Above this many character pairs, a changed run is shown as deleted plus inserted instead of
# compared character by character (difflib is quadratic in the worst case).
CHAR_DIFF_LIMIT = 400_000


def _units(text):
    return [unit for unit in UNIT_END.split(text or "") if unit]


def diff_text(old, new):
    """Segments turning `old` into `new`: sentence by sentence, then character by character
    inside the sentences that changed."""
    old_units, new_units = _units(old), _units(new)
    segments = []
    matcher = difflib.SequenceMatcher(None, old_units, new_units, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_units[i1:i2]), "".join(new_units[j1:j2])
        if op == "equal":
            segments.append(Segment("equal", before))
        elif op == "replace" and len(before) * len(after) <= CHAR_DIFF_LIMIT:
            segments.extend(_diff_chars(before, after))
        else:
            segments.append(Segment("delete", before))
            segments.append(Segment("insert", after))
    return _merge(segments)


def _diff_chars(old, new):
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            yield Segment("equal", old[i1:i2])
            continue
        if op in ("replace", "delete"):
            yield Segment("delete", old[i1:i2])
        if op in ("replace", "insert"):
            yield Segment("insert", new[j1:j2])


def _merge(segments):
    merged = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged
