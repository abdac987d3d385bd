"""Revisions of articles and association pages: take, compare, apply.

A model opts in with `revision_fields` (what a revision keeps) and `restore_fields` (what
restoring brings back) and a `version` field. A revision is one row of `Revision` whose
`data` holds those fields as JSON: foreign keys and topics as [id, name] (the name as it
was, for reading old revisions), tags as names, files as their stored names, times in ISO.
See articles/README.md for why this is a small model rather than a library.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from portal.text import html_to_lines

from .diff import Segment, diff_text
from .models import Revision

RICH_TEXT_FIELDS = {"body"}


def _field(model, name):
    return model._meta.get_field(name)


def snapshot(obj, m2m=None):
    """The content of `obj` as revision data; `m2m` gives many-to-many values not yet saved
    (from a form: model instances, or tag names)."""
    m2m = m2m or {}
    data = {}
    for name in obj.revision_fields:
        field = _field(type(obj), name)
        if isinstance(field, TaggableManager):
            values = m2m[name] if name in m2m else getattr(obj, name).all()
            data[name] = sorted({getattr(tag, "name", tag) for tag in values})
        elif field.many_to_many:
            values = m2m[name] if name in m2m else getattr(obj, name).all()
            data[name] = sorted([item.pk, str(item)] for item in values)
        elif field.many_to_one:
            pk = getattr(obj, field.attname)
            data[name] = [pk, str(getattr(obj, name))] if pk is not None else None
        elif isinstance(field, models.FileField):
            data[name] = getattr(obj, name).name or ""
        elif isinstance(field, models.DateTimeField):
            value = getattr(obj, name)
            data[name] = value.isoformat() if value else None
        else:
            data[name] = getattr(obj, name)
    for name in getattr(obj, "revision_extra", ()):  # kept, not compared (e.g. summary_auto)
        data[name] = getattr(obj, name)
    return data


def content_type_of(obj):
    return ContentType.objects.get_for_model(obj, for_concrete_model=True)


def record(obj, user, kind, *, data=None, note="", m2m=None):
    """Keep one revision of `obj` (its state now, or `data`); one INSERT."""
    return Revision.objects.create(
        content_type=content_type_of(obj),
        object_id=obj.pk,
        version=obj.version,
        kind=kind,
        data=data if data is not None else snapshot(obj, m2m),
        note=note,
        user=user if user and user.is_authenticated else None,
    )


def revisions_of(obj):
    return Revision.objects.filter(content_type=content_type_of(obj), object_id=obj.pk)


def apply(obj, data, fields=None):
    """Put revision `data` into `obj` (not saved); returns the many-to-many values to set
    after saving: {field name: ids or tag names}. Related rows deleted since are skipped."""
    later = {}
    for name in fields or obj.restore_fields:
        if name not in data:
            continue
        value = data[name]
        field = _field(type(obj), name)
        if isinstance(field, TaggableManager):
            later[name] = list(value or [])
        elif field.many_to_many:
            ids = [pk for pk, _label in value or []]
            later[name] = list(
                field.related_model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
            )
        elif field.many_to_one:
            pk = value[0] if value else None
            if pk is None or field.related_model._default_manager.filter(pk=pk).exists():
                setattr(obj, field.attname, pk)
                if field.is_cached(obj):
                    field.delete_cached_value(obj)
        elif isinstance(field, models.FileField):
            getattr(obj, name).name = value or ""
        elif isinstance(field, models.DateTimeField):
            setattr(obj, name, parse_datetime(value) if value else None)
        else:
            setattr(obj, name, value)
    return later


def set_m2m(obj, values):
    """Set many-to-many values returned by `apply()` on the saved `obj`."""
    for name, value in values.items():
        getattr(obj, name).set(value)


# --- Compare ----------------------------------------------------------------------------------


@dataclass
class FieldDiff:
    label: str
    segments: list
    changed: bool
    note: str = ""


def display(model, name, value):
    """A revision value as text a person reads."""
    field = _field(model, name)
    if value in (None, "", []):
        return ""
    if isinstance(field, TaggableManager):
        return "、".join(value)
    if field.many_to_many:
        return "、".join(label for _pk, label in value)
    if field.many_to_one:
        return value[1]
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(parse_datetime(value)), "Y-m-d H:i")
    if isinstance(field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name in RICH_TEXT_FIELDS:
        return html_to_lines(value)
    return str(value)


def compare(model, old, new, *, only_changed=False):
    """Field by field, what turns revision data `old` into `new`, as diff segments."""
    rows = []
    for name in model.revision_fields:
        before, after = (old or {}).get(name), (new or {}).get(name)
        text_before, text_after = display(model, name, before), display(model, name, after)
        changed = (before or None) != (after or None)  # empty is empty: "", [] or missing
        note = ""
        if changed and text_before == text_after:
            note = _("Only formatting, links or images changed.")
        if only_changed and not changed:
            continue
        segments = diff_text(text_before, text_after) if changed else [Segment("equal", text_after)]
        rows.append(FieldDiff(str(_field(model, name).verbose_name), segments, changed, note))
    return rows
