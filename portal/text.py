"""The one rule for control characters in text that people type.

C0 control characters (and DEL) mean nothing in a title, a name or an article, and XML
cannot carry them: one U+0001 in a title made every feed listing it answer 500. Public
forms remove them as they clean input (submissions); everything editors save goes
through `strip_control_characters_on_save`, a pre_save receiver for the models of the
apps named in settings.TEXT_CLEANED_APPS, so no form, import or script can store them.
"""

import re

from django.conf import settings
from django.db import models

# Control characters other than tab and line breaks. NUL is left to the public forms'
# validator, which names it; stored text loses it below.
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS_AND_TABS = re.compile("[\t\n\r]+")


def clean_text(value, *, multiline=True):
    """`value` without C0 control characters; one-line text also loses tabs and line breaks."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value.replace("\x00", ""))
    if not multiline:
        value = LINE_BREAKS_AND_TABS.sub(" ", value)
    return value


def strip_control_characters_on_save(sender, instance, raw=False, **kwargs):
    """pre_save: clean every CharField and TextField of the project's own models."""
    if raw or sender._meta.app_label not in settings.TEXT_CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)
