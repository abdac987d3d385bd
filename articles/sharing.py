"""Sharing an article: the QR code of its page (shown for phones to scan)."""

import hashlib

import segno
from django.core.cache import cache


def qr_svg(url):
    """An inline SVG QR code of `url`, made by the site (cached: the same URL, the same code)."""
    key = "articles:qr:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = segno.make(url, error="m").svg_inline(scale=4, border=2)
        cache.set(key, svg, 60 * 60 * 24)
    return svg
