"""Content checks, written once: the rules the article form's panel and `site_health` share.

    from portal import contentcheck
    links = contentcheck.LinkResolver()
    found = contentcheck.check_body(html, links)     # images, headings, links (collected)
    links.resolve()                                  # every address at once, no HTTP
    found += contentcheck.link_findings(html, links) # the links that lead nowhere
    found += contentcheck.check_title(title) + contentcheck.check_summary(summary, auto)

Pure functions over sanitised HTML (`portal.sanitize.clean_html` output: attributes in
double quotes) and text, and a small registry through which apps say whether an address
of theirs leads to something readers can see (`register_path_check`, called from their
`AppConfig.ready()`). This module imports no content app.

Internal addresses are resolved without HTTP: Django's URL resolver says which view an
address reaches, the app registered for that view answers for all addresses of it in one
query, media files are looked up in storage, unknown paths in the editors' redirects.
"""

import re
import unicodedata
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# Problems of an address.
NOT_FOUND = "not_found"  # no page at this address
NOT_PUBLIC = "not_public"  # the page exists, readers cannot see it (withdrawn, draft, hidden)
FILE_MISSING = "file_missing"  # a media file that is not in storage

# Codes of findings.
IMAGE_ALT = "image_alt"
HEADING_ORDER = "heading_order"
LINK_BROKEN = "link_broken"
LINK_HTTP = "link_http"
TITLE_LONG = "title_long"
SUMMARY_EMPTY = "summary_empty"
IMAGE_SCALED = "image_scaled"


@dataclass(frozen=True)
class Finding:
    """One thing an editor should look at: what (code), where (target), said in Chinese."""

    code: str
    message: str
    target: str = ""  # the address, image or heading concerned
    problem: str = ""  # for links: NOT_FOUND, NOT_PUBLIC, FILE_MISSING


# --- reading sanitised HTML ------------------------------------------------------------

ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
MEDIA_TAG = re.compile(r"<(img|video|iframe)\b([^>]*)>", re.IGNORECASE)
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
ATTRIBUTE = re.compile(
    r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
TAGS = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")


def attributes(text):
    """{name: value} of a tag's attribute text (values unescaped; bare names map to "")."""
    found = {}
    for name, double, single, bare in ATTRIBUTE.findall(text):
        found.setdefault(name.lower(), unescape(double or single or bare))
    return found


def plain(html):
    return SPACES.sub(" ", unescape(TAGS.sub("", html))).strip()


@dataclass(frozen=True)
class Element:
    kind: str  # "link", "image", "video", "iframe"
    url: str
    text: str = ""  # a link's text
    alt: str | None = None  # an image's alt text (None: no attribute)


def elements(html):
    """Links and embedded media of `html`, in document order (per kind)."""
    found = []
    for attrs, text in ANCHOR.findall(html or ""):
        href = attributes(attrs).get("href")
        if href:
            found.append(Element("link", href.strip(), plain(text)[:80]))
    for tag, attrs in MEDIA_TAG.findall(html or ""):
        values = attributes(attrs)
        tag = tag.lower()
        if tag == "img":
            found.append(Element("image", values.get("src", "").strip(), alt=values.get("alt")))
        elif values.get("src"):
            found.append(Element(tag, values["src"].strip()))
        if tag == "video" and values.get("poster"):
            found.append(Element("image", values["poster"].strip(), alt=""))
    return found


def headings(html):
    """[(level, text)] of the headings in `html`."""
    return [(int(level), plain(text)) for level, text in HEADING.findall(html or "")]


# --- images and headings ---------------------------------------------------------------

# What the upload button puts as alt text: the file's name (IMG_2034, 微信图片_2026…).
FILE_NAME_ALT = re.compile(
    r"^(?:img|dsc|dscn|dcim|image|photo|pic|screenshot|微信图片|屏幕截图|截图|未命名)?"
    r"[\s_\-.()（）\d]*(?:\.(?:jpe?g|png|gif|webp|bmp))?$",
    re.IGNORECASE,
)


def alt_missing(alt):
    """No alt text, or one that only names the file (which tells a blind reader nothing)."""
    if alt is None or not alt.strip():
        return True
    return bool(FILE_NAME_ALT.match(alt.strip())) and any(c.isdigit() for c in alt)


def check_images(html, parsed=None):
    """Images without alt text; `parsed`: the `elements()` of `html` if already read."""
    return [
        Finding(IMAGE_ALT, _("Image without alt text"), element.url)
        for element in (elements(html) if parsed is None else parsed)
        if element.kind == "image" and alt_missing(element.alt)
    ]


def check_headings(html, top=2):
    """Headings that skip a level (h2 then h4), or a first heading below `top` (the page's
    title is its h1, so a body starts at h2)."""
    found, previous = [], top - 1
    for level, text in headings(html):
        if level > previous + 1:
            expected = f"h{previous + 1}" if previous >= top else f"h{top}"
            found.append(
                Finding(
                    HEADING_ORDER,
                    _("Heading level h%(level)s where %(expected)s was expected")
                    % {"level": level, "expected": expected},
                    text[:80],
                )
            )
        previous = level
    return found


# --- images scaled on upload -----------------------------------------------------------

SCALED = re.compile(r"-scaled-from-(\d{1,6})x(\d{1,6})(?=\.[a-z0-9]+$)", re.IGNORECASE)


def scaled_image_name(name, original_size):
    """The stored name of a body image that was scaled down from `original_size` (w, h):
    the size goes into the name, so the content check sees it in the address alone."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    width, height = original_size
    return f"{stem}-scaled-from-{int(width)}x{int(height)}" + (f".{extension}" if dot else "")


def scaled_from(url):
    """(width, height) the image at `url` had before it was scaled on upload, or None."""
    match = SCALED.search(urlsplit(url).path)
    return (int(match[1]), int(match[2])) if match else None


def check_scaled(html, parsed=None):
    found = []
    for element in elements(html) if parsed is None else parsed:
        size = scaled_from(element.url) if element.kind == "image" else None
        if size:
            found.append(
                Finding(
                    IMAGE_SCALED,
                    _(
                        "Image of %(width)s × %(height)s pixels, scaled down on upload: check "
                        "that its details are still readable"
                    )
                    % {"width": size[0], "height": size[1]},
                    element.url,
                )
            )
    return found


# --- title and summary -----------------------------------------------------------------


def display_width(text):
    """Width of `text` in Han characters: wide characters count 1, others 1/2."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text or "")


def check_title(title, max_width=None):
    """A title wider than the list pages show on one line (HEALTH_TITLE_MAX_WIDTH)."""
    max_width = max_width or settings.HEALTH_TITLE_MAX_WIDTH
    width = display_width(title)
    if width <= max_width:
        return []
    return [
        Finding(
            TITLE_LONG,
            _(
                "The title is %(width)s characters wide; lists show about %(max)s on one line, "
                "the rest is cut off"
            )
            % {"width": f"{width:g}", "max": f"{max_width:g}"},
            title,
        )
    ]


def check_summary(summary, automatic=False):
    if (summary or "").strip() and not automatic:
        return []
    return [
        Finding(
            SUMMARY_EMPTY,
            _(
                "No summary written: lists, search results and shared links show the start "
                "of the body instead"
            ),
        )
    ]


# --- addresses -------------------------------------------------------------------------

_path_checks = {}  # view name -> callable(list of kwargs) -> list of problem or None
_https_host_providers = []


def register_path_check(view_name, check):
    """Say whether addresses of the view `view_name` lead to something readers see.

    `check(kwargs_list)` gets the URL keyword arguments of every such address found (a
    list of dicts, as the resolver gives them) and returns, in the same order, None or a
    problem (NOT_FOUND, NOT_PUBLIC). It should cost one query for the whole list. Views
    without a check count as found once the resolver knows the address.
    """
    _path_checks[view_name] = check


def register_https_hosts(provider):
    """`provider()` returns host names known to answer over HTTPS (an external link check
    found them), for the "http: where https: exists" rule."""
    if provider not in _https_host_providers:
        _https_host_providers.append(provider)


def known_https_hosts():
    hosts = set()
    for provider in _https_host_providers:
        hosts.update(provider())
    return hosts


def own_hosts():
    """Addresses of this site: SITE_DOMAIN and ALLOWED_HOSTS, as host or host:port."""
    names = {getattr(settings, "SITE_DOMAIN", "")}
    names.update(host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*")
    return {_netloc(urlsplit("//" + name)) for name in names if name} - {""}


DEFAULT_PORTS = {"http": 80, "https": 443}


def _netloc(parts):
    """host, or host:port unless the port is the scheme's default (80, 443)."""
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if (
        port is None
        or port == DEFAULT_PORTS.get(parts.scheme or "https")
        or (not parts.scheme and port in DEFAULT_PORTS.values())
    ):
        return host
    return f"{host}:{port}"


@dataclass(frozen=True)
class Address:
    kind: str  # "internal", "media", "external", "other" (mailto:, tel:, #anchor)
    url: str  # as written
    path: str = ""  # internal: the path, decoded; media: the storage name
    scheme: str = ""


def classify(url, hosts=None, base="/"):
    """What `url` is: an address of this site, a media file, an external page or other.

    `base` is the address of the page the link is on (for relative links); it may be a
    function, called only when a relative link needs it."""
    url = (url or "").strip()
    hosts = own_hosts() if hosts is None else hosts
    media = settings.MEDIA_URL
    if "://" in media and url.startswith(media):
        return Address("media", url, unquote(urlsplit(url[len(media) :]).path))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return Address("other", url, scheme=scheme)
    if not scheme and not parts.netloc and not parts.path:
        return Address("other", url)  # "#section" or "?page=2" of the same page
    if parts.netloc and _netloc(parts) not in hosts:
        return Address("external", url, scheme=scheme or "https")
    path = parts.path or "/"
    if not path.startswith("/"):
        base = base() if callable(base) else base
        path = base.rsplit("/", 1)[0] + "/" + path
    path = unquote(path)
    if "://" not in media and path.startswith(media):
        return Address("media", url, path[len(media) :], scheme)
    return Address("internal", url, path, scheme)


class LinkResolver:
    """Collects addresses, resolves them all at once (no HTTP), answers per address.

    Each registered view's check runs once for every address of that view; media files
    are looked up once per name; unknown paths are looked up in the editors' redirects
    with one query.
    """

    def __init__(self, hosts=None, storage=None):
        self.hosts = own_hosts() if hosts is None else hosts
        self.storage = storage or default_storage
        self.pending = {}  # (kind, path) -> None
        self.results = {}  # (kind, path) -> problem or None

    def add(self, address):
        if address.kind in ("internal", "media"):
            key = (address.kind, address.path)
            if key not in self.results:
                self.pending[key] = None

    def resolve(self):
        by_view, unknown = {}, []
        for kind, path in self.pending:
            if kind == "media":
                self.results[(kind, path)] = self._media(path)
                continue
            match = _resolve(path)
            if match is None:
                unknown.append(path)
            elif match.view_name in _path_checks:
                by_view.setdefault(match.view_name, []).append((path, match.kwargs))
            else:
                self.results[(kind, path)] = None
        for view_name, items in by_view.items():
            problems = _path_checks[view_name]([kwargs for _path, kwargs in items])
            for (path, _kwargs), problem in zip(items, problems, strict=True):
                self.results[("internal", path)] = problem
        redirected = _redirected(unknown)
        for path in unknown:
            self.results[("internal", path)] = None if path in redirected else NOT_FOUND
        self.pending = {}

    def _media(self, name):
        if not name or ".." in name.split("/"):
            return FILE_MISSING
        try:
            return None if self.storage.exists(name) else FILE_MISSING
        except Exception:  # an unreachable object store is not a missing file
            return None

    def problem(self, address):
        """None when `address` leads somewhere (or is not ours to resolve)."""
        if address.kind not in ("internal", "media"):
            return None
        return self.results.get((address.kind, address.path))


def _resolve(path):
    for candidate in (path, path + "/") if settings.APPEND_SLASH else (path,):
        if candidate.endswith("//"):
            continue
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    return None


def _redirected(paths):
    """The paths among `paths` that the editors mapped to a new address (redirects app)."""
    if not paths:
        return set()
    from django.contrib.redirects.models import Redirect

    found = set()
    for chunk in chunks(paths):
        found.update(
            Redirect.objects.filter(site_id=settings.SITE_ID, old_path__in=chunk)
            .exclude(new_path="")
            .values_list("old_path", flat=True)
        )
    return found


CHUNK = 2000


def chunks(values, size=CHUNK):
    """`values` in lists of at most `size` (a query's IN list stays small on any database)."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


PROBLEM_MESSAGES = {
    NOT_FOUND: lambda: _("The address leads to no page"),
    NOT_PUBLIC: lambda: _("The page exists but readers cannot see it (withdrawn or not public)"),
    FILE_MISSING: lambda: _("The file is missing from storage"),
}


def problem_message(problem):
    return PROBLEM_MESSAGES[problem]() if problem in PROBLEM_MESSAGES else problem


def addresses(html, hosts=None, base="/", parsed=None):
    """(element, address) of every link and embedded medium of `html`."""
    parsed = elements(html) if parsed is None else parsed
    return [(element, classify(element.url, hosts, base)) for element in parsed]


def collect(html, resolver, base="/"):
    """Hand every internal address of `html` to `resolver` (resolved later, in bulk)."""
    for _element, address in addresses(html, resolver.hosts, base):
        resolver.add(address)


def https_available(address, hosts, https_hosts):
    """Whether an http: address is known to work over https too."""
    if address.scheme != "http":
        return False
    if address.kind in ("internal", "media"):
        return not settings.DEBUG  # the site itself is served over HTTPS in production
    return (urlsplit(address.url).hostname or "").lower() in https_hosts


def link_findings(html, resolver, *, base="/", https_hosts=None):
    """Broken internal links and images, and http: links where https: exists.

    `resolver` must have resolved the addresses of `html` (see `collect`)."""
    return address_findings(addresses(html, resolver.hosts, base), resolver, https_hosts)


def address_findings(pairs, resolver, https_hosts=None):
    """`link_findings` for (element, address) pairs already read from a text."""
    if https_hosts is None:
        https_hosts = known_https_hosts()
    # A host the same text already links to over https serves https.
    https_hosts = https_hosts | {
        (urlsplit(a.url).hostname or "").lower() for _e, a in pairs if a.scheme == "https"
    }
    found = []
    for element, address in pairs:
        problem = resolver.problem(address)
        if problem:
            found.append(
                Finding(LINK_BROKEN, problem_message(problem), element.url, problem=problem)
            )
        elif element.kind == "link" and https_available(address, resolver.hosts, https_hosts):
            found.append(
                Finding(
                    LINK_HTTP,
                    _("An http: link where the site answers over https: use https://"),
                    element.url,
                )
            )
    return found


def check_body(html, resolver=None, *, base="/", https_hosts=None):
    """Every rule on a body: images without alt text, headings out of order, images scaled
    on upload, and (with a resolver) broken links and http: links. With a resolver that
    has not resolved yet, the links are collected and resolved here."""
    parsed = elements(html)
    found = check_images(html, parsed) + check_headings(html) + check_scaled(html, parsed)
    if resolver is not None:
        pairs = addresses(html, resolver.hosts, base, parsed)
        for _element, address in pairs:
            resolver.add(address)
        if resolver.pending:
            resolver.resolve()
        found += address_findings(pairs, resolver, https_hosts)
    return found
