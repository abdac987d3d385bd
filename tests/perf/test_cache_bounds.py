"""The caches are bounded by design: canonical page addresses only, free text in a space of
its own, HEAD answered as GET, a save during a render never kept, and a view beacon that
counts each reader once."""

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from articles import mostread
from articles.models import Article
from portal import pagecache
from tests.editors.conftest import role_client


def page_entries():
    """Keys of stored pages in the shared (local-memory) cache of this test process."""
    return {key for key in cache._cache if pagecache.PAGE_PREFIX in key}


def test_a_save_during_a_render_is_not_kept(client, page_cache, make_article, monkeypatch):
    """A withdrawal that commits while a page renders: the page rendered from the old rows is
    stored under the generation read at the start, so the next request renders anew."""
    article = make_article(title="撤稿之前")
    real_most_read = mostread.most_read

    def withdraw_while_rendering():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
        pagecache.bump()  # what the admin's save does, here in the middle of the render
        return real_most_read()

    monkeypatch.setattr(mostread, "most_read", withdraw_while_rendering)
    first = client.get(article.get_absolute_url())
    assert first.status_code == 200 and "撤稿之前" in first.content.decode()
    monkeypatch.setattr(mostread, "most_read", real_most_read)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_only_canonical_page_addresses_are_stored(client, page_cache, make_article):
    """?page=01, ?page=1, ?page=+2 and unknown parameters are answered but never stored."""
    make_article()
    channel_url = Article.objects.get().channel.get_absolute_url()
    assert client.get(channel_url)["X-Page-Cache"] == "MISS"
    stored = page_entries()
    assert len(stored) == 1
    for query in ("?page=01", "?page=1", "?page=%2B1", "?utm=x", "?page=1&page=1"):
        response = client.get(channel_url + query)
        assert response.status_code in (200, 404), query
        assert "X-Page-Cache" not in response, query
    assert page_entries() == stored


def test_a_page_past_the_last_is_not_found(client, make_article):
    """Each list page has one address: a page past the last answers 404, not the last page."""
    make_article()
    channel_url = Article.objects.get().channel.get_absolute_url()
    assert client.get(channel_url + "?page=2").status_code == 404
    assert client.get(reverse("association:zones") + "?page=9").status_code == 404


def test_free_text_queries_cannot_push_other_pages_out(client, page_cache, make_article):
    """1,000 distinct searches are kept in their own bounded space: the home page and the
    article stay in the shared cache, and no search entry lands there."""
    article = make_article(title="区域合作")
    client.get("/")
    client.get(article.get_absolute_url())
    shared = page_entries()
    assert len(shared) == 2
    for i in range(1000):
        assert client.get(reverse("search:results"), {"q": f"合作{i}"}).status_code == 200
    assert page_entries() == shared
    assert client.get("/")["X-Page-Cache"] == "HIT"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "HIT"
    bounded = caches[pagecache.BOUNDED_ALIAS]
    assert 0 < len(bounded._cache) <= bounded._max_entries


@pytest.mark.parametrize("warm", [False, True])
def test_head_answers_the_headers_of_get(client, page_cache, make_article, warm):
    """HEAD and GET agree on status, Cache-Control and ETag, cached or not; HEAD has no body."""
    url = make_article().get_absolute_url()
    if warm:
        client.get(url)
    head = client.head(url)
    cache.clear()
    if warm:
        client.get(url)
    get = client.get(url)
    assert head.status_code == get.status_code == 200
    assert head["Cache-Control"] == get["Cache-Control"]
    assert head["ETag"] == get["ETag"]
    assert head.content == b""


def beacon(client, article, **headers):
    return client.post(reverse("articles:count-view", args=[article.pk]), **headers)


def test_a_reader_is_counted_once_however_often_they_post(client, make_article):
    """200 beacons from one client add one view."""
    article = make_article()
    answers = [beacon(client, article, HTTP_SEC_FETCH_SITE="same-origin") for _ in range(200)]
    assert {response.status_code for response in answers} <= {200, 429}
    article.refresh_from_db()
    assert article.view_count == 1
    other = beacon(client, article, REMOTE_ADDR="198.51.100.7")
    assert other.json() == {"views": 2}


def test_a_cross_site_beacon_counts_nothing(client, make_article):
    """A post from another site (Sec-Fetch-Site or Origin) is refused and counts nothing."""
    article = make_article()
    assert beacon(client, article, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert beacon(client, article, HTTP_ORIGIN="https://evil.example").status_code == 403
    article.refresh_from_db()
    assert article.view_count == 0


def test_one_address_is_rate_limited(client, make_article, settings):
    """More beacons a minute than VIEW_BEACON_LIMIT from one address are refused."""
    settings.VIEW_BEACON_LIMIT = 5
    article = make_article()
    codes = [beacon(client, article).status_code for _ in range(8)]
    assert codes == [200] * 5 + [429] * 3


@pytest.fixture
def redirects_url():
    return reverse("admin:redirects_redirect_add")


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/", "/\\evil.example"])
def test_an_editor_cannot_redirect_to_another_site(django_user_model, redirects_url, target):
    """An editor's redirect to another site is refused with a Chinese message."""
    editor = role_client(django_user_model, "编辑", "editor")
    response = editor.post(redirects_url, {"site": 1, "old_path": "/old/", "new_path": target})
    assert response.status_code == 200
    assert "只能指向本站地址" in response.content.decode()
    from django.contrib.redirects.models import Redirect

    assert not Redirect.objects.exists()
    local = {"site": 1, "old_path": "/old/", "new_path": "/channels/news/"}
    assert editor.post(redirects_url, local).status_code == 302
    assert Redirect.objects.get().new_path == "/channels/news/"


def test_a_superuser_may_redirect_to_another_site(admin_client, redirects_url):
    """Superusers may still point an old address to another site."""
    from django.contrib.redirects.models import Redirect

    data = {"site": 1, "old_path": "/old/", "new_path": "https://www.most.gov.cn/"}
    assert admin_client.post(redirects_url, data).status_code == 302
    assert Redirect.objects.get().new_path == "https://www.most.gov.cn/"
