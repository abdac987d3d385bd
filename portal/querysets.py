from django.db import models


class PublishedQuerySet(models.QuerySet):
    """The base of every queryset of what readers see: `published()` is the one name for
    "publicly visible" across the project.

    This default suits content that editors switch on and off with an `active` flag
    (channels, topics, pages, member associations, zones, categories); models with more
    to it (articles, magazine issues, readers' messages) override `published()`.
    """

    def published(self):
        return self.filter(active=True)
