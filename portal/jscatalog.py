"""The public pages' JavaScript catalogue: the labels of the controls that only scripts make
(the menu button's other state, the sub-menu buttons, the article tools, read aloud).

They used to ride in every page as data attributes; now the scripts ask gettext() for them
(domain djangojs: `makemessages -d djangojs` reads static/js, the Chinese is in
locale/zh_Hans/LC_MESSAGES/djangojs.po). The catalogue is Django's JavaScriptCatalog,
rendered once per process and language and served under an address that names its content,
so browsers and the front server keep it for a year and a new catalogue gets a new address.
base.html loads it with `defer` before the scripts that use it.
"""

import functools
import hashlib

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog

KEEP = "public, max-age=31536000, immutable"


@functools.cache
def _rendered(language):
    """(the catalogue in `language`, a digest of it). Only LOCALE_PATHS and portal are read,
    not every app's catalogue: the admin's JavaScript has its own (admin:jsi18n)."""
    content = JavaScriptCatalog(packages=["portal"]).get(HttpRequest()).content
    return content, hashlib.sha256(content).hexdigest()[:8]


def url():
    """The address of the catalogue in the active language."""
    return reverse("jsi18n", args=[_rendered(get_language())[1]])


@require_safe
def view(request, version):
    """The catalogue, kept for a year. An older address (a page cached before a deploy) gets
    today's catalogue for a few minutes only."""
    content, current = _rendered(get_language())
    response = HttpResponse(content, content_type='text/javascript; charset="utf-8"')
    response["Cache-Control"] = KEEP if version == current else "public, max-age=300"
    return response
