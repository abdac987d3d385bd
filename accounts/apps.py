from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        # Session stamps and the password-age check at login, the audit entry of a
        # password change.
        from . import signals  # noqa: F401


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name: it has none, so Django showed "Axes" (in the
    permission lists, and as "在应用程序 Axes 中的模型"). Its model names are translated in
    the project catalogue. Installed as `accounts.apps.AxesConfig` instead of "axes"."""

    verbose_name = _("Login protection")
