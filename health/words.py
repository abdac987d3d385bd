"""Words of the lists (editorial.wordcheck) in live content, kept current.

- Every run of the site health check looks for both lists in all live content
  (`scan()`): articles, association pages, magazine issues, published answered messages.
- Saving a list entry (the admin form, its list's editable column) looks for that entry
  alone once the save commits (`scan_entry()`), so a new block word lists the live
  articles containing it straight away; deleting an entry drops its findings.
- An import writes the lists in bulk without signals: `is_stale()` sees it (a list of
  another size, or an entry changed after the last scan) and the 网站体检 page computes
  the findings again when it is opened.

Matching is `editorial.wordcheck.check()` itself, so the normalisation (NFKC: full-width
letters; case; zero-width characters dropped) is the checker's, not a copy of it. The
scan for one entry first keeps the documents whose text, normalised by the same
`portal.text.normalized_map()`, contains the entry: a plain substring test in C.
"""

import functools
import re
import time
import unicodedata

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from editorial import wordcheck
from editorial.models import CommonMistake, SensitiveWord
from portal.text import normalize

from . import content
from .models import WordFinding, WordScan

WORD_LEVELS = (wordcheck.BLOCK, wordcheck.WARN)


def _lists_state():
    words = SensitiveWord.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    mistakes = CommonMistake.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    last = max((t for t in (words["last"], mistakes["last"]) if t), default=None)
    return words["n"], mistakes["n"], last


def latest_scan():
    return WordScan.objects.order_by("-scanned_at", "-id").first()


def is_stale(scan=None):
    """Whether the lists changed in a way the findings do not reflect (3 small queries)."""
    scan = scan or latest_scan()
    if scan is None:
        return True
    words, mistakes, last = _lists_state()
    return (words, mistakes) != (scan.words, scan.mistakes) or bool(last and last > scan.scanned_at)


def _entry_ids():
    """{(level, word as entered): entry id} of both lists: a hit names its entry this way."""
    ids = {
        (level, word): pk
        for pk, word, level in SensitiveWord.objects.values_list("pk", "word", "level")
    }
    ids.update(
        {
            (wordcheck.TYPO, wrong): pk
            for pk, wrong in CommonMistake.objects.values_list("pk", "wrong")
        }
    )
    return ids


def findings(document, hits, entry_ids, content_types, now):
    """One finding per document, field and list entry (its first occurrence's context)."""
    found, seen = [], set()
    for hit in hits:
        entry_id = entry_ids.get((hit.level, hit.word))
        key = (hit.field, hit.level, hit.word)
        if entry_id is None or key in seen:
            continue
        seen.add(key)
        found.append(
            WordFinding(
                content_type=content_types[document.kind],
                object_id=document.pk,
                title=(document.title or "")[:200],
                field=hit.field,
                entry_id=entry_id,
                word=hit.word[:100],
                level=hit.level,
                suggestion=hit.suggestion[:100],
                context=hit.context[:300],
                found_at=now,
            )
        )
    return found


def _content_types():
    return {kind: content.content_type(kind) for kind in content.KINDS}


class Scanner:
    """Looks for both lists in documents handed to it one by one (a run feeds it the
    documents it reads for the other checks too), then stores the findings at once."""

    def __init__(self):
        self.started = timezone.now()
        self.clock = time.monotonic()
        self.words, self.mistakes, _last = _lists_state()
        self.entry_ids = _entry_ids()
        self.content_types = _content_types()
        self.found = []
        self.checked = 0

    def feed(self, document):
        self.checked += 1
        hits = wordcheck.check(document.texts)
        if hits:
            self.found += findings(document, hits, self.entry_ids, self.content_types, self.started)

    @transaction.atomic
    def save(self):
        WordFinding.objects.all().delete()
        WordFinding.objects.bulk_create(self.found, batch_size=1000)
        return WordScan.objects.create(
            scanned_at=self.started,
            words=self.words,
            mistakes=self.mistakes,
            objects_checked=self.checked,
            duration=time.monotonic() - self.clock,
        )


def scan():
    """Look for both lists in all live content; replace every finding. Returns the WordScan."""
    scanner = Scanner()
    for document in content.live_documents():
        scanner.feed(document)
    return scanner.save()


# --- finding one entry fast -------------------------------------------------------------
#
# Looking for one new entry in 20,000 articles must not normalise every text (that is the
# full scan's cost). A text can only contain the entry, as the checker normalises it, if
# for each of the entry's characters it holds some character that normalises to it (or
# into a string containing it: ß gives ss). Those sources are found once from Unicode
# itself; testing them is a substring search in C on the stored text, HTML included (a
# word split by tags still has all its characters). Only the texts that pass go to
# `wordcheck.check()`.

ESCAPED_IN_HTML = set("&<>\"'\xa0")
SOURCE_RANGE = 0x30000  # BMP, then the CJK extensions and compatibility ideographs


@functools.cache
def _sources_table():
    """(target -> characters that normalise to or into it, targets some character turns
    into a longer string with (ß -> ss), a regex class of the invisible characters)."""
    table, longer, invisible = {}, set(), []
    for code in range(SOURCE_RANGE):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cs", "Cn"):
            continue
        if category == "Cf":
            invisible.append(re.escape(char))
        normalized = normalize(char)
        if len(normalized) > 1:
            longer.update(normalized)
        for target in set(normalized):
            if target != char:
                table.setdefault(target, set()).add(char)
    return table, longer, "".join(invisible)


def sources(char):
    """Every character whose normalised form contains `char` (itself included)."""
    return frozenset({char, *_sources_table()[0].get(char, ())})


def _class(chars):
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def may_contain(pattern):
    """A test `f(text) -> bool` that is true for every stored text (plain or HTML) in which
    the checker could find `pattern` (a normalised entry), and false for most others.

    Usually (Chinese words): the entry's characters in order, each as any character that
    normalises to it, with only tags and invisible characters between them. Where one
    character can stand for several (ß for ss) or HTML may escape one (&), each character
    on its own: a looser test, still true wherever the checker would find the entry."""
    _table, longer, invisible = _sources_table()
    chars = [char for char in pattern if not char.isspace()]
    if chars and not any(char in longer or char in ESCAPED_IN_HTML for char in pattern):
        gap = f"(?:<[^>]*>|[{invisible}])*"
        return re.compile(gap.join(_class(sources(char)) for char in pattern)).search
    groups = [
        re.compile(_class(sources(char))).search
        for char in dict.fromkeys(chars)
        if char not in ESCAPED_IN_HTML
    ]
    return lambda text: all(group(text) for group in groups)


def _levels(model):
    return (wordcheck.TYPO,) if model is CommonMistake else WORD_LEVELS


def scan_entry(entry, created=False):
    """Look for one list entry (just saved) in all live content; replace its findings."""
    model = type(entry)
    pattern = entry.normalized
    word = entry.wrong if model is CommonMistake else entry.word
    level = wordcheck.TYPO if model is CommonMistake else entry.level
    previous = latest_scan()
    was_current = previous is not None and not _changed_since(previous, model, entry.pk, created)
    now = timezone.now()
    content_types = _content_types()
    found = []
    candidate = may_contain(pattern)
    for document in content.live_documents():
        if not any(candidate(text or "") for text in document.fields.values()):
            continue
        hits = [
            hit for hit in wordcheck.check(document.texts) if (hit.level, hit.word) == (level, word)
        ]
        found += findings(document, hits, {(level, word): entry.pk}, content_types, now)
    with transaction.atomic():
        WordFinding.objects.filter(entry_id=entry.pk, level__in=_levels(model)).delete()
        WordFinding.objects.bulk_create(found, batch_size=1000)
        if was_current:
            _record_current(now)
    return found


def forget_entry(model, pk):
    """The list entry `pk` of `model` was deleted: its findings go."""
    previous = latest_scan()
    was_current = previous is not None and not _changed_since(previous, model, pk, deleted=True)
    WordFinding.objects.filter(entry_id=pk, level__in=_levels(model)).delete()
    if was_current:
        _record_current(timezone.now())


def _changed_since(scan, model, pk, created=False, deleted=False):
    """Whether the lists changed since `scan` by more than this one entry's change."""
    others = model.objects.exclude(pk=pk).filter(updated_at__gt=scan.scanned_at)
    other_model = SensitiveWord if model is CommonMistake else CommonMistake
    if others.exists() or other_model.objects.filter(updated_at__gt=scan.scanned_at).exists():
        return True
    words, mistakes, _last = _lists_state()
    delta = 1 if created else -1 if deleted else 0
    if model is SensitiveWord:
        return (words - delta, mistakes) != (scan.words, scan.mistakes)
    return (words, mistakes - delta) != (scan.words, scan.mistakes)


def _record_current(now):
    words, mistakes, _last = _lists_state()
    previous = latest_scan()
    WordScan.objects.create(
        scanned_at=now,
        words=words,
        mistakes=mistakes,
        objects_checked=previous.objects_checked if previous else 0,
    )


def entry_saved(sender, instance, created=False, raw=False, **kwargs):
    """post_save of a list entry: look for it once the save commits."""
    if raw:
        return
    transaction.on_commit(lambda: scan_entry(instance, created))


def entry_deleted(sender, instance, **kwargs):
    pk = instance.pk  # None once the deletion is done
    transaction.on_commit(lambda: forget_entry(sender, pk))
