from django.db.models.signals import post_delete, post_save, pre_save

from . import audit, chrome, wordcheck  # noqa: F401 (audit connects the sign-in receivers)
from .models import CommonMistake, Link, LinkGroup, NavItem, SensitiveWord, SiteSettings
from .text import strip_control_characters_on_save
from .uploads import reencode_images_on_save

for model in (SiteSettings, NavItem, LinkGroup, Link):
    chrome.watch(model)

# Editors' text: no control characters in anything the project's models store.
pre_save.connect(strip_control_characters_on_save, dispatch_uid="portal-clean-text")

# Public images: stored re-encoded from their pixels, whatever model holds them.
pre_save.connect(reencode_images_on_save, dispatch_uid="portal-reencode-images")


def _word_lists_changed(sender, **kwargs):
    wordcheck.lists_changed()


for model in (SensitiveWord, CommonMistake):
    post_save.connect(_word_lists_changed, sender=model, dispatch_uid=f"wordcheck-{model.__name__}")
    post_delete.connect(
        _word_lists_changed, sender=model, dispatch_uid=f"wordcheck-del-{model.__name__}"
    )
