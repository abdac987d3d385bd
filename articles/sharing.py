"""Sharing an article: the QR code of its page (for phones to scan), as an image file of
its own that pages link with an <img> (articles.views.article_qr)."""

import hashlib
import io

import segno
from django.core.cache import cache

QR_SIZE = 132  # pixels: 33 modules at scale 4 with a border of 2 (any address up to ~60 bytes)


def qr_svg(url):
    """An SVG image of the QR code of `url`. Made by the site, once per address (cached;
    the same URL, the same code: the content generation does not enter into it)."""
    key = "articles:qr-file:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
        svg = buffer.getvalue()
        cache.set(key, svg, 60 * 60 * 24)
    return svg
