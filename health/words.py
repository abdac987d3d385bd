"""Words of the lists (portal.wordcheck) in live content, kept current.

- Every run of the site health check looks for both lists in all live content
  (`scan()`): articles, association pages, magazine issues, published answered messages.
- Saving a list entry (the admin form, its list's editable column) looks for that entry
  alone once the save commits (`scan_entry()`), so a new block word lists the live
  articles containing it straight away; deleting an entry drops its findings.
- An import writes the lists in bulk without signals: `is_stale()` sees it (a list of
  another size, or an entry changed after the last scan) and the 网站体检 page computes
  the findings again when it is opened.

Matching is `portal.wordcheck.check()` itself, so the normalisation (NFKC: full-width
letters; case; zero-width characters dropped) is the checker's, not a copy of it. The
scan for one entry first keeps the documents whose text, normalised by the same
`portal.text.normalized_map()`, contains the entry: a plain substring test in C.
"""

import time
import unicodedata

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from portal import wordcheck
from portal.models import CommonMistake, SensitiveWord
from portal.text import normalized_map

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


def _normalized(text):
    # As portal.wordcheck.Matcher.find() sees a text: NFC, then normalised character by
    # character with invisible format characters (zero-width spaces) dropped.
    return normalized_map(unicodedata.normalize("NFC", text or ""), drop_invisible=True)[0]


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
    for document in content.live_documents():
        if not any(pattern in _normalized(text) for text in document.texts.values()):
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
