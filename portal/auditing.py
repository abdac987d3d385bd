"""Admin changes announce themselves; the audit log listens.

`portal` is the bottom layer, so its admin (site settings, navigation, links, redirects)
cannot import the audit log, which lives in `editorial` above it. `AuditedAdminMixin`
sends `admin_logged` next to Django's own LogEntry; `editorial.audit` receives it and
writes the entry. Content apps use the same mixin, so there is one way an admin change
reaches the log.
"""

from django.dispatch import Signal

# sender: the model; request, action ("created", "changed", "deleted"), objects (a list),
# message (the admin's change message, JSON or a list, as LogEntry stores it).
admin_logged = Signal()


class AuditedAdminMixin:
    """Record the admin's add, change and delete in the audit log, next to Django's LogEntry.

    Covers the change form (inline changes are named in the detail), list_editable and
    the delete action, because all of them go through these three hooks.
    """

    def _announce(self, request, action, objects, message=""):
        admin_logged.send(
            sender=self.model, request=request, action=action, objects=objects, message=message
        )

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._announce(request, "created", [obj], message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._announce(request, "changed", [obj], message)
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)
        result = super().log_deletions(request, objects)
        self._announce(request, "deleted", objects)
        return result
