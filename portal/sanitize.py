"""The one HTML sanitiser for everything editors or the public put into a page body.

An allow-list through nh3 (ammonia): structure survives (headings, lists, tables,
links, images, quotes); scripts, event handlers, javascript:/data: URLs, <style>,
<iframe> and Word's markup do not. The only inline style kept is text-align, so
pasted content cannot hide or overlay the page.
"""

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip

# Tags dropped together with everything inside them.
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
    "template", "svg", "math", "xml", "title", "head", "meta", "link", "base", "form", "select",
    "textarea", "button", "input", "audio", "video", "canvas", "noembed", "noframes",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "p": {"style"},
    "h2": {"style"},
    "h3": {"style"},
    "h4": {"style"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}
STYLE_PROPERTIES = {"text-align"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    strip_comments=True,
    link_rel="noopener noreferrer",
    filter_style_properties=STYLE_PROPERTIES,
)


def clean_html(html):
    """Return `html` reduced to the allow-list. Safe to call on already clean HTML."""
    if not html:
        return ""
    # NUL bytes are never meaningful in a body and PostgreSQL refuses them.
    return _cleaner.clean(html.replace("\x00", "")).strip()
