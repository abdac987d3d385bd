from django.db import models


class ActiveQuerySet(models.QuerySet):
    """Content that editors switch on and off with an `active` flag (channels, topics,
    pages, member associations, zones, message categories).

    `published()` is the one name for "what readers may see" across the project; models
    with more to it (articles, magazine issues) define their own `published()`.
    """

    def published(self):
        return self.filter(active=True)
