"""Writing the search index: one SearchEntry per article, rebuilt from the article."""

from django.db import connection

from articles.models import Article

from .models import GIN_INDEX_NAME, SearchEntry
from .text import document_tokens, encode, html_to_text, normalize

# A tsvector is limited to 1 MB; an absurdly long article keeps its first tokens only.
MAX_TOKENS = 60_000
TITLE_MARK = "^"


def tsvector_literal(tokens):
    # Tokens are runs of letters and digits (plus the title mark): nothing to escape.
    return " ".join(f"'{token}'" for token in tokens)


def article_fields(article):
    """The texts searched, in order; each becomes its own line so none runs into the next."""
    fields = [
        article.title,
        article.subtitle,
        article.summary,
        html_to_text(article.body),
        article.source.name if article.source_id else "",
        " ".join(tag.name for tag in article.tags.all()),
    ]
    return [field for field in fields if field]


def build_entry(article):
    """An unsaved SearchEntry for `article` (tags prefetched and source selected, ideally)."""
    title = normalize(article.title)
    text = "\n".join(normalize(field) for field in article_fields(article))
    tokens = document_tokens(text)
    if len(tokens) > MAX_TOKENS:
        tokens = sorted(tokens)[:MAX_TOKENS]
    title_tokens = [TITLE_MARK + token for token in document_tokens(title)]
    return SearchEntry(
        article_id=article.pk,
        title=encode(title),
        text=encode(text),
        vector=tsvector_literal([*tokens, *title_tokens]),
        publish_at=article.publish_at,
    )


def indexable(queryset=None):
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.select_related("source").prefetch_related("tags").order_by("pk")


def save_entries(entries):
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["title", "text", "vector", "publish_at", "updated_at"],
    )


def index_articles(queryset, batch_size=500):
    """(Re)index the articles of `queryset` in batches; yields the count done per batch."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = indexable(Article.objects.filter(pk__in=ids[start : start + batch_size]))
        entries = [build_entry(article) for article in batch]
        save_entries(entries)
        yield len(entries)


def index_article(article_id):
    for _done in index_articles(Article.objects.filter(pk=article_id)):
        pass


def drop_gin_index():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX_NAME}")


def create_gin_index():
    """Build the GIN index in one pass (far faster than growing it row by row)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Inside a transaction, deferred foreign-key checks must run before the DDL.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX_NAME} "
                f"ON {SearchEntry._meta.db_table} USING gin (vector)"
            )
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
