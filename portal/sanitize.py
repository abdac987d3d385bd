"""The one HTML sanitiser for everything editors or the public put into a page body.

An allow-list through nh3 (ammonia): structure survives (headings, lists, tables,
links, images, quotes); scripts, event handlers, javascript:/data: URLs, <style>,
foreign <iframe>s and Word's markup do not. The only inline style kept is text-align, so
pasted content cannot hide or overlay the page.

Video: <video controls> playing an MP4 from the site's own media, and <iframe> players
whose address is on the allow-list in settings (VIDEO_EMBED_HOSTS: v.qq.com, the WeChat
channels player, bilibili). Any other iframe or video source is removed.
"""

import html as html_lib
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "iframe", "video",
}  # fmt: skip

# Tags dropped together with everything inside them.
DROPPED_WITH_CONTENT = {
    "script", "style", "frame", "frameset", "object", "embed", "applet", "noscript",
    "template", "svg", "math", "xml", "title", "head", "meta", "link", "base", "form", "select",
    "textarea", "button", "input", "audio", "canvas", "noembed", "noframes",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "iframe": {"src", "width", "height", "allowfullscreen"},
    "video": {"src", "controls", "width", "height", "poster", "preload"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "p": {"style"},
    "h2": {"style"},
    "h3": {"style"},
    "h4": {"style"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}
STYLE_PROPERTIES = {"text-align"}

# Players run in a sandbox: scripts for the player itself, no top navigation, no forms.
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"


def is_allowed_embed(url):
    """An iframe source on the VIDEO_EMBED_HOSTS allow-list, over HTTPS."""
    parts = urlsplit(url.strip())
    hosts = getattr(settings, "VIDEO_EMBED_HOSTS", ())
    return parts.scheme == "https" and (parts.hostname or "") in hosts


def is_site_video(url):
    """An MP4 file from the site's own media."""
    path = urlsplit(url.strip()).path
    if not url.strip().startswith(settings.MEDIA_URL) or ".." in path:
        return False
    return path.lower().endswith(".mp4")


def _filter_attribute(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        return value if is_allowed_embed(value) else None
    if tag == "video" and attribute in {"src", "poster"}:
        if attribute == "poster":
            return value if urlsplit(value).scheme in {"http", "https", ""} else None
        return value if is_site_video(value) else None
    return value


# After filtering, a player without an allowed source is dropped entirely.
_EMPTY_PLAYER = re.compile(r"<(iframe|video)\b(?![^>]*\bsrc=)[^>]*>.*?</\1>", re.S)

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    strip_comments=True,
    link_rel="noopener noreferrer",
    filter_style_properties=STYLE_PROPERTIES,
    attribute_filter=_filter_attribute,
    set_tag_attribute_values={
        "iframe": {"sandbox": IFRAME_SANDBOX, "referrerpolicy": "no-referrer", "loading": "lazy"},
        "video": {"controls": "", "preload": "metadata"},
    },
)


def clean_html(html):
    """Return `html` reduced to the allow-list. Safe to call on already clean HTML."""
    if not html:
        return ""
    # NUL bytes are never meaningful in a body and PostgreSQL refuses them.
    cleaned = _cleaner.clean(html.replace("\x00", "")).strip()
    return _EMPTY_PLAYER.sub("", cleaned)


_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def text_to_paragraphs(text):
    """Text without any markup (typed into a plain box) as HTML: one <p> per line.

    HTML is returned unchanged, so this is safe to apply before clean_html on every save.
    """
    if not text or _TAG.search(text):
        return text or ""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{html_lib.escape(line, quote=False)}</p>" for line in lines if line)
