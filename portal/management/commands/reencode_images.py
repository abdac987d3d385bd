"""Re-encode the public images already stored, as new uploads are (portal.uploads).

Uploads through forms are re-encoded when they are saved; files that code wrote with
`field.save(name, content)` (an import of the legacy site, old records) are stored as
given. Run this once after such an import: every editable ImageField of every model is
read, re-encoded from its pixels (JPEG/PNG/WebP, upright, no metadata, scaled down) and
stored under a new random name; the old file is deleted. Re-encoding is lossy: do not
run it again and again on the same files.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models

from portal.uploads import reencode_image


class Command(BaseCommand):
    help = "Re-encode every stored public image from its pixels (after an import)."

    def handle(self, *args, **options):
        done = failed = 0
        for model in apps.get_models():
            fields = [
                f for f in model._meta.concrete_fields
                if isinstance(f, models.ImageField) and f.editable
            ]  # fmt: skip
            for field in fields:
                objects = model._default_manager.exclude(**{field.name: ""}).exclude(
                    **{f"{field.name}__isnull": True}
                )
                for obj in objects.iterator():
                    image = getattr(obj, field.attname)
                    old_name = image.name
                    try:
                        with image.open("rb") as handle:
                            clean = reencode_image(handle)
                    except Exception as error:  # a missing or unreadable file: report, go on
                        failed += 1
                        self.stderr.write(f"{model._meta.label} {obj.pk} {old_name}: {error}")
                        continue
                    image.save(clean.name, clean, save=False)  # a new random name
                    model._default_manager.filter(pk=obj.pk).update(**{field.attname: image.name})
                    image.storage.delete(old_name)
                    done += 1
        self.stdout.write(f"{done} images re-encoded, {failed} could not be read")
