"""Optimistic locking of admin change forms: a save based on an old version is refused,
and the editor sees what the other person changed."""

import copy

from django import forms
from django.db import transaction
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _


class LockedFormMixin:
    """Optimistic locking for admin forms of models with a `version` field.

    The form carries the version it was opened at (hidden field `version`, rendered by
    templates/editorial/admin/change_form.html). When someone else saved in the
    meantime, the save is refused: the form comes back with the person's own text, a
    message, and `conflict` (what the other person changed, as revision diff rows); the
    hidden version moves on, so saving again is a conscious overwrite.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.conflict_revision = None
        self.conflict_against_mine = False
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=self.instance.version
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        rows = model._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()  # held until the admin's save commits
        current = rows.values_list("version", flat=True).first()
        posted = cleaned.get("version")
        if current is None or posted is None or posted == current:
            return cleaned
        from .revisions import compare, revisions_of, snapshot

        history = revisions_of(self.instance).select_related("user")
        latest = history.first()
        base = history.filter(version=posted).first()
        if latest is not None and base is not None:
            self.conflict = compare(model, base.data, latest.data, only_changed=True)
        elif latest is not None:
            # The opened version left no revision (saved before revisions were kept, or by
            # a list edit): show where the saved text differs from this person's text.
            mine = construct_instance(self, copy.copy(self.instance))
            m2m = self.m2m_values() if hasattr(self, "m2m_values") else None
            self.conflict = compare(model, snapshot(mine, m2m), latest.data, only_changed=True)
            self.conflict_against_mine = True
        self.conflict_revision = latest
        data = self.data.copy()
        data["version"] = current
        self.data = data
        who = latest.user if latest and latest.user else None
        raise forms.ValidationError(
            _(
                "%(user)s saved this page after you opened it. Your text is kept below; "
                "what they changed is shown above it. Check it, then save again to replace "
                "their version with yours."
            )
            % {"user": who or _("Someone else")},
            code="conflict",
        )
