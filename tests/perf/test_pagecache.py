"""The page cache: fresh after every edit, on time for schedules, never personal."""

import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from portal.models import Link, LinkGroup, NavItem, SiteSettings

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_a_warm_hit_only_reads_the_generation(client, page_cache, make_article):
    """A warm cached page runs no view; its one SQL statement reads the shared generation
    (portal.generation; with Redis it comes in the same round trip as the page)."""
    article = make_article(title="缓存的文章")
    assert get(client, article.get_absolute_url())["X-Page-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        response = get(client, article.get_absolute_url())
    assert response["X-Page-Cache"] == "HIT"
    assert "缓存的文章" in response.content.decode()
    assert [q["sql"] for q in queries] == ["SELECT value FROM portal_generation WHERE id = 1"]


def test_a_hit_carries_the_security_headers_of_the_page_it_replays(
    client, page_cache, make_article
):
    """The Content-Security-Policy of a cached page is stored with it (django-csp runs
    inside the page cache), so a hit sends exactly the policy of a fresh render; the
    headers of SecurityMiddleware are added to every response, hit or not."""
    url = make_article().get_absolute_url()
    names = [
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
    ]
    miss, hit = get(client, url), get(client, url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("MISS", "HIT")
    assert "script-src 'self'" in miss["Content-Security-Policy"]
    assert {name: hit.get(name) for name in names} == {name: miss[name] for name in names}


@pytest.mark.parametrize("url_name", ["home", "channel", "article"])
def test_edit_to_an_article_shows_on_the_next_request(client, page_cache, make_article, url_name):
    """Saving an article makes every cached page that shows it fresh at once."""
    article = make_article(title="旧标题")
    url = {
        "home": reverse("home"),
        "channel": article.channel.get_absolute_url(),
        "article": article.get_absolute_url(),
    }[url_name]
    get(client, url)
    assert "旧标题" in get(client, url).content.decode()
    article.title = "新标题"
    article.save()
    html = get(client, url).content.decode()
    assert "新标题" in html and "旧标题" not in html


def test_edits_to_channel_navigation_links_and_settings_show_at_once(
    client, page_cache, make_article, channels
):
    """Channel, navigation item, link group and site settings edits are not hidden by cache."""
    article = make_article()
    url = article.get_absolute_url()
    nav = NavItem.objects.create(title="导航甲", url="/a/")
    group = LinkGroup.objects.create(name="友情链接", slug="friends")
    Link.objects.create(group=group, name="链接甲", url="https://a.example.org/")
    get(client, url)
    assert "导航甲" in get(client, url).content.decode()

    channel = article.channel
    channel.name = "改名的栏目"
    channel.save()
    assert "改名的栏目" in get(client, url).content.decode()

    nav.title = "导航乙"
    nav.save()
    assert "导航乙" in get(client, url).content.decode()

    group.name = "合作伙伴"
    group.save()
    assert "合作伙伴" in get(client, url).content.decode()

    site = SiteSettings.load()
    site.site_name = "新的站名"
    site.save()
    assert "新的站名" in get(client, url).content.decode()


def test_staff_always_get_fresh_pages(client, page_cache, make_article, staff_user):
    """Logged-in staff are never served from the cache and their pages are never stored."""
    article = make_article(title="甲")
    client.force_login(staff_user)
    for _i in range(2):
        response = get(client, article.get_absolute_url())
        assert "X-Page-Cache" not in response
        assert response["Cache-Control"] == "private, no-store"
    client.logout()
    Article.objects.filter(pk=article.pk).update(title="乙")  # no signal: only a miss sees it
    assert "乙" in get(client, article.get_absolute_url()).content.decode()


def test_cached_responses_carry_no_cookie_and_no_language_vary(client, page_cache, make_article):
    """Nothing personal is stored: no Set-Cookie on a cached page, one Vary for encodings."""
    article = make_article()
    for _i in range(2):
        response = get(client, article.get_absolute_url())
        assert not response.cookies
        assert response["Vary"] == "Accept-Encoding"
    assert response["X-Page-Cache"] == "HIT"


def test_page_with_a_csrf_form_is_never_cached(client, page_cache, db):
    """Forms carry a CSRF token and a cookie: such pages are never stored or shared."""
    for _i in range(2):
        response = get(client, reverse("submissions:message-create"))
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_repeat_request_with_the_etag_gets_304(client, page_cache, make_article):
    """ETag and Last-Modified let a browser or CDN revalidate without the body."""
    article = make_article()
    first = get(client, article.get_absolute_url())
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = get(client, article.get_absolute_url(), if_none_match=etag)
    assert again.status_code == 304 and not again.content
    article.title = "改过的标题"
    article.save()
    assert get(client, article.get_absolute_url(), if_none_match=etag).status_code == 200


def test_cache_control_is_short_for_lists_longer_for_articles(client, page_cache, make_article):
    """Public pages say public, max-age and stale-while-revalidate; the front keeps 1 s."""
    article = make_article()
    detail = get(client, article.get_absolute_url())["Cache-Control"]
    listing = get(client, article.channel.get_absolute_url())["Cache-Control"]
    assert detail.startswith("public, max-age=300") and "stale-while-revalidate" in detail
    assert listing.startswith("public, max-age=60") and "s-maxage=1" in listing


def test_pages_are_stored_and_sent_compressed(client, page_cache, make_article):
    """Browsers that accept gzip get the page compressed; others get it plain."""
    import gzip

    article = make_article(title="压缩")
    get(client, article.get_absolute_url(), accept_encoding="gzip")
    response = get(client, article.get_absolute_url(), accept_encoding="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "压缩" in gzip.decompress(response.content).decode()
    plain = get(client, article.get_absolute_url())
    assert "Content-Encoding" not in plain and "压缩" in plain.content.decode()


def test_scheduled_article_appears_on_a_cached_list_on_time(client, page_cache, make_article):
    """An entry never outlives the next scheduled publish time: no cron job needed."""
    make_article(title="已发布")
    publish_at = timezone.now() + timedelta(seconds=1.5)
    make_article(title="定时发布", publish_at=publish_at)
    url = reverse("home")
    get(client, url)
    cached = get(client, url)
    assert cached["X-Page-Cache"] == "HIT" and "定时发布" not in cached.content.decode()
    time.sleep(max(0, (publish_at - timezone.now()).total_seconds()) + 0.1)
    assert "定时发布" in get(client, url).content.decode()


def test_unknown_query_parameters_are_served_fresh_not_stored(client, page_cache, make_article):
    """Random cache-busting parameters cannot fill the cache."""
    article = make_article()
    for _i in range(2):
        response = get(client, article.get_absolute_url() + "?x=1")
        assert response["Cache-Control"] == "private, no-store"


def test_a_readers_new_message_keeps_the_cache_warm(client, page_cache, make_article):
    """Only what readers can see bumps the generation, so the public cannot empty the cache."""
    from submissions.models import Message, MessageCategory

    article = make_article()
    category = MessageCategory.objects.create(name="咨询", slug="ask")
    get(client, article.get_absolute_url())
    Message.objects.create(
        category=category,
        name="读者", contact="x@example.org", subject="问", content="内容",
    )  # fmt: skip
    assert get(client, article.get_absolute_url())["X-Page-Cache"] == "HIT"


def test_page_cache_seconds_zero_turns_it_off(client, settings, make_article):
    """PAGE_CACHE_SECONDS=0 serves every page fresh (the benchmark's cold rows)."""
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article()
    for _i in range(2):
        assert "X-Page-Cache" not in get(client, article.get_absolute_url())


def test_take_down_time_removes_an_article_from_a_cached_list_on_time(
    client, page_cache, make_article
):
    """An entry never outlives the next take-down time either (published()'s rule)."""
    offline_at = timezone.now() + timedelta(seconds=1.5)
    make_article(title="到点下线", offline_at=offline_at)
    url = reverse("home")
    get(client, url)
    cached = get(client, url)
    assert cached["X-Page-Cache"] == "HIT" and "到点下线" in cached.content.decode()
    time.sleep(max(0, (offline_at - timezone.now()).total_seconds()) + 0.1)
    assert "到点下线" not in get(client, url).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the server drops a connection")
@pytest.mark.django_db(transaction=True)
def test_a_hit_checks_its_connection_by_its_one_read_and_survives_a_dropped_one(
    client, page_cache, make_article, monkeypatch
):
    """A warm hit makes one round trip to the database: the generation read, not Django's
    health check before it. When the server has dropped the persistent connection (a
    restart), the read reconnects and the reader still gets the page."""
    url = make_article().get_absolute_url()
    get(client, url)
    checks = []
    database = connections["default"]
    is_usable = database.is_usable
    monkeypatch.setattr(database, "is_usable", lambda: checks.append(1) or is_usable())
    database.close_if_unusable_or_obsolete()  # what a server does as a request starts
    assert get(client, url)["X-Page-Cache"] == "HIT"
    assert checks == []

    other = database.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [database.connection.info.backend_pid])
    other.close()
    database.close_if_unusable_or_obsolete()
    response = get(client, url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "HIT"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the libpq read is PostgreSQL's")
def test_the_generation_read_outside_the_query_log_gives_the_rows_value(db):
    """Unlogged, the hot read goes through libpq itself; it gives what the logged read
    through Django's cursor gives, before and after a change."""
    from django.db import transaction

    from portal import generation

    def logged():
        with CaptureQueriesContext(connection) as queries:
            value = generation.row_value()
        assert [q["sql"] for q in queries] == [generation.READ_SQL]
        return value

    before = generation.row_value()
    assert isinstance(before, int) and before == logged()
    with transaction.atomic():
        generation.bump()
    after = generation.row_value()
    assert after > before and after == logged()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the libpq read is PostgreSQL's")
def test_the_generation_read_in_a_broken_transaction_fails_like_any_query(db):
    """No silent reconnect inside a transaction that already failed: the read refuses,
    as Django refuses every query there, and the connection is kept."""
    from django.db import DatabaseError, transaction
    from django.db.transaction import TransactionManagementError

    from portal import generation

    generation.row_value()
    raw = connection.connection
    with transaction.atomic():
        with pytest.raises(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
        with pytest.raises(DatabaseError):  # PostgreSQL: the transaction is aborted
            generation.row_value()
        transaction.set_rollback(True)
    with transaction.atomic():
        with (
            pytest.raises(DatabaseError),
            transaction.atomic(savepoint=False),
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT 1 / 0")
        with pytest.raises(TransactionManagementError):  # Django: the block is broken
            generation.row_value()
        transaction.set_rollback(True)
    assert connection.connection is raw


def test_a_page_reads_each_shared_fragment_from_the_cache_once(client, make_article, monkeypatch):
    """A channel page asks for the channel tree five times: one cache read (and one
    unpickling) serves them all, and the next request reads it again."""
    from portal import pagecache

    url = make_article().channel.get_absolute_url()
    get(client, url)
    reads = []
    original = pagecache.cache.get

    def counting_get(key, *args, **kwargs):
        if key.startswith(pagecache.MEMO_PREFIX):
            reads.append(key.removeprefix(pagecache.MEMO_PREFIX))
        return original(key, *args, **kwargs)

    monkeypatch.setattr(pagecache.cache, "get", counting_get)
    for _ in range(2):
        reads.clear()
        assert get(client, url).status_code == 200
        assert reads.count("articles:channel-tree") == 1, reads
        assert len(reads) == len(set(reads)), reads


def test_the_view_a_path_resolves_to_is_kept_per_urlconf():
    """Resolving is kept per process, keyed by the URLconf too: a URLconf set by a test
    (or per request) gets its own answer, never the site's."""
    import types

    from django.urls import get_resolver, path

    from portal import pagecache

    other = types.ModuleType("other_urls")
    other.urlpatterns = [path("", lambda request: None, name="elsewhere")]
    assert pagecache._view_name(get_resolver(), "/") == "home"
    assert pagecache._view_name(get_resolver(other), "/") == "elsewhere"
    assert pagecache._view_name(get_resolver(other), "/articles/1/") is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the libpq read is PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # as a request reads it: outside a transaction
def test_the_generation_read_survives_its_prepared_statement_going():
    """The read is prepared once per connection. When the server forgets the statement
    (DEALLOCATE ALL, or a pooler that hands over another connection), the reader still
    gets the value, by plain queries for the rest of that connection without preparing
    in vain again; a new connection prepares it again."""
    from portal import generation

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE name = %s",
                [generation._STATEMENT.decode()],
            )
            return cursor.fetchone()[0]

    expected = generation.row_value()
    assert connection._generation_prepared_on is connection.connection.pgconn
    assert prepared() == 1
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert generation.row_value() == expected
    assert generation.row_value() == expected
    assert connection._generation_plain_on is connection.connection.pgconn
    assert prepared() == 0
    connection.close()
    assert generation.row_value() == expected
    assert prepared() == 1


def test_a_404_may_be_kept_by_the_front_for_anonymous_readers_only(client, page_cache, staff_user):
    """A reader's 404 is the same for everyone: the front keeps it as briefly as a page, so
    it can replace a withdrawn article's copy. Staff's 404 stays private."""
    response = get(client, "/articles/987654321/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=1"
    client.force_login(staff_user)
    response = get(client, "/articles/987654321/")
    assert response.status_code == 404 and response["Cache-Control"] == "private, no-store"
