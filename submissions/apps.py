from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from portal import pagecache

        from . import checks  # noqa: F401 (registers the system checks)
        from .models import Message, MessageCategory

        pagecache.cacheable("submissions:message-list", max_age=60, params=("category", "page"))
        pagecache.watch(MessageCategory)
        # A reader's new message waits for moderation: only what editors do shows.
        pagecache.watch(
            Message,
            condition=lambda message, created: (
                not (created and message.state == Message.State.PENDING)
            ),
        )
