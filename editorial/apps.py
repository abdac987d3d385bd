from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial tools")

    def ready(self):
        # The audit log listens to sign-ins and to admin changes (portal.auditing); the
        # word-list matcher is rebuilt when a list changes.
        from . import audit, signals  # noqa: F401
