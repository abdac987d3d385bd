"""Text handling shared by the index and the query: normalise, tokenise, highlight.

Chinese has no spaces, so words are not tokens: runs of CJK characters are indexed as
overlapping bigrams and trigrams (like Lucene's CJK analyzer, plus trigrams, which keep
phrases made of very common bigrams selective). Runs of other letters and digits are
whole-word tokens. Both the documents and the query go through the same functions, so a
query term's tokens are always a subset of the tokens of any text containing it.

The plain text kept for the exact check marks every non-CJK word with SEP on both sides
("\x1fheze\x1f"), so a substring test of the encoded term is a whole-word test for Latin
words and numbers and a plain substring test for Chinese.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# The normalisation is the portal's (the word check must see text exactly as search does).
from portal.text import (  # noqa: F401 (re-exported)
    CJK_RANGES,
    CJK_SPLIT,
    CONTROL,
    html_to_text,
    normalize,
)
from portal.text import is_word_char as _is_word_char
from portal.text import normalized_map as _normalized_map

SEP = "\x1f"
WORD_RUN = re.compile(r"[^\W_]+")
# Longest word token: longer "words" are noise (hashes, URLs) and bloat the index.
MAX_WORD_TOKEN = 40


def _pieces(run):
    """Split a run of letters/digits into (is_cjk, text) pieces."""
    for index, piece in enumerate(CJK_SPLIT.split(run)):
        if piece:
            yield index % 2 == 1, piece


# A maximal run of letters/digits that are not CJK: the non-CJK pieces of a word run.
OTHER_RUN = re.compile(f"(?:(?![{CJK_RANGES}])[^\\W_])+")


def encode(normalized):
    """The form stored (and searched) for the exact check: non-CJK words wrapped in SEP.

    One substitution without a Python callback (twice as fast as splitting every run).
    """
    return OTHER_RUN.sub(f"{SEP}\\g<0>{SEP}", normalized)


def document_tokens(normalized):
    """Every token of a text: CJK bigrams and trigrams, whole other words."""
    tokens = set()
    for match in WORD_RUN.finditer(normalized):
        for cjk, piece in _pieces(match[0]):
            if not cjk:
                if len(piece) <= MAX_WORD_TOKEN:
                    tokens.add(piece)
                continue
            for i in range(len(piece) - 1):
                tokens.add(piece[i : i + 2])
                if i + 3 <= len(piece):
                    tokens.add(piece[i : i + 3])
    return tokens


def term_tokens(term):
    """Tokens a text must contain to contain `term` (a normalised run of letters/digits).

    Trigrams alone cover a CJK piece of three or more characters; a single CJK character
    between words gives no token (the exact check still applies).
    """
    tokens = []
    for cjk, piece in _pieces(term):
        if not cjk:
            if len(piece) <= MAX_WORD_TOKEN:  # longer words are not indexed
                tokens.append(piece)
        elif len(piece) == 2:
            tokens.append(piece)
        elif len(piece) > 2:
            tokens.extend(piece[i : i + 3] for i in range(len(piece) - 2))
    return list(dict.fromkeys(tokens))


def tokens_are_exact(term):
    """True when having the term's single token already means containing the term."""
    pieces = list(_pieces(term))
    return len(pieces) == 1 and (not pieces[0][0] or len(term) in (2, 3))


def split_terms(normalized):
    """Query terms: runs of letters and digits (spaces and punctuation separate them)."""
    return WORD_RUN.findall(normalized)


# --- highlighting ----------------------------------------------------------------------


def match_ranges(original, needles):
    """Ranges [start, end) of `original` where any needle (normalised) occurs, merged."""
    text, positions = _normalized_map(original)
    found = []
    for needle in needles:
        if not needle:
            continue
        start = text.find(needle)
        while start != -1:
            end = start + len(needle)
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            # Latin words and numbers match whole words only, as in the index.
            if not (
                (_is_word_char(needle[0]) and _is_word_char(before))
                or (_is_word_char(needle[-1]) and _is_word_char(after))
            ):
                found.append((positions[start], positions[end - 1] + 1))
            start = text.find(needle, start + 1)
    found.sort()
    merged = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def render_marked(original, ranges, start=0, end=None):
    """`original[start:end]` escaped, with the ranges wrapped in <mark>."""
    end = len(original) if end is None else end
    out, cursor = [], start
    for a, b in ranges:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out.append(escape(original[cursor:a]))
        out.append(f"<mark>{escape(original[a:b])}</mark>")
        cursor = b
    out.append(escape(original[cursor:end]))
    return mark_safe("".join(out))


def highlight(original, needles):
    return render_marked(original, match_ranges(original, needles))


# A result's snippet: about three lines on a 320 px phone, two on a desktop (as search
# engines show); 120 characters made a results page of Latin-word matches 1.4 KB heavier.
SNIPPET_WIDTH = 72
SNIPPET_BEFORE = 20


def snippet(original, needles, width=SNIPPET_WIDTH, before=SNIPPET_BEFORE):
    """A window of `original` around the first match, escaped and highlighted."""
    original = re.sub(r"\s+", " ", original).strip()
    ranges = match_ranges(original, needles)
    if not ranges:
        return None
    start = max(0, ranges[0][0] - before)
    end = min(len(original), start + width)
    body = render_marked(original, ranges, start, end)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(original) else ""
    return mark_safe(f"{prefix}{body}{suffix}")
