"""The old site's articles: reading, validating, importing and exporting them.

One format in two encodings (see articles/README.md, "Legacy import"): JSON Lines, one
object per line, or CSV with the same column names and `|` between list items. Files
are read line by line, so memory stays flat whatever their size. Every row is validated
on its own; a bad row is rejected with its line number and the reason, and the others go
on. Each article is written in one transaction with its tags, topics, images and its
legacy id, so nothing is ever half imported.
"""

import csv
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag

from editorial import revisions
from editorial.models import Revision
from portal.sanitize import clean_html
from portal.uploads import ImageValidator

from .media import store_body_image
from .models import Article, ArticleTag, Channel, LegacyArticle, Source, Topic
from .signals import article_signals_deferred, article_written

FIELDS = [
    "legacy_id", "title", "subtitle", "summary", "author", "channel", "source",
    "published_at", "views", "body_html", "tags", "topics", "cover", "status",
]  # fmt: skip
REQUIRED = ["legacy_id", "title", "channel", "published_at", "body_html"]
LIST_FIELDS = {"tags", "topics"}
STATUSES = {"published": Article.Status.PUBLISHED, "withdrawn": Article.Status.WITHDRAWN}
# Without an offset, the old site's times are Beijing time whatever TIME_ZONE says.
LEGACY_TIME_ZONE = ZoneInfo("Asia/Shanghai")
MAX_LEGACY_ID = 2**31 - 1
# Field lengths of the models, so a row is refused before the database would refuse it.
MAX_LENGTHS = {
    "title": Article._meta.get_field("title").max_length,
    "subtitle": Article._meta.get_field("subtitle").max_length,
    "author": Article._meta.get_field("author").max_length,
    "source": Source._meta.get_field("name").max_length,
}
MAX_CHANNEL_NAME = Channel._meta.get_field("name").max_length
MAX_TOPIC_TITLE = Topic._meta.get_field("title").max_length
MAX_TAG_NAME = Tag._meta.get_field("name").max_length

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_SRC = re.compile(r'\bsrc="([^"]*)"')


class RowError(Exception):
    """A row that cannot be imported; the message says why, in the reader's language."""


class Outcome(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Row:
    """A validated row, ready to be written."""

    line: int
    legacy_id: int
    title: str
    subtitle: str
    summary: str
    author: str
    channel: list
    source: str
    published_at: datetime
    views: int
    body_html: str
    tags: list
    topics: list
    cover: str
    status: str
    checksum: str = ""
    # Channel, source, topics and tags as saved objects (see Importer.resolve).
    refs: dict | None = None

    def canonical(self):
        """The row as plain data, in the export format (also what the checksum covers)."""
        return {
            "legacy_id": self.legacy_id,
            "title": self.title,
            "subtitle": self.subtitle,
            "summary": self.summary,
            "author": self.author,
            "channel": "/".join(self.channel),
            "source": self.source,
            "published_at": self.published_at.astimezone(LEGACY_TIME_ZONE).isoformat(),
            "views": self.views,
            "body_html": self.body_html,
            "tags": self.tags,
            "topics": self.topics,
            "cover": self.cover,
            "status": self.status,
        }


# --- Reading ----------------------------------------------------------------------------


def file_format(path):
    extension = Path(path).suffix.lower()
    if extension in {".jsonl", ".csv"}:
        return extension[1:]
    raise ValueError(_("Unsupported file type; use .jsonl or .csv."))


def _binary_lines(stream):
    """(line number, bytes) of a binary stream, without its UTF-8 byte order mark."""
    for number, line in enumerate(stream, start=1):
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        yield number, line


def read_jsonl(stream):
    """Yield (line number, dict or RowError) for every non-blank line of a JSONL stream."""
    for number, raw in _binary_lines(stream):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, RowError(_("The line is not valid UTF-8."))
            continue
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            yield number, RowError(_("The line is not valid JSON."))
            continue
        if not isinstance(data, dict):
            yield number, RowError(_("The line is not a JSON object."))
            continue
        yield number, data


def read_csv(stream):
    """Yield (line number, dict or RowError) for every record of a CSV stream.

    Records may span lines (quoted bodies); the number is the record's first line.
    Bytes that are not UTF-8 are carried through as surrogates and the record refused.
    Raises ValueError when the header lacks a required column.
    """
    counter = {"line": 0}

    def text_lines():
        for number, raw in _binary_lines(stream):
            counter["line"] = number
            yield raw.decode("utf-8", errors="surrogateescape")

    reader = csv.reader(text_lines(), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return
    except csv.Error:
        raise ValueError(_("The CSV header cannot be read.")) from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValueError(
            _("The CSV header lacks the columns: %(names)s.") % {"names": ", ".join(missing)}
        )
    start = counter["line"] + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, RowError(_("The CSV record is malformed."))
            start = counter["line"] + 1
            continue
        number, start = start, counter["line"] + 1
        if not record or not "".join(record).strip():
            continue
        if any(_has_surrogates(value) for value in record):
            yield number, RowError(_("The line is not valid UTF-8."))
            continue
        if len(record) != len(header):
            yield (
                number,
                RowError(
                    _("The record has %(found)d fields; the header has %(expected)d.")
                    % {"found": len(record), "expected": len(header)}
                ),
            )
            continue
        yield number, dict(zip(header, record, strict=True))


def _has_surrogates(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_rows(stream, fmt):
    return read_jsonl(stream) if fmt == "jsonl" else read_csv(stream)


# --- Validation -------------------------------------------------------------------------


def _text(data, name, *, required=False):
    value = data.get(name)
    if value is None:
        value = ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RowError(_("The field %(field)s must be text.") % {"field": name})
    value = str(value).strip()
    if required and not value:
        raise RowError(_("The required field %(field)s is missing or empty.") % {"field": name})
    limit = MAX_LENGTHS.get(name)
    if limit and len(value) > limit:
        raise RowError(
            _("The field %(field)s is too long (%(length)d characters; at most %(limit)d).")
            % {"field": name, "length": len(value), "limit": limit}
        )
    return value


def _integer(data, name, *, required=False, maximum=MAX_LEGACY_ID):
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowError(_("The required field %(field)s is missing or empty.") % {"field": name})
        return 0
    if isinstance(value, bool):
        value = None
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or value < 0 or value > maximum or (required and value == 0):
        raise RowError(_("The field %(field)s must be a positive whole number.") % {"field": name})
    return value


def _names(data, name, limit):
    value = data.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = value.split("|")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
    else:
        raise RowError(_("The field %(field)s must be a list of names.") % {"field": name})
    names = []
    for item in items:
        item = item.strip()
        if not item or item in names:
            continue
        if len(item) > limit:
            raise RowError(
                _("A name in %(field)s is too long (at most %(limit)d characters).")
                % {"field": name, "limit": limit}
            )
        names.append(item)
    return names


def _published_at(data):
    value = _text(data, "published_at", required=True)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RowError(
            _("published_at is not an ISO 8601 time (for example 2020-07-01T08:50:00+08:00).")
        ) from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=LEGACY_TIME_ZONE)
    return moment


def _contains_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


def validate(data, line):
    """A Row from the raw dict of one line, or RowError saying what is wrong."""
    if any(_contains_nul(value) or "\x00" in str(key) for key, value in data.items()):
        raise RowError(_("The row contains NUL bytes."))
    channel = [part.strip() for part in _text(data, "channel", required=True).split("/")]
    if not all(channel):
        raise RowError(_("The channel path has an empty part."))
    if any(len(part) > MAX_CHANNEL_NAME for part in channel):
        raise RowError(
            _("A channel name is too long (at most %(limit)d characters).")
            % {"limit": MAX_CHANNEL_NAME}
        )
    status = _text(data, "status") or "published"
    if status not in STATUSES:
        raise RowError(
            _("Unknown status %(status)s (use published or withdrawn).") % {"status": status[:40]}
        )
    body = data.get("body_html")
    if not isinstance(body, str) or not body.strip():
        raise RowError(
            _("The required field %(field)s is missing or empty.") % {"field": "body_html"}
        )
    row = Row(
        line=line,
        legacy_id=_integer(data, "legacy_id", required=True),
        title=_text(data, "title", required=True),
        subtitle=_text(data, "subtitle"),
        summary=_text(data, "summary"),
        author=_text(data, "author"),
        channel=channel,
        source=_text(data, "source"),
        published_at=_published_at(data),
        views=_integer(data, "views"),
        body_html=body.strip(),
        tags=_names(data, "tags", MAX_TAG_NAME),
        topics=_names(data, "topics", MAX_TOPIC_TITLE),
        cover=_text(data, "cover"),
        status=status,
    )
    canonical = json.dumps(row.canonical(), ensure_ascii=False, sort_keys=True)
    row.checksum = hashlib.sha256(canonical.encode()).hexdigest()
    return row


# --- Writing ----------------------------------------------------------------------------


def record_revision(article, *, created):
    """An article updated by an import keeps a revision of its new state (its history in
    the admin shows what the import changed). Called inside the article's transaction.

    A newly imported article gets none: its first state is the row itself, and the import
    of 50,000 articles stays a few statements per article.
    """
    if not created:
        revisions.record(article, None, Revision.Kind.SAVED, note=_("imported from the old site"))


@dataclass
class Result:
    line: int
    legacy_id: int
    outcome: Outcome
    warnings: list = field(default_factory=list)


class MediaDir:
    """The old site's files (`--media-dir`); paths outside it are never read."""

    def __init__(self, root):
        self.root = Path(root).resolve() if root else None

    def find(self, reference):
        """The file an old path refers to, or None. `/Uploads/a.jpg` is looked up as
        `<root>/Uploads/a.jpg`, then as `<root>/a.jpg` (a copy of the Uploads folder)."""
        if self.root is None or not reference:
            return None
        path = unquote(urlsplit(reference).path).lstrip("/")
        candidates = [path]
        if path.lower().startswith("uploads/"):
            candidates.append(path[len("uploads/") :])
        # A body exported from this site points at its media URL: with --media-dir set to
        # the old MEDIA_ROOT, a restore copies those images too.
        media_prefix = settings.MEDIA_URL.lstrip("/")
        if media_prefix and path.startswith(media_prefix):
            candidates.append(path[len(media_prefix) :])
        for candidate in candidates:
            if not candidate or "\x00" in candidate:
                continue
            resolved = (self.root / candidate).resolve()
            if resolved.is_relative_to(self.root) and resolved.is_file():
                return resolved
        return None


def is_local_image(src, media):
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return False
    if unquote(parts.path).lower().startswith("/uploads/"):
        return True
    return media.find(src) is not None


class Importer:
    """Writes validated rows; caches channels, sources and topics for the run."""

    def __init__(self, media_dir=None, dry_run=False):
        self.media = MediaDir(media_dir)
        self.dry_run = dry_run
        self.channels = {}
        self.new_channels = []
        self.sources = {}
        self.topics = {}
        self.tag_objects = {}

    # Channels, sources and topics ------------------------------------------------------

    def channel(self, path):
        key = tuple(path)
        if key in self.channels:
            return self.channels[key]
        parent = None
        for depth in range(1, len(path) + 1):
            prefix = tuple(path[:depth])
            if prefix in self.channels:
                parent = self.channels[prefix]
                continue
            name = path[depth - 1]
            channel = Channel.objects.filter(parent=parent, name=name).order_by("id").first()
            if channel is None:
                # New channels stay out of sight until an editor has reviewed them;
                # their articles are visible all the same.
                channel = Channel.objects.create(
                    name=name,
                    parent=parent,
                    slug=_unique_slug(Channel, "legacy-" + _short_hash("/".join(prefix))),
                    active=False,
                    show_in_navigation=False,
                )
                self.new_channels.append("/".join(prefix))
            self.channels[prefix] = parent = channel
        return parent

    def source(self, name):
        if not name:
            return None
        if name not in self.sources:
            self.sources[name] = Source.objects.get_or_create(name=name)[0]
        return self.sources[name]

    def topic(self, title):
        if title not in self.topics:
            topic = Topic.objects.filter(title=title).order_by("id").first()
            if topic is None:
                topic = Topic.objects.create(
                    title=title, slug=_unique_slug(Topic, "topic-" + _short_hash(title))
                )
            self.topics[title] = topic
        return self.topics[title]

    # Files -----------------------------------------------------------------------------

    def _rewrite_images(self, body, warnings):
        copied = {}

        def replace(match):
            tag = match.group(0)
            src_match = IMG_SRC.search(tag)
            src = html.unescape(src_match.group(1)) if src_match else ""
            if not src or not is_local_image(src, self.media):
                return tag
            if src not in copied:
                copied[src] = self._copy_body_image(src, warnings)
            url = copied[src]
            if url is None:
                return ""
            return tag[: src_match.start(1)] + html.escape(url) + tag[src_match.end(1) :]

        return IMG_TAG.sub(replace, body)

    def _copy_body_image(self, src, warnings):
        path = self.media.find(src)
        if path is None:
            warnings.append(_("Image %(path)s not found; removed.") % {"path": src})
            return None
        try:
            with path.open("rb") as handle:
                if self.dry_run:
                    ImageValidator()(File(handle, name=path.name))
                    return src
                url, _width, _height = store_body_image(File(handle, name=path.name))
        except ValidationError as error:
            warnings.append(
                _("Image %(path)s refused (%(reason)s); removed.")
                % {"path": src, "reason": " ".join(error.messages)}
            )
            return None
        return url

    def _set_cover(self, article, reference, warnings):
        if not reference:
            article.cover = ""
            return
        path = self.media.find(reference)
        if path is None:
            warnings.append(
                _("Cover %(path)s not found; imported without it.") % {"path": reference}
            )
            article.cover = ""
            return
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                ImageValidator()(upload)
            except ValidationError as error:
                warnings.append(
                    _("Cover %(path)s refused (%(reason)s); imported without it.")
                    % {"path": reference, "reason": " ".join(error.messages)}
                )
                article.cover = ""
                return
            if not self.dry_run:
                upload.seek(0)
                # The field's RandomUploadPath names it; save() makes the renditions.
                article.cover.save(path.name, upload, save=False)

    # Rows ------------------------------------------------------------------------------

    def resolve(self, row):
        """The row's channel, source, topics and tags as saved objects, created if new.

        A parallel import resolves them in the main process before it hands the row to
        a worker, so two workers never race to create the same channel or tag.
        """
        return {
            "channel": self.channel(row.channel),
            "source": self.source(row.source),
            "topics": [self.topic(title) for title in row.topics],
            "tags": self._tags(row.tags),
        }

    def forget(self):
        """Drop the caches: objects created in a rolled-back transaction are gone."""
        self.channels, self.sources, self.topics, self.tag_objects = {}, {}, {}, {}

    def import_rows(self, rows):
        """Import a batch of validated rows; yield (row, Result or DatabaseError).

        The batch's stored checksums are read with one query; then each article is
        written in its own transaction, and a database error rolls back that one only.
        """
        known = dict(
            LegacyArticle.objects.filter(legacy_id__in=[row.legacy_id for row in rows])
            .values_list("legacy_id", "checksum")
            .order_by()
        )
        for row in rows:
            try:
                yield row, self.import_row(row, known.get(row.legacy_id))
            except DatabaseError as error:
                self.forget()
                yield row, error

    def import_row(self, row, known):
        """Import one row, given the checksum stored for its legacy id (None if new)."""
        if known == row.checksum:
            return Result(row.line, row.legacy_id, Outcome.UNCHANGED)
        outcome = Outcome.IMPORTED if known is None else Outcome.UPDATED
        warnings = []
        if self.dry_run:
            self._rewrite_images(clean_html(row.body_html), warnings)
            self._set_cover(Article(), row.cover, warnings)
            return Result(row.line, row.legacy_id, outcome, warnings)
        with transaction.atomic():
            self._write(row, created=known is None, warnings=warnings)
        return Result(row.line, row.legacy_id, outcome, warnings)

    def _write(self, row, *, created, warnings):
        refs = row.refs or self.resolve(row)
        # The search index and anything else derived from the whole article is rebuilt
        # once, from `article_written`, not after each step below.
        with article_signals_deferred():
            if created:
                article = Article()
            else:
                article = Article.objects.select_for_update().get(legacy__legacy_id=row.legacy_id)
            article.title = row.title
            article.subtitle = row.subtitle
            article.author = row.author
            article.channel = refs["channel"]
            article.source = refs["source"]
            article.publish_at = row.published_at
            article.view_count = row.views
            article.status = STATUSES[row.status]
            article.body = self._rewrite_images(clean_html(row.body_html), warnings)
            # An empty summary is taken from the body by Article.save().
            article.summary = row.summary
            self._set_cover(article, row.cover, warnings)
            article.save()
            self._set_tags(article, refs["tags"], created=created)
            if refs["topics"] or not created:
                article.topics.set(refs["topics"])
            if created:
                LegacyArticle.objects.create(
                    legacy_id=row.legacy_id, article=article, checksum=row.checksum
                )
            else:
                LegacyArticle.objects.filter(legacy_id=row.legacy_id).update(
                    checksum=row.checksum, imported_at=timezone.now()
                )
            record_revision(article, created=created)
        article_written.send(sender=Article, instance=article)
        return article

    def _tags(self, names):
        missing = [name for name in names if name not in self.tag_objects]
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self.tag_objects[tag.name] = tag
            for name in missing:
                if name not in self.tag_objects:
                    self.tag_objects[name] = Tag.objects.create(name=name)
        return [self.tag_objects[name] for name in names]

    def _set_tags(self, article, tags, *, created):
        """The article's tags become `tags`: one insert for a new article."""
        wanted = {tag.pk: tag for tag in tags}
        tagged = ArticleTag.objects.filter(content_object=article)
        current = set() if created else set(tagged.values_list("tag_id", flat=True))
        if current - set(wanted):
            tagged.exclude(tag_id__in=list(wanted)).delete()
        ArticleTag.objects.bulk_create(
            [
                ArticleTag(content_object=article, tag=wanted[pk])
                for pk in wanted
                if pk not in current
            ]
        )


# --- Parallel import ----------------------------------------------------------------------
# One article is a handful of short statements, so a single importer mostly waits for the
# database. Worker processes (`--jobs`) each write whole articles in their own
# transactions; the main process reads, validates and resolves channels, sources, topics
# and tags, and keeps at most a few batches in flight, so memory stays flat.

_worker_importer = None


def init_worker(media_dir):
    global _worker_importer
    from django.db import connection

    _worker_importer = Importer(media_dir=media_dir)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")


def import_batch_in_worker(rows):
    """Runs in a worker: [(line, Result or the database's message)] for a batch."""
    return [
        (row.line, result if isinstance(result, Result) else str(result))
        for row, result in _worker_importer.import_rows(rows)
    ]


def _short_hash(text):
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:10]


def _unique_slug(model, base):
    base = slugify(base)[:45] or "item"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Export -----------------------------------------------------------------------------


def channel_paths():
    """{channel id: [names from the root]} of every channel, active or not (one query)."""
    rows = {
        pk: (name, parent)
        for pk, name, parent in Channel.objects.values_list("pk", "name", "parent")
    }
    paths = {}
    for pk in rows:
        names, node, seen = [], pk, set()
        while node is not None and node not in seen:
            seen.add(node)
            name, parent = rows[node]
            names.insert(0, name)
            node = parent
        paths[pk] = names
    return paths


def export_rows(chunk_size=500):
    """Every imported article as a row of the import format, oldest legacy id first.

    Streams: articles are read `chunk_size` at a time with their tags and topics.
    Articles written on the new site have no legacy id and are not part of this format.
    """
    paths = channel_paths()
    articles = (
        Article.objects.filter(legacy__isnull=False)
        .select_related("source", "legacy")
        .prefetch_related("tags", "topics")
        .order_by("legacy__legacy_id")
    )
    for article in articles.iterator(chunk_size=chunk_size):
        status = "published" if article.status == Article.Status.PUBLISHED else "withdrawn"
        yield {
            "legacy_id": article.legacy.legacy_id,
            "title": article.title,
            "subtitle": article.subtitle,
            "summary": article.summary,
            "author": article.author,
            "channel": "/".join(paths.get(article.channel_id, [])),
            "source": article.source.name if article.source_id else "",
            "published_at": article.publish_at.astimezone(LEGACY_TIME_ZONE).isoformat(),
            "views": article.view_count,
            "body_html": article.body,
            "tags": sorted(tag.name for tag in article.tags.all()),
            "topics": [topic.title for topic in article.topics.all()],
            "cover": article.cover.name if article.cover else "",
            "status": status,
        }


def write_rows(rows, stream, fmt):
    """Write rows to a text stream as JSONL or CSV; returns how many."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, **{name: "|".join(row[name]) for name in LIST_FIELDS}})
        count += 1
    return count


def open_text_for_writing(path):
    return open(os.fspath(path), "w", encoding="utf-8", newline="")
