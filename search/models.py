import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from portal.querysets import PublishedQuerySet

from .text import WORD_RUN, normalize

GIN_INDEX_NAME = "search_entry_vector_gin"
SYNONYMS_CACHE_KEY = "search:synonyms:v1"


class TokenVectorField(SearchVectorField):
    """A tsvector written from our own tokens (a literal like `'ab' 'bc'`), never parsed.

    On SQLite the column holds the same literal as text and is not used for matching.
    """

    def get_placeholder(self, value, compiler, connection):
        return "%s::tsvector" if connection.vendor == "postgresql" else "%s"


class SearchEntry(models.Model):
    """What search reads for one article: tokens for the GIN index and text for exactness.

    Every article has an entry whatever its status; visibility is applied when searching,
    through `Article.objects.published()`.
    """

    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    title = models.TextField(_("normalised title"))
    text = models.TextField(_("normalised text"))
    vector = TokenVectorField(_("tokens"), null=True)
    # A copy of the article's publication time, only to walk entries newest first and
    # to sort candidates without touching the article table (kept current by a trigger,
    # migration 0003). Visibility is never taken from it: every search checks the
    # article through Article.objects.published(). Measured without it (2026-11-30):
    # 海洋牧场 page 10 reads 12,026 buffers instead of 2,918, 经开区 16,119 instead of 1,818.
    publish_at = models.DateTimeField(_("publish time"), null=True)
    updated_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        ordering = ["-article_id"]
        indexes = [
            models.Index(fields=["-publish_at", "-article"], name="search_entry_order_idx"),
        ]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return str(self.article_id)


def split_synonyms(value):
    """Normalised terms of a synonym group, in order, without duplicates."""
    parts = re.split(r"[,，、;；\n]+", value)
    terms = [" ".join(WORD_RUN.findall(normalize(part))) for part in parts]
    return list(dict.fromkeys(term for term in terms if term))


class SynonymGroup(models.Model):
    """Terms that mean the same thing: a search for any of them finds all of them."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_(
            "Two or more equivalent terms separated by commas, for example: "
            "经开区, 经济技术开发区. A search for one also finds the others."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self):
        return self.terms

    def term_list(self):
        return split_synonyms(self.terms)

    def clean(self):
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("Enter at least two different terms, separated by commas.")},
                code="too_few",
            )
        for term in terms:
            if " " in term or len(term) < 2:
                raise ValidationError(
                    {
                        "terms": _(
                            "“%(term)s” is not a single term of at least two characters "
                            "without spaces or punctuation."
                        )
                    },
                    code="invalid_term",
                    params={"term": term},
                )


def synonym_groups():
    """Active groups as lists of normalised terms, kept under the content generation (a
    saved group moves it on: search/apps.py watches the model)."""

    def build():
        groups = [group.term_list() for group in SynonymGroup.objects.published()]
        return [terms for terms in groups if len(terms) > 1]

    return pagecache.memo(SYNONYMS_CACHE_KEY, build, 60 * 60)
