"""Plain text out of rich text, and readable diffs of Chinese text.

Used by automatic summaries and by revision compare views; nothing here touches the
database, so models and admin may both import it.
"""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

# Elements that end a line of text: paragraphs, headings, list items, rows, line breaks.
BLOCK_END = re.compile(
    r"<br\s*/?>|</(?:p|h[1-6]|li|tr|blockquote|div|figcaption|pre|table)\s*>", re.IGNORECASE
)
# Where a summary may end: after a full stop, question or exclamation mark, or a semicolon.
SENTENCE_END = re.compile(r"[。！？!?；;…](?:[”’」』）)]*)")


def html_to_text(value):
    """The text of `value`, one line per block, whitespace inside a line collapsed."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", value or "")))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def summarise(value, length=120):
    """A summary of the rich text `value` of at most `length` characters.

    Blocks stay apart (a paragraph that ends without punctuation is not glued to the next
    one) and the summary ends at a sentence end when one falls in its second half, so it
    never stops in the middle of a sentence when it need not.
    """
    text = html_to_text(value)
    if len(text) <= length:
        return text
    head = text[:length]
    ends = [match.end() for match in SENTENCE_END.finditer(head)]
    breaks = [index for index, char in enumerate(head) if char == "\n"]
    cut = max([*ends, *breaks], default=0)
    if cut >= length // 2:
        return head[:cut].rstrip()
    return head[: length - 1].rstrip() + "…"


# --- Diffs ------------------------------------------------------------------------------------


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
