from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from portal import pagecache, slots

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
        slots.register("site_map", "submissions/_site_map.html", context=site_map_context, order=30)


def site_map_context():
    """The forms and lookups of this app, for the 网站地图 page (no query)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    entries = [
        (_("Selected messages"), "submissions:message-list"),
        (_("Leave a message"), "submissions:message-create"),
        (_("Find my message"), "submissions:message-lookup"),
        (_("Submit a manuscript"), "submissions:submit"),
        (_("Manuscript status"), "submissions:status"),
    ]
    return {
        "sections": [
            {
                "key": "interaction",
                "title": _("Messages and manuscripts"),
                "url": None,
                "entries": [{"title": title, "url": reverse(name)} for title, name in entries],
            }
        ]
    }
