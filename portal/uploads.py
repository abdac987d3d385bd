"""The one place that decides whether an uploaded file is what it claims to be.

Every upload (logos, covers, magazine PDFs, editors' images, contributors'
manuscripts) goes through these validators: the type is read from the content,
never trusted from the name; images are opened with Pillow with a pixel limit
against decompression bombs, checked before any pixel is decoded; Office files are
judged from their zip directory, whose size is capped before it is read; files are
stored under random names so a name can neither collide nor be guessed.

Every public image is stored re-encoded from its decoded pixels (`reencode_image`,
applied to every ImageField by the pre_save receiver `reencode_images_on_save`): JPEG,
PNG or WebP only, the extension from the output format, turned upright by its EXIF
orientation, then without EXIF, comments or text chunks, and scaled down.
"""

import io
import os
import posixpath
import re
import struct
import unicodedata
import uuid
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MB = 1024 * 1024

IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
# What stored public images are written as.
OUTPUT_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# 40 megapixels is far beyond any photo an editor needs and far below what exhausts memory.
MAX_IMAGE_PIXELS = 40_000_000
# Photos straight from a camera or phone are accepted up to this size...
MAX_IMAGE_BYTES = 20 * MB
# ...and stored no larger than this on their longer side (covers' renditions are smaller).
MAX_STORED_IMAGE_SIDE = 2560

# Office (zip) files: what we are willing to read of the central directory. A real
# manuscript has a few dozen parts; 220,000 empty entries took 9 s and 230 MB to list.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_DIRECTORY_BYTES = 1 * MB
MAX_ZIP_UNCOMPRESSED_BYTES = 300 * MB

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


def inspect_image(file, *, max_pixels=MAX_IMAGE_PIXELS, formats=IMAGE_FORMATS, decode=True):
    """Open `file` as an image and return its Pillow format name, or raise ValidationError.

    Dimensions are read from the header before any pixel is decoded, so a
    decompression bomb is refused without being expanded. `decode=False` checks the
    structure only (images that are kept as files and never shown, e.g. manuscripts).
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
        if decode:
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

    def __init__(self, max_bytes=MAX_IMAGE_BYTES, max_pixels=MAX_IMAGE_PIXELS):
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


# Markup a browser or a viewer would act on: refused in text files and at the head of PDFs.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|svg|img|object|embed|meta|link|"
    rb"style|form|a\s|base|\?xml)|\bjavascript:",
    re.IGNORECASE,
)
# Markup that makes a file HTML to a browser; a real PDF's opening objects have none.
HTML_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|form)\b", re.IGNORECASE
)
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
PDF_HEAD_BYTES = 65536


def _is_pdf(file):
    """A PDF header at the very start, an object after it and no HTML among the opening
    objects; the end marker at the end. HTML that merely opens with %PDF- and ends with
    %%EOF is not a PDF."""
    head = _read_head(file, PDF_HEAD_BYTES)
    if not head.startswith(b"%PDF-") or not PDF_OBJECT.search(head) or HTML_MARKUP.search(head):
        return False
    file.seek(max(0, file.size - 2048) if file.size else 0)
    tail = file.read()
    file.seek(0)
    return b"%%EOF" in tail and not HTML_MARKUP.search(tail)


def _office_file_too_large():
    return ValidationError(
        _(
            "The Word file has too many parts or is too large once unpacked "
            "(at most %(entries)s parts and %(size)s); save it again or send it as PDF."
        ),
        code="office_too_large",
        params={"entries": MAX_ZIP_ENTRIES, "size": filesizeformat(MAX_ZIP_UNCOMPRESSED_BYTES)},
    )


def _zip_directory_size(file):
    """(entries, directory bytes) from the end-of-directory record, before anything is read.

    None when there is no such record (not a zip file).
    """
    size = file.size or 0
    file.seek(max(0, size - (22 + 65535)))  # the record, after a comment of at most 64 KB
    tail = file.read()
    file.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        return MAX_ZIP_ENTRIES + 1, directory_size  # ZIP64: far beyond any manuscript
    return entries, directory_size


def _is_docx(file):
    counted = _zip_directory_size(file)
    if counted is None:
        return False
    entries, directory_size = counted
    if entries > MAX_ZIP_ENTRIES or directory_size > MAX_ZIP_DIRECTORY_BYTES:
        raise _office_file_too_large()
    try:
        with zipfile.ZipFile(file) as archive:  # reads the directory only, extracts nothing
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        file.seek(0)
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _office_file_too_large()
    if sum(info.file_size for info in infos) > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise _office_file_too_large()
    names = {info.filename for info in infos}
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_text(file):
    file.seek(0)
    data = file.read()
    file.seek(0)
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if MARKUP.search(text.encode("utf-8")):
            raise ValidationError(
                _(
                    "The text file contains HTML or other markup. Send plain text, "
                    "or the document as Word or PDF."
                ),
                code="text_markup",
            )
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
            # Kept as files, never shown: the structure is checked, no pixel decoded.
            image_format = inspect_image(file, decode=False)
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


def reencode_image(file, *, max_width=None, max_side=MAX_STORED_IMAGE_SIDE):
    """A clean copy of an image upload, made from its decoded pixels.

    Turned upright by its EXIF orientation, scaled down to `max_side` (and `max_width`),
    written as JPEG, PNG (images with transparency, GIFs) or WebP (WebP uploads) with
    nothing but the pixels: no EXIF, comments, text chunks or trailing bytes. Returns a
    ContentFile named after the output format; `.image_size` is (width, height).
    """
    file.seek(0)
    with Image.open(file) as original:
        source_format = original.format
        original.seek(0)  # first frame of animations
        original.load()
        image = ImageOps.exif_transpose(original)
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    if source_format == "WEBP":
        output = "WEBP"
    elif source_format in {"PNG", "GIF"} or has_alpha:
        output = "PNG"
    else:
        output = "JPEG"
    if output == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGBA" if has_alpha else "RGB")
    bounds = (min(max_side, max_width or max_side), max_side)
    if image.width > bounds[0] or image.height > bounds[1]:
        image.thumbnail(bounds, Image.Resampling.LANCZOS)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)  # pixels only: info (comments, EXIF, text, ICC) stays behind
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True, "progressive": True},
               "PNG": {"optimize": True}, "WEBP": {"quality": 85}}[output]  # fmt: skip
    clean.save(buffer, output, **options)
    content = ContentFile(buffer.getvalue(), name="image" + OUTPUT_EXTENSIONS[output])
    content.image_size = clean.size
    return content


def reencode_images_on_save(sender, instance, raw=False, **kwargs):
    """pre_save: every new file in an ImageField of any model is stored re-encoded.

    A file already stored (committed) is left alone, so saving a record again costs
    nothing; only the upload being saved now is decoded and written anew.
    """
    if raw:
        return
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.ImageField):
            continue
        current = getattr(instance, field.attname)
        if not current or getattr(current, "_committed", True):
            continue
        clean = reencode_image(current.file)
        stem = os.path.splitext(os.path.basename(current.name or ""))[0] or "image"
        clean.name = stem + os.path.splitext(clean.name)[1]
        setattr(instance, field.attname, clean)


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
