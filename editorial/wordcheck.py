"""Sensitive words (敏感词) and common mistakes (错别字): find them in text before it goes out.

    from editorial import wordcheck
    hits = wordcheck.check({"title": title, "body": wordcheck.plain_text(body_html)})
    if wordcheck.has_block(hits): refuse
    elif hits: ask for "publish anyway", then
        audit.record(request, Action.PUBLISHED_ANYWAY, article, detail=wordcheck.summary(hits))
    html = wordcheck.render_hits(hits, labels={"title": "标题", "body": "正文"})

Matching runs on the text after `portal.text.normalize` (the same as search: NFKC folds
full-width forms, case-folded), without word boundaries for Chinese (no spaces) and
whole-word for Latin words and numbers, as search does. Every hit maps back to the
original text for its context.

Both lists go into one Aho–Corasick automaton (ahocorasick-rs, the Rust `aho-corasick`
crate): one pass over the text finds every entry, however long the lists. It is kept
per process under the content generation (portal.generation), which every process reads
alike and a saved list entry moves on, so each rebuilds on its next check.
"""

import dataclasses
import logging
import re
import threading
import unicodedata

import ahocorasick_rs
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import generation
from portal.text import html_to_text, is_word_char, normalize_term, normalized_map

BLOCK, WARN, TYPO = "block", "warn", "typo"
SEVERITY = {BLOCK: 0, WARN: 1, TYPO: 2}
LEVEL_LABELS = {
    BLOCK: _("Sensitive word (blocks publishing)"),
    WARN: _("Sensitive word"),
    TYPO: _("Possible typo"),
}
# Characters of context shown on each side of a hit.
CONTEXT = 15
# Occurrences reported per entry and field: the rest add nothing for the editor.
MAX_PER_ENTRY = 5
# Hits returned by one check: beyond this an editor learns nothing more.
MAX_HITS = 200
logger = logging.getLogger(__name__)
WHITESPACE = re.compile(r"\s+")

plain_text = html_to_text  # rich text (article bodies) must be checked as plain text


@dataclasses.dataclass(frozen=True)
class Hit:
    field: str  # the key of `texts`
    word: str  # the list entry as entered (the wrong form for a typo)
    level: str  # 'block' | 'warn' | 'typo'
    context: str  # surrounding text, "…" where cut
    suggestion: str  # the right form for a typo, else ""
    start: int  # the match in the field's text (NFC): text[start:end]
    end: int
    before: str  # context = before + match + after (for marking the match)
    match: str
    after: str

    @property
    def level_label(self):
        return LEVEL_LABELS[self.level]


class Matcher:
    """An automaton over the normalised terms of both lists (one pattern per term)."""

    def __init__(self, entries):
        grouped = {}
        for normalized, word, level, suggestion in entries:
            if normalized:
                grouped.setdefault(normalized, []).append((word, level, suggestion))
        self.patterns = list(grouped)
        self.entries = [tuple(grouped[pattern]) for pattern in self.patterns]
        # Whole-word rule, decided once per pattern: does it start/end with a Latin letter?
        self.latin_edges = [
            (is_word_char(pattern[0]), is_word_char(pattern[-1])) for pattern in self.patterns
        ]
        self.size = len(self.patterns)
        # Standard match kind: every occurrence, overlapping ones too (a warn word inside
        # a block word is reported as well).
        self.automaton = ahocorasick_rs.AhoCorasick(self.patterns) if self.size else None

    def find(self, original):
        """Matches in one text: (the text as matched (NFC), [(severity, start, end, entry)]).

        `entry` is (word, level, suggestion); at most MAX_PER_ENTRY matches per entry.
        """
        if not self.size or not original:
            return original, []
        original = unicodedata.normalize("NFC", original)
        text, positions = normalized_map(original, drop_invisible=True)
        found, seen = [], {}
        for index, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            latin_start, latin_end = self.latin_edges[index]
            if (latin_start and start and is_word_char(text[start - 1])) or (
                latin_end and end < len(text) and is_word_char(text[end])
            ):
                continue  # part of a longer Latin word or number
            start, end = positions[start], positions[end - 1] + 1
            for word, level, suggestion in self.entries[index]:
                key = (word, level)
                seen[key] = seen.get(key, 0) + 1
                if seen[key] <= MAX_PER_ENTRY:
                    found.append((SEVERITY[level], start, end, (word, level, suggestion)))
        return original, found


def _squash(value):
    """Line breaks and runs of spaces as one space, so a hit's context fits one line."""
    return WHITESPACE.sub(" ", value)


def _hit(field, original, start, end, word, level, suggestion):
    left = max(0, start - CONTEXT)
    right = min(len(original), end + CONTEXT)
    before = ("…" if left else "") + _squash(original[left:start])
    after = _squash(original[end:right]) + ("…" if right < len(original) else "")
    match = original[start:end]
    return Hit(
        field=field,
        word=word,
        level=level,
        context=before + match + after,
        suggestion=suggestion,
        start=start,
        end=end,
        before=before,
        match=match,
        after=after,
    )


# --- the cached automaton ---------------------------------------------------------------

_state = {"version": None, "matcher": None}
_lock = threading.Lock()


def _load_entries():
    from .models import CommonMistake, SensitiveWord

    entries = [
        (normalized, word, level, "")
        for normalized, word, level in SensitiveWord.objects.values_list(
            "normalized", "word", "level"
        )
    ]
    entries += [
        (normalized, wrong, TYPO, right)
        for normalized, wrong, right in CommonMistake.objects.values_list(
            "normalized", "wrong", "right"
        )
    ]
    return entries


def matcher():
    """The automaton for the current lists, rebuilt when the content generation moves on.

    Saving a list entry moves the generation (portal.generation) that every process
    reads alike, so the next check in any worker uses the new lists. The automaton itself
    stays in this process's memory, under that generation. Without a readable generation
    (Redis away) every check rebuilds from the database: slower, never stale.
    """
    version = generation.current()
    if version is not None and _state["version"] == version:
        return _state["matcher"]
    with _lock:
        if version is not None and _state["version"] == version:
            return _state["matcher"]
        built = Matcher(_load_entries())
        _state.update(version=version, matcher=built)
        return built


def lists_changed():
    """Tell every process to rebuild (for bulk writes, which send no signal)."""
    generation.bump()


# --- the API ----------------------------------------------------------------------------


def check(texts: dict[str, str]) -> list[Hit]:
    """The hits in `texts` (field name → plain text): block first, then warn, then typos.

    At most MAX_HITS are returned (block ones first, so `has_block` stays true).
    """
    automaton = matcher()
    found = []
    for order, (field, text) in enumerate(texts.items()):
        original, matches = automaton.find(text or "")
        for severity, start, end, entry in matches:
            found.append(((severity, order, start), field, original, start, end, entry))
    found.sort(key=lambda item: item[0])
    return [
        _hit(field, original, start, end, *entry)
        for _key, field, original, start, end, entry in found[:MAX_HITS]
    ]


def has_block(hits):
    return any(hit.level == BLOCK for hit in hits)


def summary(hits):
    """One line naming the distinct entries hit, e.g. for the audit detail of "published
    anyway": `敏感词（须确认）：某词；疑似错别字：再接再励→再接再厉`."""
    groups = {}
    for hit in hits:
        entry = f"{hit.word}→{hit.suggestion}" if hit.suggestion else hit.word
        names = groups.setdefault(hit.level, [])
        if entry not in names:
            names.append(entry)
    return "；".join(
        f"{LEVEL_LABELS[level]}：{'、'.join(groups[level])}"
        for level in (BLOCK, WARN, TYPO)
        if level in groups
    )


def hits_to_data(hits):
    """Hits as JSON-ready dicts, to keep them with an object (e.g. a held message)."""
    return [dataclasses.asdict(hit) for hit in hits]


def hits_from_data(data):
    """Hits back from `hits_to_data()`; fields missing from older data are left empty."""
    fields = dataclasses.fields(Hit)
    return [
        Hit(**{f.name: item.get(f.name, 0 if f.type in (int, "int") else "") for f in fields})
        for item in data or []
        if isinstance(item, dict)
    ]


def render_hits(hits, labels=None):
    """The hits as HTML for a form or an admin page (`templates/includes/wordcheck_hits.html`).

    `labels` maps field names to what the editor reads ("title" → "标题").
    """
    labels = labels or {}
    rows = [(labels.get(hit.field, hit.field), hit) for hit in hits]
    return render_to_string("includes/wordcheck_hits.html", {"hit_rows": rows})


# --- importing a list from a text file --------------------------------------------------

LEVEL_WORDS = {
    "block": BLOCK,
    "禁止": BLOCK,
    "拦截": BLOCK,
    "warn": WARN,
    "warning": WARN,
    "警告": WARN,
    "提醒": WARN,
}
MISTAKE_SEPARATORS = ("\t", "→", "->", "=>")
MAX_IMPORT_LINES = 100_000
MAX_TERM = 100


class ListFileError(ValueError):
    """A file that cannot be read as a list; the message says why."""


def decode_upload(data):
    """Text of an uploaded list: UTF-8 (with or without BOM), else GB18030 (Windows Chinese)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListFileError(_("The file is neither UTF-8 nor GBK/GB18030 text."))


def _lines(text):
    lines = text.splitlines()
    if len(lines) > MAX_IMPORT_LINES:
        raise ListFileError(
            _("The file has more than %(max)s lines.") % {"max": f"{MAX_IMPORT_LINES:,}"}
        )
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield number, line


def _term_error(number, term):
    if not normalize_term(term):
        return _("line %(line)s: empty entry") % {"line": number}
    if len(term) > MAX_TERM:
        return _("line %(line)s: longer than %(max)s characters") % {
            "line": number,
            "max": MAX_TERM,
        }
    return None


def parse_words(text, default_level=BLOCK):
    """Lines `word`, or `word<TAB>level` / `word,level` (block/warn, 禁止/警告).

    Returns ({normalized: (word, level)}, [errors]); a later line wins over an earlier one.
    """
    entries, errors = {}, []
    for number, line in _lines(text):
        word, level = line, default_level
        for separator in ("\t", ",", "，"):
            head, sep, tail = line.rpartition(separator)
            if sep and tail.strip().casefold() in LEVEL_WORDS:
                word, level = head.strip(), LEVEL_WORDS[tail.strip().casefold()]
                break
        else:
            if "\t" in line:
                errors.append(
                    _("line %(line)s: unknown level “%(level)s” (use block or warn)")
                    % {"line": number, "level": line.rpartition("\t")[2].strip()}
                )
                continue
        error = _term_error(number, word)
        if error:
            errors.append(error)
            continue
        entries[normalize_term(word)] = (word, level)
    return entries, errors


def parse_mistakes(text):
    """Lines `wrong→right` (also `->`, `=>` or a tab).

    Returns ({normalized: (wrong, right)}, [errors]); a later line wins over an earlier one.
    """
    entries, errors = {}, []
    for number, line in _lines(text):
        for separator in MISTAKE_SEPARATORS:
            if separator in line:
                wrong, _sep, right = line.partition(separator)
                wrong, right = wrong.strip(), right.strip()
                break
        else:
            errors.append(
                _("line %(line)s: no “→” or tab between the wrong and the right form")
                % {"line": number}
            )
            continue
        error = _term_error(number, wrong) or _term_error(number, right)
        if error:
            errors.append(error)
            continue
        if normalize_term(wrong) == normalize_term(right):
            errors.append(_("line %(line)s: both forms are the same") % {"line": number})
            continue
        entries[normalize_term(wrong)] = (wrong, right)
    return entries, errors


def _upsert(model, entries, build, differs, fields):
    now = timezone.now()
    existing = {obj.normalized: obj for obj in model.objects.filter(normalized__in=list(entries))}
    new, changed = [], []
    for normalized, values in entries.items():
        obj = existing.get(normalized)
        if obj is None:
            new.append(build(normalized, values))
        elif differs(obj, values):
            obj.updated_at = now
            changed.append(obj)
    with transaction.atomic():
        model.objects.bulk_create(new, batch_size=1000)
        if changed:
            model.objects.bulk_update(changed, fields, batch_size=1000)
        lists_changed()  # bulk writes send no signals
    return len(new), len(changed)


def import_words(entries):
    """Add new words, update the level of known ones; returns (added, updated)."""
    from .models import SensitiveWord

    def differs(obj, values):
        if obj.level == values[1]:
            return False
        obj.level = values[1]
        return True

    return _upsert(
        SensitiveWord,
        entries,
        lambda normalized, v: SensitiveWord(normalized=normalized, word=v[0], level=v[1]),
        differs,
        ["level", "updated_at"],
    )


def import_mistakes(entries):
    """Add new mistakes, update the right form of known ones; returns (added, updated)."""
    from .models import CommonMistake

    def differs(obj, values):
        if obj.right == values[1]:
            return False
        obj.right = values[1]
        return True

    return _upsert(
        CommonMistake,
        entries,
        lambda normalized, v: CommonMistake(normalized=normalized, wrong=v[0], right=v[1]),
        differs,
        ["right", "updated_at"],
    )
