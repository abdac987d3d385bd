"""Admin helpers shared by every app's admin pages."""

import json

from django import template
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import capfirst

register = template.Library()


def _field_labels(model):
    """English form label → label in the active language, for a model and its inlines."""
    models = [model]
    models += [rel.related_model for rel in model._meta.related_objects if rel.related_model]
    fields = [field for m in models for field in m._meta.get_fields()]
    fields = [field for field in fields if getattr(field, "verbose_name", None)]
    with translation.override(None):
        english = [capfirst(str(field.verbose_name)) for field in fields]
    return {
        name: capfirst(str(field.verbose_name)) for name, field in zip(english, fields, strict=True)
    }


@register.filter
def change_message_translated(entry):
    """The history line of `entry` with field names in the editor's language.

    Django stores the changed fields' English labels ("Status") and looks them up in the
    catalogue when showing them, where only the lower-case verbose names ("status") exist.
    """
    model = entry.content_type.model_class() if entry.content_type_id else None
    try:
        messages = json.loads(entry.change_message)
    except (TypeError, ValueError):
        return entry.get_change_message()
    if model is None or not isinstance(messages, list):
        return entry.get_change_message()
    labels = _field_labels(model)
    for sub_message in messages:
        changed = sub_message.get("changed") if isinstance(sub_message, dict) else None
        if isinstance(changed, dict) and isinstance(changed.get("fields"), list):
            changed["fields"] = [labels.get(name, name) for name in changed["fields"]]
    return LogEntry(change_message=json.dumps(messages)).get_change_message()


@register.simple_tag
def rich_text_meta():
    """What the rich-text editor's script needs to know: where videos go, which players."""
    return format_html(
        '<meta name="portal-video-upload" content="{}">'
        '<meta name="portal-video-hosts" content="{}">',
        reverse("upload-video"),
        ",".join(getattr(settings, "VIDEO_EMBED_HOSTS", ())),
    )
