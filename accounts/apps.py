from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        # Session stamps and the password-age check at login, the audit entry of a
        # password change.
        from . import signals  # noqa: F401
