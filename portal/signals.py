from django.db.models.signals import pre_save

from . import chrome
from .models import Link, LinkGroup, NavItem, SiteSettings
from .text import strip_control_characters_on_save
from .uploads import reencode_images_on_save

for model in (SiteSettings, NavItem, LinkGroup, Link):
    chrome.watch(model)

# Editors' text: no control characters in anything the project's models store.
pre_save.connect(strip_control_characters_on_save, dispatch_uid="portal-clean-text")

# Public images: stored re-encoded from their pixels, whatever model holds them.
pre_save.connect(reencode_images_on_save, dispatch_uid="portal-reencode-images")
