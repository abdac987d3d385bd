"""The site health checks (网站体检): the inspection indicators, measured by the site itself.

`run_checks()` computes every check and returns the report as plain data (what a
`HealthRun` stores and the page, the text output and `--json` show). The thresholds are
settings (`HEALTH_*`, config/settings.py) and the channels' type (`Channel.kind`).
Veto items (单项否决) fail the whole site: the home page not updated, too many stale or
empty channels, a message left unanswered too long. Broken links lose points; they are
reported, not vetoed.

The content rules (images without alt text, headings, broken links, http: links) are
`portal.contentcheck`'s, the same the article form's panel applies.
"""

import functools
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Attachment, Channel, ChannelTree
from association.models import Issue, Page, PageAttachment
from portal import chrome, contentcheck
from portal.models import Link, NavItem
from submissions.models import Message

from . import content, words
from .external import Checker

HOME, CHANNELS, MESSAGES, LINKS, EXTERNAL, ACCESSIBILITY, WORDS = (
    "home",
    "channels",
    "messages",
    "links",
    "external",
    "accessibility",
    "words",
)


@dataclass(frozen=True)
class Check:
    key: str
    title: object
    veto: bool


STATE_LABELS = {
    "ok": _("up to date"),
    "stale": _("not updated"),
    "empty": _("empty"),
    "exempt": _("exempt"),
    "warn": _("overdue"),
    "fail": _("long overdue (veto)"),
}

CHECKS = {
    check.key: check
    for check in (
        Check(HOME, _("Home page updated"), True),
        Check(CHANNELS, _("Channels updated"), True),
        Check(MESSAGES, _("Messages answered"), True),
        Check(LINKS, _("Links, images and attachments"), False),
        Check(EXTERNAL, _("External links"), False),
        Check(ACCESSIBILITY, _("Accessibility of content"), False),
        Check(WORDS, _("Sensitive words and typos in live content"), False),
    )
}


def thresholds():
    """The thresholds in force, as (check key, text) for people: the page and `--list`."""
    days = settings.HEALTH_STALE_DAYS
    return [
        (
            HOME,
            _("newest article at most %(days)s days old (veto)")
            % {"days": settings.HEALTH_HOME_STALE_DAYS},
        ),
        (
            CHANNELS,
            _(
                "news channels: newest article at most %(news)s days old; notices and "
                "policy: %(notices)s / %(policy)s days; static channels exempt; "
                "%(fail)s or more stale or empty channels fail the site (veto)"
            )
            % {
                "news": days.get("news"),
                "notices": days.get("notices"),
                "policy": days.get("policy"),
                "fail": settings.HEALTH_STALE_CHANNELS_FAIL,
            },
        ),
        (
            MESSAGES,
            _(
                "listed when unanswered for more than %(warn)s working days; one "
                "unanswered for more than %(fail)s days fails the site (veto)"
            )
            % {
                "warn": settings.HEALTH_MESSAGE_WARN_WORKING_DAYS,
                "fail": settings.HEALTH_MESSAGE_FAIL_DAYS,
            },
        ),
        (
            LINKS,
            _(
                "every internal link and image of live articles, association pages, "
                "magazine issues, the navigation and the footer leads somewhere; "
                "attachments are in storage (resolved without HTTP)"
            ),
        ),
        (
            EXTERNAL,
            _("answer with a status below 400 within %(timeout)s seconds (only with --external)")
            % {"timeout": settings.HEALTH_EXTERNAL_TIMEOUT},
        ),
        (ACCESSIBILITY, _("every image in a body has alt text; headings do not skip a level")),
        (
            WORDS,
            _(
                "no block or warn word and no listed typo in live articles, association "
                "pages and published answers"
            ),
        ),
    ]


def result(key, items, *, failed=False, count=None, **extra):
    """One check's result as data; at most HEALTH_ITEMS_KEPT items, the count complete."""
    kept = settings.HEALTH_ITEMS_KEPT
    count = len(items) if count is None else count
    return {
        "key": key,
        "veto": CHECKS[key].veto,
        "failed": failed,
        "count": count,
        "items": items[:kept],
        "truncated": max(0, len(items) - kept),
        **extra,
    }


def _iso(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else None


def _age_days(moment, now):
    return (now - moment).days if moment else None


# --- freshness -------------------------------------------------------------------------


def check_home(now):
    """The home page's newest item: the newest visible article."""
    newest = (
        Article.objects.published(at=now)
        .order_by("-publish_at", "-id")
        .values_list("pk", "title", "publish_at")
        .first()
    )
    limit = settings.HEALTH_HOME_STALE_DAYS
    if newest is None:
        item = {"state": "empty", "limit": limit}
        return result(HOME, [item], failed=True, count=1)
    pk, title, publish_at = newest
    stale = publish_at < now - timedelta(days=limit)
    item = {
        "state": "stale" if stale else "ok",
        "kind": "article",
        "pk": pk,
        "title": title,
        "newest": _iso(publish_at),
        "age_days": _age_days(publish_at, now),
        "limit": limit,
    }
    return result(HOME, [item] if stale else [], failed=stale, newest=item)


def check_channels(now):
    """Each visible channel's newest visible article, its sub-channels included (the
    channel's page lists them); one aggregate query for all channels."""
    tree = ChannelTree.get()
    newest = dict(
        Article.objects.published(at=now)
        .values("channel_id")
        .annotate(newest=Max("publish_at"))
        .values_list("channel_id", "newest")
    )
    limits = settings.HEALTH_STALE_DAYS
    kinds = dict(Channel.Kind.choices)
    rows = []
    for channel in _tree_order(tree):
        kind = getattr(channel, "kind", Channel.Kind.NEWS)
        times = [newest[pk] for pk in tree.subtree_ids(channel.pk) if pk in newest]
        latest = max(times) if times else None
        limit = limits.get(kind)
        if kind == Channel.Kind.STATIC or limit is None:
            state = "exempt"
        elif latest is None:
            state = "empty"
        elif latest < now - timedelta(days=limit):
            state = "stale"
        else:
            state = "ok"
        rows.append(
            {
                "pk": channel.pk,
                "name": channel.name,
                "depth": len(tree.ancestors(channel.pk)),
                "kind": kind,
                "kind_label": str(kinds.get(kind, kind)),
                "limit": limit,
                "newest": _iso(latest),
                "age_days": _age_days(latest, now),
                "state": state,
            }
        )
    failing = [row for row in rows if row["state"] in ("stale", "empty")]
    return result(
        CHANNELS,
        failing,
        failed=len(failing) >= settings.HEALTH_STALE_CHANNELS_FAIL,
        channels=rows,
        fail_at=settings.HEALTH_STALE_CHANNELS_FAIL,
    )


def _tree_order(tree, parent=None):
    """The channels depth first, as the admin and the site map show them."""
    found = []
    for channel in tree.roots() if parent is None else tree.children(parent):
        found.append(channel)
        found.extend(_tree_order(tree, channel.pk))
    return found


# --- messages --------------------------------------------------------------------------


def working_days_between(start, end):
    """Working days (Monday to Friday) after the date `start` up to and including `end`.

    Public holidays and the weekends worked in exchange (调休) are not known to the site:
    they are counted as the calendar says."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def check_messages(now):
    """Readers' messages without an answer (rejected ones need none), oldest first."""
    warn_days = settings.HEALTH_MESSAGE_WARN_WORKING_DAYS
    fail_days = settings.HEALTH_MESSAGE_FAIL_DAYS
    # A message cannot be older than N working days before N calendar days have passed.
    candidates = (
        Message.objects.filter(reply="", created_at__lt=now - timedelta(days=warn_days))
        .exclude(state=Message.State.REJECTED)
        .order_by("created_at", "id")
        .values_list("pk", "number", "subject", "created_at", "held")
    )
    today = timezone.localdate(now)
    items, failed = [], False
    for pk, number, subject, sent, held in candidates:
        working = working_days_between(timezone.localdate(sent), today)
        too_old = sent < now - timedelta(days=fail_days)
        if working <= warn_days and not too_old:
            continue
        failed = failed or too_old
        items.append(
            {
                "kind": "message",
                "pk": pk,
                "number": number,
                "title": subject,
                "sent": _iso(sent),
                "age_days": _age_days(sent, now),
                "working_days": working,
                "held": held,
                "state": "fail" if too_old else "warn",
            }
        )
    return result(MESSAGES, items, failed=failed)


# --- links, attachments, accessibility and words: one pass over live content ------------


def _link_item(source, finding, **extra):
    return {
        **source,
        "url": finding.target,
        "problem": finding.problem or finding.code,
        "code": finding.code,
        "message": finding.message,
        **extra,
    }


class ContentPass:
    """Reads every live document once, for links, accessibility and words together."""

    def __init__(self, *, external=False, scan_words=True):
        self.resolver = contentcheck.LinkResolver()
        self.external = external
        self.scanner = words.Scanner() if scan_words else None
        self.documents = []  # (source, [(element, address)]) with something to resolve
        self.external_urls = {}  # url -> [source, ...] (a few)
        self.accessibility = []
        self.checked = 0

    def add(self, source, pairs):
        keep = []
        for element, address in pairs:
            if address.kind in ("internal", "media"):
                self.resolver.add(address)
                keep.append((element, address))
            elif address.kind == "external":
                if address.scheme == "http":
                    keep.append((element, address))
                if self.external:
                    sources = self.external_urls.setdefault(element.url, [])
                    if len(sources) < 5:
                        sources.append(source)
        if keep:
            self.documents.append((source, keep))

    def feed(self, document):
        self.checked += 1
        if self.scanner is not None:
            self.scanner.feed(document)
        base = "/"
        if document.kind == "article":  # computed only for a relative link, which is rare
            base = functools.partial(content.public_url, "article", document.pk)
        for field, html in document.html.items():
            if not html:
                continue
            source = {
                "kind": document.kind,
                "pk": document.pk,
                "title": document.title,
                "field": field,
            }
            parsed = contentcheck.elements(html)
            accessibility = contentcheck.check_images(html, parsed)
            accessibility += contentcheck.check_headings(html)
            for finding in accessibility:
                self.accessibility.append(
                    {
                        **source,
                        "code": finding.code,
                        "message": finding.message,
                        "target": finding.target,
                    }
                )
            self.add(source, contentcheck.addresses(html, self.resolver.hosts, base, parsed))

    def add_files(self, source, names):
        """Attachments: files that must be in storage."""
        pairs = []
        for name in names:
            if name:
                element = contentcheck.Element("file", name)
                pairs.append((element, contentcheck.Address("media", name, name)))
        if pairs:
            self.add(source, pairs)

    def add_url(self, source, url):
        element = contentcheck.Element("link", url, source.get("title", ""))
        self.add(source, [(element, contentcheck.classify(url, self.resolver.hosts))])


def _attachments(content_pass):
    visible = Article.objects.published()
    rows = Attachment.objects.filter(article__in=visible).values_list(
        "article_id", "article__title", "title", "file"
    )
    for article_id, article_title, title, name in rows.iterator(content.CHUNK):
        source = {
            "kind": "article",
            "pk": article_id,
            "title": article_title,
            "field": "attachment",
            "label": title,
        }
        content_pass.add_files(source, [name])
    rows = PageAttachment.objects.filter(page__in=Page.objects.published()).values_list(
        "page_id", "page__title", "title", "file"
    )
    for page_id, page_title, title, name in rows:
        source = {
            "kind": "page",
            "pk": page_id,
            "title": page_title,
            "field": "attachment",
            "label": title,
        }
        content_pass.add_files(source, [name])
    for pk, number, year, name in (
        Issue.objects.published().exclude(pdf="").values_list("pk", "number", "year", "pdf")
    ):
        source = {"kind": "issue", "pk": pk, "title": f"{year}-{number}", "field": "pdf"}
        content_pass.add_files(source, [name])


def _navigation(content_pass, items):
    """Navigation entries (a target that is gone or hidden, or an address) and footer links."""
    entries = list(
        NavItem.objects.filter(active=True).filter(Q(parent=None) | Q(parent__active=True))
    )
    targets = chrome.nav_target_labels(item.target for item in entries)
    for item in entries:
        source = {"kind": "nav", "pk": item.pk, "title": item.title, "field": "navigation"}
        if item.target and item.target not in targets and not item.url:
            items.append(
                {
                    **source,
                    "url": item.target,
                    "problem": contentcheck.NOT_FOUND,
                    "code": contentcheck.LINK_BROKEN,
                    "message": str(_("The entry's channel, topic or page is gone or hidden")),
                }
            )
        elif item.url and not (item.target and item.target in targets):
            content_pass.add_url(source, item.url)
    links = Link.objects.filter(active=True, group__active=True).values_list("pk", "name", "url")
    for pk, name, url in links:
        content_pass.add_url({"kind": "link", "pk": pk, "title": name, "field": "footer"}, url)
    # Footer links filled by apps (member associations' websites): external only.
    if content_pass.external:
        for group in chrome.build_link_groups():
            for name, url in group.links:
                address = contentcheck.classify(url, content_pass.resolver.hosts)
                if address.kind == "external":
                    content_pass.add_url(
                        {"kind": "footer", "pk": None, "title": name, "field": group.name}, url
                    )


def check_content(*, external=False, scan_words=True, checker=None):
    """Links (internal always, external on request), accessibility and words."""
    content_pass = ContentPass(external=external, scan_words=scan_words)
    for document in content.live_documents():
        content_pass.feed(document)
    _attachments(content_pass)
    link_items = []
    _navigation(content_pass, link_items)
    content_pass.resolver.resolve()

    outcomes = {}
    if external and content_pass.external_urls:
        outcomes = (checker or Checker()).check(list(content_pass.external_urls))
    https_hosts = contentcheck.known_https_hosts() | {
        (urlsplit(outcome.url).hostname or "").lower()
        for outcome in outcomes.values()
        if outcome.https
    }
    for source, pairs in content_pass.documents:
        for finding in contentcheck.address_findings(pairs, content_pass.resolver, https_hosts):
            link_items.append(_link_item(source, finding))
    external_items = [
        {
            "url": url,
            "status": outcome.status,
            "error": outcome.error,
            "sources": content_pass.external_urls.get(url, []),
        }
        for url, outcome in sorted(outcomes.items())
        if outcome.broken
    ]
    results = [
        result(LINKS, link_items, checked=content_pass.checked),
        result(ACCESSIBILITY, content_pass.accessibility),
    ]
    if external:
        results.append(
            result(
                EXTERNAL,
                external_items,
                checked=len(outcomes),
                https_hosts=sorted(h for h in https_hosts if h),
            )
        )
    if content_pass.scanner is not None:
        scan = content_pass.scanner.save()
        results.append(words_result(scan))
    return results


def words_result(scan=None):
    """The words check from the current findings (kept between runs, see health.words)."""
    from .models import WordFinding

    rows = WordFinding.objects.order_by("level", "word", "-object_id")
    kept = settings.HEALTH_ITEMS_KEPT
    count = rows.count()
    items = [
        {
            "id": f.pk,
            "kind": content.kind_of(f.content_type_id),
            "pk": f.object_id,
            "title": f.title,
            "field": f.field,
            "word": f.word,
            "level": f.level,
            "suggestion": f.suggestion,
            "context": f.context,
        }
        for f in rows[:kept]
    ]
    scan = scan or words.latest_scan()
    return result(
        WORDS,
        items,
        count=count,
        scanned_at=_iso(scan.scanned_at) if scan else None,
        block=rows.filter(level="block").count(),
    )


def run_checks(*, now=None, external=False, scan_words=True, checker=None):
    """Every check; returns the report (plain data) with timings."""
    now = now or timezone.now()
    started = time.monotonic()
    timings = {}

    def timed(key, func, *args, **kwargs):
        clock = time.monotonic()
        value = func(*args, **kwargs)
        timings[key] = round(time.monotonic() - clock, 3)
        return value

    checks = [
        timed(HOME, check_home, now),
        timed(CHANNELS, check_channels, now),
        timed(MESSAGES, check_messages, now),
        *timed(LINKS, check_content, external=external, scan_words=scan_words, checker=checker),
    ]
    vetoes = sum(1 for check in checks if check["veto"] and check["failed"])
    return {
        "computed_at": _iso(now),
        "duration": round(time.monotonic() - started, 3),
        "timings": timings,
        "external": external,
        "passed": vetoes == 0,
        "vetoes": vetoes,
        "problems": sum(check["count"] for check in checks),
        "checks": checks,
    }
