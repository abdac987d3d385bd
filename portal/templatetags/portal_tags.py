import datetime
import hashlib

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .. import jscatalog, pagecache, slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name, **kwargs):
    """Render what the apps registered for the slot `name` (see portal/slots.py)."""
    parts = []
    for contribution in slots.contributions(name):
        values = contribution.context(**kwargs)
        if values is None:
            continue
        tmpl = context.template.engine.get_template(contribution.template_name)
        parts.append(tmpl.render(context.new(values)))
    return mark_safe("".join(parts))


@register.simple_tag
def javascript_catalog_url():
    """The address of the public pages' JavaScript catalogue (portal/jscatalog.py)."""
    return jscatalog.url()


class _NoPath:
    """Stands in for the request while a shared fragment renders: it depends on no request."""

    path = None


def nav_paths(chrome):
    """The paths the main navigation links to (entries and their sub-entries)."""
    return {
        entry.url for item in chrome.navigation for entry in (item, *item.children) if entry.url
    }


@register.simple_tag(takes_context=True)
def chrome_fragment(context, template_name, mark_current=False, **per_request):
    """A part of the chrome that every page shares (masthead, navigation, footer) as ready HTML.

    Rendered once per content generation (any save of public content renders it anew)
    and served from the cache; the footer's copyright year is part of the key.

    With `mark_current`, the template gets `current_path`: the path of the page being
    shown when the navigation links to it, else None; it marks that link with
    `aria-current="page"` itself (see includes/nav.html). `current_path` is part of the
    cache key, so there is one rendering per navigation entry, plus one for every other
    page. Keyword arguments are the few values that differ per request (the search
    box's text): the fragment is rendered with a marker in their place, filled in
    (escaped) on each use.
    """
    key = f"fragment:{template_name}:{timezone.localdate().year}"
    current = None
    if mark_current:
        request, chrome = context.get("request"), context.get("chrome")
        path = getattr(request, "path", None)
        current = path if chrome is not None and path in nav_paths(chrome) else None
        key += ":" + (hashlib.sha256(current.encode()).hexdigest()[:16] if current else "")

    def build():  # on a miss only: flattening the context costs more than the cache read
        values = context.flatten()
        values["request"] = _NoPath()
        values.update({name: _marker(name) for name in per_request})
        if mark_current:
            values["current_path"] = current
        return context.template.engine.get_template(template_name).render(context.new(values))

    html = pagecache.memo(key, build, settings.CHROME_CACHE_TIMEOUT)
    for name, value in per_request.items():
        html = html.replace(_marker(name), conditional_escape(value))
    return mark_safe(html)


def _marker(name):
    # Private-use characters: nothing a template or an editor writes, and left alone by
    # HTML escaping, so the marker survives the fragment's rendering unchanged.
    return f"\ue000{name}\ue001"


@register.filter
def iso(value):
    """The one machine-readable time (`<time datetime>`, meta tags): ISO 8601 in the site's
    time zone, to the second. `date:"c"` adds microseconds, which HTML does not accept."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def iso_date(value):
    """The date part of `iso` (what lists show, 2026-07-01): the same as `date:"Y-m-d"`
    without the format parser, which costs more than the rest of a list's line."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.simple_tag
def page_numbers(page_obj):
    """The numbers to link around the current page, Paginator.ELLIPSIS marking the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.filter
def is_own_link(url):
    """Whether a link points into this site: a path, or an address on one of its own hosts.

    Decided without the request, so the footer can be rendered once for every page.
    """
    from urllib.parse import urlsplit

    url = str(url)
    if url.startswith("/") and not url.startswith("//"):
        return True
    host = (urlsplit(url).hostname or "").lower()
    own = {settings.SITE_DOMAIN.lower(), *(h.lower() for h in settings.ALLOWED_HOSTS)}
    return bool(host) and (host in own or f".{host}" in own)


@register.filter
def query_value(value):
    """`value` for a URL's query string, as `urlencode:''` but leaving characters beyond
    ASCII as they are: a browser encodes them itself when it follows the link, and a
    Chinese character takes 3 bytes in the page instead of 9 (%E5%BC%80)."""
    from urllib.parse import quote

    return "".join(char if ord(char) > 127 else quote(char, safe="") for char in str(value))
