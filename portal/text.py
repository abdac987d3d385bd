"""Text normalisation shared by search and the word check: one definition of "the same text".

Full-width and half-width forms, case and control characters must not decide whether a
search finds a word or whether a sensitive word is caught, so both go through
`normalize()`. `normalized_map()` keeps, for every normalised character, where it came
from, so a match can be shown in the original text. Pure functions: no app imports.

Below, the one rule for control characters in what editors and the public save.
"""

import html
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags

# Han (with extensions), kana, Hangul: scripts written without spaces between words.
CJK_RANGES = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
CJK_SPLIT = re.compile(f"([{CJK_RANGES}]+)")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
BLOCK_TAG = re.compile(
    r"<\s*(?:br|/?p|/?div|/?li|/?h[1-6]|/?tr|/?td|/?th|/?blockquote|/?section|/?figcaption)\b[^>]*>",
    re.IGNORECASE,
)
ANY_TAG = re.compile(r"<[^>]*>")
DROP_ELEMENT = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)


def normalize(value):
    """NFKC (full-width to half-width forms), case-folded, control characters as spaces."""
    return CONTROL.sub(" ", unicodedata.normalize("NFKC", value or "").casefold())


def normalize_term(term):
    """A list entry as matched: normalised, runs of spaces as one, trimmed."""
    return " ".join(normalize(term).split())


def html_to_text(value):
    """Plain text of rich text: block elements become line breaks so paragraphs don't join."""
    value = DROP_ELEMENT.sub(" ", value or "")
    value = BLOCK_TAG.sub("\n", value)
    value = ANY_TAG.sub("", value)
    return html.unescape(value)


class _CharTable(dict):
    """ord → normalised text of that character alone, filled on first sight.

    `str.translate` looks characters up in C, so after warm-up a whole text is mapped
    without a Python call per character. Characters that do not normalise to exactly
    one character are remembered in `uneven`: only texts containing one of them need
    the position map.
    """

    def __init__(self, drop_invisible=False):
        super().__init__()
        self.uneven = set()
        self.drop_invisible = drop_invisible

    def __missing__(self, code):
        char = chr(code)
        # Format characters (zero-width space, soft hyphen, bidi marks) show nothing.
        invisible = self.drop_invisible and unicodedata.category(char) == "Cf"
        out = "" if invisible else normalize(char)
        if len(out) != 1:
            self.uneven.add(char)
        if len(self) < 65536:  # bounded: a hostile text cannot grow it without end
            self[code] = out
        return out


_TABLES = {False: _CharTable(), True: _CharTable(drop_invisible=True)}


def normalized_map(original, *, drop_invisible=False):
    """The normalised text and, for each of its characters, the index in `original`.

    Normalised character by character (so positions are exact). When every character
    stayed one character (the usual case) the positions are a `range`, built for free.
    `drop_invisible` also removes format characters (a zero-width space inside a word
    must not hide it from the word check).
    """
    table = _TABLES[drop_invisible]
    text = original.translate(table)
    if len(text) == len(original) and table.uneven.isdisjoint(original):
        return text, range(len(text))
    positions = []
    for index, char in enumerate(original):
        positions.extend([index] * len(table[ord(char)]))
    return text, positions


def is_word_char(char):
    """A letter or digit of a script written with spaces (Latin words match whole)."""
    return bool(char) and (char.isalnum() and not CJK_SPLIT.fullmatch(char))


# --- Control characters in what people type ---------------------------------------------
#
# C0 control characters (and DEL) mean nothing in a title, a name or an article, and XML
# cannot carry them: one U+0001 in a title made every feed listing it answer 500. Public
# forms remove them as they clean input (submissions); everything editors save goes
# through `strip_control_characters_on_save`, a pre_save receiver for the models of the
# apps named in settings.TEXT_CLEANED_APPS, so no form, import or script can store them.

# Control characters other than tab and line breaks. NUL is left to the public forms'
# validator, which names it; stored text loses it below.
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS_AND_TABS = re.compile("[\t\n\r]+")


def clean_text(value, *, multiline=True):
    """`value` without C0 control characters; one-line text also loses tabs and line breaks."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value.replace("\x00", ""))
    if not multiline:
        value = LINE_BREAKS_AND_TABS.sub(" ", value)
    return value


def strip_control_characters_on_save(sender, instance, raw=False, **kwargs):
    """pre_save: clean every CharField and TextField of the project's own models."""
    if raw or sender._meta.app_label not in settings.TEXT_CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)


# Elements that end a line of text: paragraphs, headings, list items, rows, line breaks.
LINE_END = re.compile(
    r"<br\s*/?>|</(?:p|h[1-6]|li|tr|blockquote|div|figcaption|pre|table)\s*>", re.IGNORECASE
)


def html_to_lines(value):
    """The text of `value`, one line per block, whitespace inside a line collapsed."""
    text = html.unescape(strip_tags(LINE_END.sub("\n", value or "")))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
