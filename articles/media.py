"""Images put into article bodies: validated by the one upload guard, scaled, stored.

The importer stores the old site's body images with `store_body_image()`, which gives
them what the editor's upload button gives its images (`portal.uploads.ImageValidator`,
scaled down to BODY_IMAGE_MAX_WIDTH, re-encoded, a random name under `editor/`).
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from portal.uploads import ImageValidator, RandomUploadPath

# Images put into bodies are scaled down to this width (px); the originals are not kept.
BODY_IMAGE_MAX_WIDTH = 1600
body_image_path = RandomUploadPath("editor")
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def store_body_image(file):
    """Validate `file`, scale it down and store it; return (url, width, height).

    Raises ValidationError (with the guard's Chinese message) when the file is not an
    acceptable image.
    """
    ImageValidator()(file)
    file.seek(0)
    with Image.open(file) as original:
        image = ImageOps.exif_transpose(original)
        image_format = original.format
        if image.width > BODY_IMAGE_MAX_WIDTH:
            height = round(image.height * BODY_IMAGE_MAX_WIDTH / image.width)
            image = image.resize((BODY_IMAGE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
        if image_format not in {"PNG", "GIF", "WEBP"}:
            image_format = "JPEG"
        if image_format == "JPEG":
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, image_format, **({"quality": 85} if image_format == "JPEG" else {}))
        width, height = image.size
    name = default_storage.save(
        body_image_path(None, "image" + EXTENSIONS[image_format]), ContentFile(buffer.getvalue())
    )
    return default_storage.url(name), width, height
