from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = _("Site health and statistics")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from editorial.models import CommonMistake, SensitiveWord
        from portal import contentcheck

        from . import services, words

        # A list entry saved or deleted: its findings in live content follow at once.
        for model in (SensitiveWord, CommonMistake):
            uid = f"health-words-{model._meta.model_name}"
            post_save.connect(words.entry_saved, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(words.entry_deleted, sender=model, dispatch_uid=uid + "-delete")
        # Hosts the last external check found serving https, for "use https://".
        contentcheck.register_https_hosts(services.https_hosts)
