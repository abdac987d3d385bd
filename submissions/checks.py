"""System checks: contributors' files must never end up in a folder the web serves."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def private_media_outside_public_folders(app_configs=None, **kwargs):
    """PRIVATE_MEDIA_ROOT inside MEDIA_ROOT or STATIC_ROOT would publish every attachment."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if not public:
            continue
        public = Path(public).resolve()
        if private == public or private.is_relative_to(public) or public.is_relative_to(private):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}).",
                    hint="Keep manuscript attachments in a folder the web server never serves.",
                    id="submissions.E001",
                )
            )
    return errors
