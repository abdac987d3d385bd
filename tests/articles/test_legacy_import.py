"""manage.py import_articles / export_articles with the sample files in tests/articles/data."""

import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from taggit.models import Tag

from articles import legacy
from articles.models import Article, Channel, LegacyArticle, Source, Topic

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLE_JSONL = DATA / "legacy_sample.jsonl"
SAMPLE_CSV = DATA / "legacy_sample.csv"
MEDIA = DATA / "media"
REAL_ID = 53537
REAL_TITLE = "山东菏泽经济开发区丹阳街道:党建引领助推经济高质量发展"
GOOD_JSONL_ROWS = 20
JSONL_REJECTS = {
    21: "title",
    22: "ISO 8601",
    23: "draft",
    24: "too long",
    25: "NUL",
    26: "UTF-8",
    27: "JSON",
}


def run_import(path, *args):
    """Run the command; return (stdout, error) where error is the CommandError or None."""
    out = io.StringIO()
    try:
        call_command("import_articles", str(path), *args, "--no-progress", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


@pytest.fixture(autouse=True)
def _english(settings):
    # The reasons are asserted by their English wording; the Chinese has its own test.
    settings.LANGUAGE_CODE = "en"


def test_sample_imports_twice_with_the_same_report_and_no_duplicates():
    """Idempotent on legacy_id: the second run changes nothing and reports every row unchanged."""
    first, error = run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    assert "Imported: 20, updated: 0, unchanged: 0, rejected: 7." in first
    assert error is not None and error.returncode == 1
    for line, reason in JSONL_REJECTS.items():
        assert any(
            text.startswith(f"Line {line} rejected:") and reason in text
            for text in first.splitlines()
        ), (line, reason)
    counts = (Article.objects.count(), Tag.objects.count(), Topic.objects.count())
    changed = dict(Article.objects.values_list("pk", "updated_at"))

    second, error = run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    assert "Imported: 0, updated: 0, unchanged: 20, rejected: 7." in second
    assert error is not None
    assert (Article.objects.count(), Tag.objects.count(), Topic.objects.count()) == counts
    assert counts[0] == GOOD_JSONL_ROWS == LegacyArticle.objects.count()
    assert dict(Article.objects.values_list("pk", "updated_at")) == changed
    # The import is in the audit log once (the second run wrote nothing).
    from editorial.models import AuditEntry

    entry = AuditEntry.objects.get()
    assert "legacy_sample.jsonl" in entry.detail and "Imported: 20," in entry.detail


def test_real_article_keeps_channel_topic_source_time_and_views(client):
    """The old article arrives as it was: 资讯中心/省级开发区动态, topic, 来源, time, 点击量."""
    run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    article = Article.objects.get(legacy__legacy_id=REAL_ID)
    assert article.title == REAL_TITLE
    assert [c.name for c in [article.channel.parent, article.channel]] == [
        "资讯中心",
        "省级开发区动态",
    ]
    assert article.channel.parent.parent is None
    assert [t.title for t in article.topics.all()] == ["不忘初心迎“七一”"]
    assert article.source.name == "山东菏泽经济开发区"
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    assert article.publish_at == datetime.datetime(2020, 7, 1, 8, 50, tzinfo=beijing)
    assert article.view_count == 378
    assert article.status == Article.Status.PUBLISHED
    assert "<p><strong>产业致富:党支部领办合作社</strong></p>" in article.body

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert REAL_TITLE in html
    assert "山东菏泽经济开发区" in html
    assert "2020年07月01日 08:50" in html or "2020-07-01 08:50" in html


def test_old_address_answers_301_to_the_new_one_ignoring_the_query_string(
    client, django_assert_num_queries, settings
):
    """/index.php/News/info/id/<id>.html → 301 to the article in one query, query string dropped."""
    run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    article = Article.objects.get(legacy__legacy_id=REAL_ID)
    with django_assert_num_queries(1):
        response = client.get(f"/index.php/News/info/id/{REAL_ID}.html?from=singlemessage&x=1")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    settings.ALLOWED_HOSTS = ["example.org", "www.example.org"]
    for host in settings.ALLOWED_HOSTS:
        for secure in (False, True):
            response = client.get(
                f"/index.php/News/info/id/{REAL_ID}.html", HTTP_HOST=host, secure=secure
            )
            assert response.status_code == 301
            assert response["Location"] == article.get_absolute_url()


def test_old_address_of_unknown_or_hidden_article_is_the_normal_404(client):
    """Unknown ids, withdrawn articles and absurd ids get the site's 404, never a 500."""
    run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    for legacy_id in (1, 41002, 9999999999):  # 41002 is withdrawn in the sample
        response = client.get(f"/index.php/News/info/id/{legacy_id}.html")
        assert response.status_code == 404
        assert "<html" in response.content.decode()


def test_imported_article_is_found_by_a_phrase_from_its_body(client):
    """The search index follows the import: a phrase of the body finds the article."""
    # The site's channels exist (a new channel would hide its articles until reviewed).
    news = Channel.objects.create(name="资讯中心", slug="news")
    Channel.objects.create(name="省级开发区动态", slug="provincial", parent=news)
    run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    response = client.get("/search/", {"q": "良心粉条"})
    assert response.status_code == 200
    assert REAL_TITLE in response.content.decode()


def test_csv_with_bom_multiline_bodies_and_lists_imports_like_jsonl():
    """CSV: same columns, `|` between list items, quoted bodies over several lines, BOM."""
    out, error = run_import(SAMPLE_CSV)
    assert "Imported: 4, updated: 0, unchanged: 0, rejected: 4." in out
    assert error is not None
    for line, reason in {7: "title", 8: "ISO 8601", 9: "UTF-8", 10: "fields"}.items():
        assert any(t.startswith(f"Line {line} rejected:") and reason in t for t in out.splitlines())
    article = Article.objects.get(legacy__legacy_id=42001)
    assert sorted(article.tags.names()) == ["招商引资", "高质量发展"]
    assert "<p>大家一致认为，项目建设速度快、质量高。</p>" in article.body
    assert Article.objects.get(legacy__legacy_id=42003).topics.get().title == "不忘初心迎“七一”"


def test_body_images_are_copied_through_the_upload_guard_and_bad_ones_removed(settings):
    """/Uploads/ images become media files; missing or invalid ones are reported and removed."""
    out, _error = run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    visit = Article.objects.get(legacy__legacy_id=41003)
    assert "/Uploads/" not in visit.body
    assert f'src="{settings.MEDIA_URL}editor/' in visit.body
    stored = list((Path(settings.MEDIA_ROOT) / "editor").rglob("*.png"))
    assert len(stored) == 1
    # The cover went through the guard too and has its renditions, as on upload.
    assert visit.cover and visit.cover_small and visit.cover_medium and visit.cover_large

    meeting = Article.objects.get(legacy__legacy_id=41004)
    assert "<img" not in meeting.body and "<script" not in meeting.body
    assert "交流会上" in meeting.body
    assert "Line 20: Image /Uploads/2020/07/missing.jpg not found; removed." in out
    assert "Line 20: Image /Uploads/2020/07/broken.jpg refused" in out


def test_media_paths_cannot_leave_the_media_folder(tmp_path):
    """A reference like /Uploads/../../secret.png is never read, even when the file exists."""
    media = tmp_path / "old-site"
    (media / "Uploads").mkdir(parents=True)
    shutil.copy(MEDIA / "Uploads" / "2020" / "07" / "site-visit.png", tmp_path / "secret.png")
    row = {
        "legacy_id": 7,
        "title": "越界的图片",
        "channel": "资讯中心",
        "published_at": "2020-01-01T08:00:00+08:00",
        "body_html": '<p>正文</p><img src="/Uploads/../../secret.png">',
        "cover": "../secret.png",
    }
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    out, error = run_import(path, "--media-dir", str(media))
    assert error is None
    article = Article.objects.get(legacy__legacy_id=7)
    assert "<img" not in article.body and not article.cover
    assert "not found" in out


def test_changed_row_updates_the_article_and_records_a_revision(tmp_path):
    """A row whose content changed updates its article (no duplicate) and records a revision."""
    from editorial.models import Revision
    from editorial.revisions import revisions_of

    row = {
        "legacy_id": 8,
        "title": "初稿标题",
        "channel": "资讯中心/协会动态",
        "published_at": "2020-01-01T08:00:00",
        "body_html": "<p>初稿</p>",
        "tags": ["甲", "乙"],
    }
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    run_import(path)
    article = Article.objects.get(legacy__legacy_id=8)
    assert not revisions_of(article).exists()
    row.update(title="修改后的标题", tags=["乙"], views=5)
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    out, error = run_import(path)
    assert error is None
    assert "Imported: 0, updated: 1, unchanged: 0, rejected: 0." in out
    article.refresh_from_db()
    assert (article.title, list(article.tags.names()), article.view_count) == (
        "修改后的标题",
        ["乙"],
        5,
    )
    assert Article.objects.count() == 1
    revision = revisions_of(article).get()
    assert revision.kind == Revision.Kind.SAVED and revision.user is None
    assert revision.data["title"] == "修改后的标题" and revision.data["tags"] == ["乙"]
    assert revision.note == "imported from the old site"


def test_a_failing_article_leaves_nothing_half_imported(monkeypatch):
    """One transaction per article: a failure rolls back its article, tags and topics alone."""

    def fail_for_one(article, created):
        if article.title.startswith("开发区党建工作经验交流会"):
            raise DatabaseError("simulated failure")

    monkeypatch.setattr(legacy, "record_revision", fail_for_one)
    out, _error = run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    assert "Imported: 19, updated: 0, unchanged: 0, rejected: 8." in out
    assert "Line 20 rejected:" in out
    assert not Article.objects.filter(title__startswith="开发区党建工作经验交流会").exists()
    assert not LegacyArticle.objects.filter(legacy_id=41004).exists()
    assert not Tag.objects.filter(name="党建引领").exclude(articles_articletag_items__isnull=False)


def test_dry_run_validates_and_reports_without_writing(settings):
    """--dry-run reports what would happen and writes neither rows nor files."""
    out, error = run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA), "--dry-run")
    assert "Dry run: nothing was written." in out
    assert "Imported: 20, updated: 0, unchanged: 0, rejected: 7." in out
    assert "missing.jpg not found" in out
    assert error is not None
    assert not Article.objects.exists() and not Channel.objects.exists()
    assert not Source.objects.exists() and not Topic.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_times_without_offset_are_beijing_time_whatever_the_time_zone(settings):
    """published_at without an offset is read as Asia/Shanghai, not as TIME_ZONE."""
    settings.TIME_ZONE = "UTC"
    run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    article = Article.objects.get(legacy__legacy_id=REAL_ID)
    assert article.publish_at == datetime.datetime(2020, 7, 1, 0, 50, tzinfo=datetime.UTC)


def test_new_channels_are_created_inactive_under_their_parent_and_articles_still_open(client):
    """Missing channels wait for an editor (inactive); their articles open by address and
    by their old address, and join lists and search when the channel is activated."""
    Channel.objects.create(name="资讯中心", slug="news")
    run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    news = Channel.objects.get(slug="news")
    provincial = Channel.objects.get(name="省级开发区动态")
    assert provincial.parent == news and not provincial.active
    assert news.active and Channel.objects.filter(name="资讯中心").count() == 1
    article = Article.objects.get(legacy__legacy_id=REAL_ID)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(f"/index.php/News/info/id/{REAL_ID}.html").status_code == 301
    assert REAL_TITLE not in client.get("/search/", {"q": "良心粉条"}).content.decode()
    provincial.active = True  # as an editor does in the admin
    provincial.save()
    assert REAL_TITLE in client.get("/search/", {"q": "良心粉条"}).content.decode()


def test_report_and_reasons_are_in_chinese_for_the_site_language(settings):
    """Operators read the report in the site's language (zh-hans)."""
    settings.LANGUAGE_CODE = "zh-hans"
    out, error = run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    assert "导入：20" in out
    assert "第 21 行被拒绝" in out
    assert "不是有效的 UTF-8" in out
    assert "被拒绝" in str(error)


def test_unsupported_file_type_and_missing_file_are_clear_errors(tmp_path):
    """A wrong extension or an unreadable file stops with a message, not a traceback."""
    with pytest.raises(CommandError, match="jsonl"):
        call_command("import_articles", str(tmp_path / "rows.xml"))
    with pytest.raises(CommandError, match=r"rows\.jsonl"):
        call_command("import_articles", str(tmp_path / "rows.jsonl"))
    bad_header = tmp_path / "rows.csv"
    bad_header.write_text("id,title\n1,标题\n", encoding="utf-8")
    with pytest.raises(CommandError, match="legacy_id"):
        call_command("import_articles", str(bad_header), "--no-progress")


def _article_snapshot():
    rows = []
    for article in Article.objects.select_related("channel", "source", "legacy").order_by(
        "legacy__legacy_id"
    ):
        rows.append(
            (
                article.legacy.legacy_id,
                article.title,
                article.subtitle,
                article.summary,
                article.author,
                legacy.channel_paths()[article.channel_id],
                article.source.name if article.source else "",
                article.publish_at,
                article.view_count,
                article.body,
                sorted(article.tags.names()),
                sorted(t.title for t in article.topics.all()),
                article.status,
                bool(article.cover),
            )
        )
    return rows


def _empty_database():
    Article.objects.all().delete()
    while Channel.objects.exists():  # parents are protected: leaves first
        Channel.objects.filter(children__isnull=True).delete()
    Topic.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_articles(tmp_path, settings, fmt):
    """Round trip: export_articles writes what import_articles reads, article for article."""
    run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA))
    run_import(SAMPLE_CSV)
    before = _article_snapshot()
    exported = tmp_path / f"backup.{fmt}"
    call_command("export_articles", str(exported), stdout=io.StringIO())
    old_media = tmp_path / "old-media"
    shutil.copytree(settings.MEDIA_ROOT, old_media)

    _empty_database()
    out, error = run_import(exported, "--media-dir", str(old_media))
    assert error is None, out
    assert f"Imported: {len(before)}," in out
    assert _article_snapshot() == [
        # Body images point at new copies of the same files.
        row if "editor/" not in row[9] else (*row[:9], _ANY, *row[10:])
        for row in before
    ]


class _Any:
    def __eq__(self, other):
        return True


_ANY = _Any()


def test_a_rolled_back_article_does_not_poison_the_next_with_the_same_source(tmp_path, monkeypatch):
    """A source created in a failed article's transaction is created again for the next."""

    def fail_first(article, created):
        if article.title == "第一篇":
            raise DatabaseError("simulated failure")

    monkeypatch.setattr(legacy, "record_revision", fail_first)
    rows = [
        {"legacy_id": n, "title": title, "channel": "新栏目", "source": "新来源",
         "tags": ["新标签"], "topics": ["新专题"],
         "published_at": "2020-01-01T08:00:00+08:00", "body_html": "<p>正文</p>"}
        for n, title in ((1, "第一篇"), (2, "第二篇"))
    ]  # fmt: skip
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out, _error = run_import(path)
    assert "Imported: 1, updated: 0, unchanged: 0, rejected: 1." in out
    second = Article.objects.get(legacy__legacy_id=2)
    assert second.source.name == "新来源" and second.channel.name == "新栏目"
    assert list(second.tags.names()) == ["新标签"]
    assert [t.title for t in second.topics.all()] == ["新专题"]


def test_a_legacy_id_twice_in_one_file_is_rejected_the_second_time(tmp_path):
    """legacy_id is unique in a file: the repeated row is rejected with the first line."""
    row = {"legacy_id": 3, "title": "标题", "channel": "资讯中心",
           "published_at": "2020-01-01T08:00:00+08:00", "body_html": "<p>正文</p>"}  # fmt: skip
    path = tmp_path / "rows.jsonl"
    path.write_text((json.dumps(row, ensure_ascii=False) + "\n") * 2, encoding="utf-8")
    out, error = run_import(path)
    assert "Line 2 rejected: legacy_id 3 already appeared on line 1." in out
    assert error is not None and Article.objects.count() == 1


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="worker processes need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_import_gives_the_same_result_as_one_process():
    """--jobs 2: the same report, articles, tags and search entries as a single process."""
    from search.models import SearchEntry

    out, error = run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA), "--jobs", "2")
    assert "Imported: 20, updated: 0, unchanged: 0, rejected: 7." in out
    assert error is not None
    assert Article.objects.count() == 20 == SearchEntry.objects.count()
    real = Article.objects.get(legacy__legacy_id=REAL_ID)
    assert sorted(real.tags.names()) == ["党建引领", "高质量发展"]
    again, _error = run_import(SAMPLE_JSONL, "--media-dir", str(MEDIA), "--jobs", "2")
    assert "Imported: 0, updated: 0, unchanged: 20, rejected: 7." in again
