"""Every article's first text is kept: 原始版本 (migration, demo) and 导入版本 (import),
shown in the history, comparable and restorable like any other revision."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.models import Article, LegacyArticle
from editorial.models import Revision
from editorial.revisions import revisions_of
from tests.factories import image_upload

from .test_workflow import edit

pytestmark = pytest.mark.django_db

BEFORE = [("articles", "0013_review_stage_roles")]
AFTER = [("articles", "0014_first_revisions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def first_revision(article):
    return revisions_of(article).order_by("id").first()


def restore(client, article, revision):
    url = reverse("admin:articles_article_restore", args=[article.pk, revision.pk])
    assert client.post(url).status_code == 302


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite alters no table inside the test's transaction; CI runs it on PostgreSQL",
)
def test_migration_gives_articles_without_history_their_first_revision(
    reviewer, make_article, topic, source
):
    """Run on a database with articles and no revisions, the migration keeps each one's
    text as 原始版本 (导入版本 for the old site's); an article with a history keeps it."""
    migrate(BEFORE)
    plain = make_article(
        title="演示文章", body="<p>原来的正文。</p>", topics=[topic], tags=["园区"], source=source
    )
    imported = make_article(title="旧站文章", body="<p>旧站正文。</p>")
    LegacyArticle.objects.create(legacy_id=123, article=imported, checksum="x")
    edited = make_article(title="已编辑", body="<p>第一版</p>")
    edit(reviewer, edited, body="<p>第二版</p>")  # has a history already
    plain.cover.save("old.png", image_upload(), save=True)
    Revision.objects.filter(object_id__in=[plain.pk, imported.pk]).delete()
    kept = list(revisions_of(edited).values_list("pk", flat=True))

    migrate(AFTER)

    original = first_revision(plain)
    assert original.kind == Revision.Kind.ORIGINAL and original.get_kind_display() == "原始版本"
    assert original.data["body"] == "<p>原来的正文。</p>"
    assert original.data["topics"] == [[topic.pk, topic.title]]
    assert original.data["tags"] == ["园区"]
    assert original.data["source"] == [source.pk, source.name]
    assert original.data["cover"] == plain.cover.name != ""
    assert original.data["channel"] == [plain.channel_id, plain.channel.name]
    assert first_revision(imported).get_kind_display() == "导入版本"
    assert list(revisions_of(edited).values_list("pk", flat=True)) == kept
    # Every article now has a revision holding its current text.
    for article in Article.objects.all():
        latest = revisions_of(article).exclude(kind=Revision.Kind.CHANGES).first()
        assert latest.data["body"] == article.body

    # Restoring it brings the original text back, after any edit.
    edit(reviewer, plain, title="新标题", body="<p>改过的正文</p>")
    restore(reviewer, plain, original)
    plain.refresh_from_db()
    assert plain.title == "演示文章" and plain.body == "<p>原来的正文。</p>"
    assert [t.name for t in plain.tags.all()] == ["园区"]


def test_every_imported_article_has_an_imported_version_to_compare_and_restore(reviewer, tmp_path):
    """import_articles keeps each new article's text as 导入版本: the history names it,
    comparing it with an edit shows the change, restoring it brings the text back."""
    rows = [
        {"legacy_id": n, "title": f"旧站文章{n}", "channel": "资讯中心/省级开发区动态",
         "tags": ["党建"], "topics": ["七一"], "published_at": "2020-07-01T08:50:00+08:00",
         "body_html": f"<p>旧站的第{n}篇正文。</p>"}
        for n in (1, 2, 3)
    ]  # fmt: skip
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    call_command("import_articles", str(path), "--no-progress", stdout=io.StringIO())

    articles = list(Article.objects.order_by("pk"))
    assert len(articles) == 3
    for article in articles:
        (only,) = revisions_of(article)
        assert only.kind == Revision.Kind.IMPORTED
        assert only.data["tags"] == ["党建"] and only.data["topics"][0][1] == "七一"
        assert only.data["body"] == article.body

    article = articles[0]
    imported = first_revision(article)
    edit(reviewer, article, body="<p>编辑改写的正文。</p>")
    history = reviewer.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "导入版本" in history.content.decode()
    latest = revisions_of(article).first()
    compare = reviewer.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": imported.pk, "b": latest.pk},
    )
    assert "<del>" in compare.content.decode() and "编辑改写" in compare.content.decode()
    restore(reviewer, article, imported)
    article.refresh_from_db()
    assert article.body == "<p>旧站的第1篇正文。</p>"

    # A rerun that updates nothing adds no revision; an update adds one, after the first.
    call_command("import_articles", str(path), "--no-progress", stdout=io.StringIO())
    assert first_revision(article).pk == imported.pk


def test_demo_articles_each_have_an_original_version(settings, tmp_path):
    """load_demo keeps every demo article's text as 原始版本."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    articles = list(Article.objects.all())
    assert len(articles) > 30
    firsts = {
        revision.object_id: revision
        for revision in Revision.objects.filter(object_id__in=[a.pk for a in articles])
        .order_by("-id")
        .filter(kind=Revision.Kind.ORIGINAL)
    }
    assert set(firsts) == {a.pk for a in articles}
    for article in articles:
        assert firsts[article.pk].data["body"] == article.body
