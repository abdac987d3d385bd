"""The one place that decides whether an uploaded file is what it claims to be.

Every upload (logos, covers, magazine PDFs, editors' images, contributors'
manuscripts) goes through these validators: the type is read from the content,
never trusted from the name; images are opened with Pillow with a pixel limit
against decompression bombs and fully decoded so truncated files fail; files are
stored under random names so a name can neither collide nor be guessed.
"""

import os
import posixpath
import unicodedata
import uuid
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

MB = 1024 * 1024

IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
# 40 megapixels is far beyond any photo an editor needs and far below what exhausts memory.
MAX_IMAGE_PIXELS = 40_000_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps (Compound File Binary)

# What each extension must contain.
DOCUMENT_KINDS = {
    ".pdf": "pdf",
    ".doc": "ole",
    ".wps": "ole",
    ".docx": "docx",
    ".txt": "text",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
}


def _read_head(file, size=8192):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _check_size(file, max_bytes):
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")


def inspect_image(file, *, max_pixels=MAX_IMAGE_PIXELS, formats=IMAGE_FORMATS):
    """Open `file` as an image and return its Pillow format name, or raise ValidationError.

    Dimensions are read from the header before any pixel is decoded, so a
    decompression bomb is refused without being expanded.
    """
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                image_format = image.format
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The image is too large (%(width)s×%(height)s pixels)."),
                        code="image_too_many_pixels",
                        params={"width": width, "height": height},
                    )
                if image_format not in formats:
                    raise ValidationError(
                        _("Unsupported image format. Use JPEG, PNG, GIF or WebP."),
                        code="image_format",
                    )
                image.verify()
        # verify() does not decode the pixels; a truncated file only fails on load().
        file.seek(0)
        with Image.open(file) as image:
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image is too large to be processed."), code="image_too_many_pixels"
        ) from None
    except Exception:
        raise ValidationError(
            _("The file is not a valid image or is damaged."), code="image_invalid"
        ) from None
    finally:
        file.seek(0)
    return image_format


@deconstructible
class ImageValidator:
    """Model/form field validator for images: size, format, pixels, integrity."""

    def __init__(self, max_bytes=5 * MB, max_pixels=MAX_IMAGE_PIXELS):
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def __call__(self, file):
        _check_size(file, self.max_bytes)
        inspect_image(file, max_pixels=self.max_pixels)

    def __eq__(self, other):
        return (
            isinstance(other, ImageValidator)
            and self.max_bytes == other.max_bytes
            and self.max_pixels == other.max_pixels
        )


def _is_pdf(file):
    head = _read_head(file, 1024)
    if b"%PDF-" not in head:
        return False
    file.seek(max(0, file.size - 2048) if file.size else 0)
    tail = file.read()
    file.seek(0)
    return b"%%EOF" in tail


def _is_docx(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_text(file):
    file.seek(0)
    data = file.read()
    file.seek(0)
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def detect_kind(file, extension):
    """Return True when the content of `file` matches what `extension` promises."""
    kind = DOCUMENT_KINDS.get(extension)
    if kind == "pdf":
        return _is_pdf(file)
    if kind == "ole":
        return _read_head(file, 8) == OLE_MAGIC
    if kind == "docx":
        return _is_docx(file)
    if kind == "text":
        return _is_text(file)
    if kind in {"jpeg", "png"}:
        try:
            image_format = inspect_image(file)
        except ValidationError:
            return False
        return image_format == kind.upper()
    return False


def file_extension(name):
    return os.path.splitext(name or "")[1].lower()


@deconstructible
class DocumentValidator:
    """Validator for uploaded documents: allowed extension and content that matches it."""

    def __init__(self, extensions=(".pdf",), max_bytes=50 * MB):
        self.extensions = tuple(extensions)
        self.max_bytes = max_bytes

    def __call__(self, file):
        extension = file_extension(getattr(file, "name", ""))
        if extension not in self.extensions:
            raise ValidationError(
                _("File type not allowed. Allowed types: %(types)s."),
                code="file_type",
                params={"types": ", ".join(e.lstrip(".") for e in self.extensions)},
            )
        _check_size(file, self.max_bytes)
        if not detect_kind(file, extension):
            raise ValidationError(
                _("The content of the file does not match its type (%(type)s)."),
                code="file_content_mismatch",
                params={"type": extension.lstrip(".")},
            )

    def __eq__(self, other):
        return (
            isinstance(other, DocumentValidator)
            and self.extensions == other.extensions
            and self.max_bytes == other.max_bytes
        )


def safe_filename(name, max_length=120):
    """A display name for a file a user sent: no directories, no control characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/")
    name = posixpath.basename(name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '<>:"|?*')
    name = name.strip().strip(".")
    if not name:
        return "file"
    stem, extension = os.path.splitext(name)
    return stem[: max_length - len(extension)] + extension.lower()


@deconstructible
class RandomUploadPath:
    """`upload_to` that keeps only the extension and files by date: `covers/2026/11/<hex>.jpg`."""

    def __init__(self, prefix):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename):
        extension = file_extension(filename)
        if not extension.isascii() or len(extension) > 6:
            extension = ""
        today = timezone.localdate()
        return f"{self.prefix}/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and self.prefix == other.prefix


# ISO base media brands of MP4 files that browsers play in <video>.
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
}


@deconstructible
class VideoValidator:
    """Validator for videos put into rich text: an .mp4 file whose content is MP4."""

    def __init__(self, max_bytes=200 * MB):
        self.max_bytes = max_bytes

    def __call__(self, file):
        if file_extension(getattr(file, "name", "")) != ".mp4":
            raise ValidationError(_("Only MP4 videos can be uploaded."), code="file_type")
        _check_size(file, self.max_bytes)
        head = _read_head(file, 12)
        if len(head) < 12 or head[4:8] != b"ftyp" or head[8:12] not in MP4_BRANDS:
            raise ValidationError(
                _("The file is not an MP4 video that browsers can play."),
                code="file_content_mismatch",
            )

    def __eq__(self, other):
        return isinstance(other, VideoValidator) and self.max_bytes == other.max_bytes
