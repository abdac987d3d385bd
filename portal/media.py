"""Public media (covers, logos, QR codes, attachments, magazine PDFs) served by the app.

whitenoise only serves files that exist at start-up, so with DEBUG off nothing served
/media/ and `make serve` showed broken images. This view serves MEDIA_ROOT for a site
on one machine (or behind a front server that caches it), safely:

- only regular files inside MEDIA_ROOT, no hidden files, no directory listings;
- images inline; every other file as a download (`Content-Disposition: attachment`),
  except magazine PDFs, shown inline inside a CSP sandbox; always `nosniff`;
- files never change under their random names: cached for a year, with ETag and
  Last-Modified answered by 304, and single byte ranges (206) for PDF readers and
  resumed downloads.

With MEDIA_S3_BUCKET set, media come from the object store and this view is not routed.
"""

import mimetypes
import os
import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils._os import safe_join
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

# Shown inline, never given a script or the site's origin (Chrome's and Firefox's PDF
# viewers work in it; Safari may offer a download instead).
INLINE_DOCUMENT_POLICY = "sandbox"
INLINE_IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
INLINE_DOCUMENT_PREFIXES = ("magazine/pdf/",)
CACHE_CONTROL = "public, max-age=31536000, immutable"
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def disposition(path):
    """How a public file is served: 'image', 'document' (inline, sandboxed) or 'download'."""
    extension = os.path.splitext(path)[1].lower()
    if extension in INLINE_IMAGE_EXTENSIONS:
        return "image"
    if path.startswith(INLINE_DOCUMENT_PREFIXES) and extension == ".pdf":
        return "document"
    return "download"


def _resolve(path):
    path = posixpath.normpath(path).lstrip("/")
    if any(part.startswith(".") for part in path.split("/")):
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        full = Path(safe_join(root, path)).resolve()
    except Exception:
        raise Http404 from None
    if root not in full.parents or not full.is_file():
        raise Http404
    return path, full


def _byte_range(header, size):
    """(start, end) inclusive for one satisfiable range, None for the whole file, or False."""
    match = RANGE.match(header.strip()) if header else None
    if header and match is None:
        return None  # several ranges or another unit: the whole file is a valid answer
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return False
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def _ranged(handle, start, length):
    handle.seek(start)
    try:
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


@require_safe
def serve(request, path):
    path, full = _resolve(path)
    stat = full.stat()
    etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    last_modified = http_date(stat.st_mtime)
    kind = disposition(path)

    def headers(response):
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = CACHE_CONTROL
        response["Accept-Ranges"] = "bytes"
        response["X-Content-Type-Options"] = "nosniff"
        if kind == "download":
            name = os.path.basename(path)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        elif kind == "document":
            response["Content-Security-Policy"] = INLINE_DOCUMENT_POLICY
            response["Content-Disposition"] = "inline"
        return response

    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        if etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*":
            return headers(HttpResponseNotModified())
    else:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
        if since is not None and int(stat.st_mtime) <= since:
            return headers(HttpResponseNotModified())

    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    size = stat.st_size
    byte_range = _byte_range(request.headers.get("Range"), size)
    if_range = request.headers.get("If-Range")
    if byte_range and if_range and if_range not in (etag, last_modified):
        byte_range = None  # the client's copy is another version: send it whole
    if byte_range is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return headers(response)
    handle = full.open("rb")
    if byte_range is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        start, end = byte_range
        response = StreamingHttpResponse(
            _ranged(handle, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    return headers(response)
