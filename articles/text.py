"""Automatic summaries of rich text; nothing here touches the database, so models and
admin may both import it. (Readable diffs live in editorial.diff.)"""

import re

from portal.text import html_to_lines

# Where a summary may end: after a full stop, question or exclamation mark, or a semicolon.
SENTENCE_END = re.compile(r"[。！？!?；;…](?:[”’」』）)]*)")


def summarise(value, length=120):
    """A summary of the rich text `value` of at most `length` characters.

    Blocks stay apart (a paragraph that ends without punctuation is not glued to the next
    one) and the summary ends at a sentence end when one falls in its second half, so it
    never stops in the middle of a sentence when it need not.
    """
    text = html_to_lines(value)
    if len(text) <= length:
        return text
    head = text[:length]
    ends = [match.end() for match in SENTENCE_END.finditer(head)]
    breaks = [index for index, char in enumerate(head) if char == "\n"]
    cut = max([*ends, *breaks], default=0)
    if cut >= length // 2:
        return head[:cut].rstrip()
    return head[: length - 1].rstrip() + "…"
