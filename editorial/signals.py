from django.db.models.signals import post_delete, post_save

from . import wordcheck
from .models import CommonMistake, SensitiveWord


def _word_lists_changed(sender, **kwargs):
    wordcheck.lists_changed()


for model in (SensitiveWord, CommonMistake):
    post_save.connect(_word_lists_changed, sender=model, dispatch_uid=f"wordcheck-{model.__name__}")
    post_delete.connect(
        _word_lists_changed, sender=model, dispatch_uid=f"wordcheck-del-{model.__name__}"
    )
