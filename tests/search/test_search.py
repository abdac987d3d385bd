import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Channel, Source
from search import query as search_query
from search.models import SearchEntry, SynonymGroup
from search.query import base_queryset, parse_query, run_search
from tests.soup import select, text

from .conftest import PLANS

pytestmark = pytest.mark.django_db
URL = "/search/"


def found(terms, plan=None, **filters):
    parsed = parse_query(terms)
    return run_search(parsed.terms, base_queryset(**filters), page_size=50, plan=plan).ids


@pytest.mark.parametrize("plan", PLANS)
def test_chinese_phrases_match_as_substrings(make_article, plan):
    """高质量发展, 党建引领 and two-character words are found inside longer text."""
    a = make_article(body="<p>推动高质量发展落到实处。</p>")
    b = make_article(body="<p>坚持党建引领，深化区域合作。</p>")
    make_article(body="<p>高质量的发展离不开合力。</p>")
    assert found("高质量发展", plan) == [a.pk]
    assert found("党建引领", plan) == [b.pk]
    assert found("合作", plan) == [b.pk]


@pytest.mark.parametrize("plan", PLANS)
def test_no_match_across_the_title_body_boundary(make_article, plan):
    """A phrase never matches across the title/body or a paragraph boundary."""
    make_article(title="聚焦高质量", body="<p>发展新动能</p>")
    make_article(title="园区", body="<p>高</p><p>质量</p>")
    assert found("高质量发展", plan) == []
    assert found("量发", plan) == []
    assert found("高质量", plan) != []


@pytest.mark.parametrize("plan", PLANS)
def test_latin_words_and_numbers_match_whole_words(make_article, plan):
    """Latin words and numbers match whole words, in any width or case."""
    a = make_article(body="<p>菏泽（Heze）2020年开发区建设</p>")
    make_article(body="<p>Hezetown 20201 项目</p>")
    assert found("Heze 2020", plan) == [a.pk]
    assert found("ＨＥＺＥ", plan) == [a.pk]
    assert found("2020年", plan) == [a.pk]


@pytest.mark.parametrize("plan", PLANS)
def test_all_terms_must_match(make_article, plan):
    """An article must contain every term of the query."""
    both = make_article(body="<p>开发区 招商引资</p>")
    make_article(body="<p>开发区 建设</p>")
    assert found("开发区 招商", plan) == [both.pk]


@pytest.mark.parametrize("plan", PLANS)
def test_synonyms_find_each_other(make_article, plan):
    """Synonyms find each other in both directions."""
    long_form = make_article(body="<p>国家级经济技术开发区综合发展水平考核</p>")
    short_form = make_article(body="<p>经开区高质量发展</p>")
    assert set(found("经开区", plan)) == {long_form.pk, short_form.pk}
    assert set(found("经济技术开发区", plan)) == {long_form.pk, short_form.pk}


def test_synonym_group_added_by_editor_is_used_at_once(make_article):
    """A synonym group added by an editor is used by the next search."""
    article = make_article(body="<p>自由贸易试验区建设</p>")
    assert found("自贸区") == []
    SynonymGroup.objects.create(terms="自贸区，自由贸易试验区")
    assert found("自贸区") == [article.pk]


@pytest.mark.parametrize("plan", PLANS)
def test_title_matches_rank_first_then_newest(make_article, plan):
    """Title matches come first, then body matches, each newest first."""
    old_title = make_article(title="开发区合作交流会", age_hours=50)
    new_body = make_article(title="新闻", body="<p>加强合作</p>", age_hours=1)
    new_title = make_article(title="合作共赢", age_hours=10)
    old_body = make_article(title="简讯", body="<p>合作项目</p>", age_hours=30)
    assert found("合作", plan) == [new_title.pk, old_title.pk, new_body.pk, old_body.pk]


@pytest.mark.parametrize("plan", PLANS)
def test_unpublished_and_scheduled_articles_are_never_found(make_article, plan):
    """Unpublished articles are never found; scheduled ones appear on time, with no save."""
    make_article(title="合作草稿", status=Article.Status.DRAFT)
    make_article(title="合作待审", status=Article.Status.PENDING)
    make_article(title="合作撤回", status=Article.Status.WITHDRAWN)
    scheduled = make_article(title="合作定时", age_hours=-5)
    visible = make_article(title="合作公开")
    assert found("合作", plan) == [visible.pk]
    # Time passes (no save, no signal): the scheduled article appears.
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now())
    assert found("合作", plan) == [scheduled.pk, visible.pk]


def test_withdrawn_by_bulk_update_disappears_without_signals(make_article):
    """An article withdrawn by a bulk update (no signal) is no longer found."""
    article = make_article(title="合作共赢")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    assert found("合作") == []


def test_index_follows_edits_tags_source_and_delete(make_article):
    """The index follows edits of title, tags and source, and deletion."""
    article = make_article(title="旧标题", body="<p>正文</p>")
    article.title = "新标题招商"
    article.save()
    assert found("招商") == [article.pk]
    assert found("旧标题") == []
    article.tags.add("营商环境")
    assert found("营商环境") == [article.pk]
    article.tags.remove("营商环境")
    assert found("营商环境") == []
    article.source = Source.objects.create(name="开发区导报")
    article.save()
    assert found("导报") == [article.pk]
    source = article.source
    source.name = "园区时报"
    source.save()
    assert found("时报") == [article.pk]
    article.delete()
    assert not SearchEntry.objects.exists()


def test_filters_by_channel_with_children_and_dates(make_article, channel):
    """The channel filter includes sub-channels; date filters bound the publish time."""
    child = Channel.objects.create(name="地方动态", slug="local", parent=channel)
    other = Channel.objects.create(name="通知公告", slug="notices")
    in_child = make_article(title="合作一", channel=child, age_hours=24 * 40)
    in_other = make_article(title="合作二", channel=other, age_hours=2)
    assert found("合作", channel_ids=[channel.pk, child.pk]) == [in_child.pk]
    since = timezone.now() - datetime.timedelta(days=7)
    assert found("合作", start=since) == [in_other.pk]
    response = _get({"q": "合作", "channel": channel.pk})
    assert "</mark>一" in response.text and "</mark>二" not in response.text
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = _get({"q": "合作", "start": day.isoformat()})
    assert "</mark>二" in response.text and "</mark>一" not in response.text


def _get(params):
    from django.test import Client

    response = Client().get(URL, params)
    assert response.status_code == 200
    return response


def test_results_page_highlights_and_escapes(make_article):
    """Results highlight matches and escape HTML in titles, snippets and the query."""
    make_article(title="<i>合作</i>共赢", body="<p>深化&lt;script&gt;合作交流</p>")
    response = _get({"q": "合作<script>"})
    html = response.text
    assert "&lt;i&gt;<mark>合作</mark>&lt;/i&gt;共赢" in html
    assert "<script>" not in html.split("<main")[1]
    assert "合作&lt;script&gt;" in html  # the query echoed, escaped
    assert "<mark>合作</mark>交流" in html


def test_results_page_paginates_with_title_matches_first(make_article):
    """Results paginate, 10 a page, with title matches first; a page past the last is not
    found, and a page number that is not one gives the first page."""
    for i in range(25):
        make_article(title=f"简讯{i}", body="<p>区域合作</p>", age_hours=i + 1)
    title_match = make_article(title="合作专题", age_hours=100)
    page1 = _get({"q": "合作"})
    assert "26 篇" in page1.text
    assert page1.text.index("专题") < page1.text.index("简讯0")
    assert len(select(page1, ".search-results > li")) == 10
    page3 = _get({"q": "合作", "page": "3"})
    assert "简讯24" in page3.text and "简讯0<" not in page3.text
    assert str(title_match.pk) in page1.text
    from django.test import Client

    assert Client().get(URL, {"q": "合作", "page": "4"}).status_code == 404
    assert len(select(page3, ".search-results > li")) == 6
    assert _get({"q": "合作", "page": "abc"}).status_code == 200


def test_count_is_capped(make_article, monkeypatch):
    """The count stops at the cap and says so."""
    monkeypatch.setattr(search_query, "COUNT_CAP", 3)
    for _i in range(5):
        make_article(title="合作")
    result = run_search(parse_query("合作").terms, base_queryset(), page_size=2)
    assert (result.count, result.capped, result.pages) == (3, True, 2)


def test_empty_results_show_latest_articles(make_article):
    """A search with no results offers the latest articles."""
    make_article(title="最新动态一则")
    response = _get({"q": "不存在的词语"})
    assert "最新动态一则" in response.text
    assert not select(response, ".search-results")


HOSTILE = [
    "",
    "合",
    "a",
    "发展" * 300,
    # NUL in a query string is a 400 site-wide: tests/security/test_request_guards.py
    "& | ! : * ( ) ' \" \\ <->",
    "'合作' & !发展",
    "合作:* | 发展",
    "1' OR '1'='1",
    "😀🎉",
    "合作😀",
    "，。！？【】（）",
    "%_\\",
    "<script>alert(1)</script>",
    "ＡＢＣ　合作",
    " " * 50,
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_get_a_sensible_page(make_article, q):
    """Hostile queries get a normal page, never an error."""
    make_article(title="合作发展")
    response = _get({"q": q})
    assert "<h1" in response.text


def test_too_long_query_is_cut_with_a_message():
    """A query over 200 characters is cut, and the page says so."""
    response = _get({"q": "合作" * 300})
    assert "200" in response.text and "截" in response.text


def test_one_character_query_asks_for_more():
    """A one-character query asks for at least two."""
    response = _get({"q": "合"})
    assert "至少" in response.text


def test_bad_dates_are_reported_next_to_the_field(make_article):
    """Bad dates are reported by their field while the search still runs."""
    make_article(title="合作发展")
    response = _get({"q": "合作", "start": "2024-13-45", "end": "9999-12-31"})
    assert "</mark>发展" in response.text
    assert 'class="errorlist' in response.text


def test_bad_filters_are_marked_for_screen_readers_and_keep_what_was_typed(make_article, channel):
    """Each bad filter says why in Chinese, is aria-invalid and points at its message; the
    reader's values stay in the fields, and a valid channel stays chosen."""
    from tests.soup import parse

    make_article(title="合作发展")
    page = parse(_get({"q": "合作", "channel": "99999", "start": "2024-13-45"}))
    select_box, start = page.select_one("#id_channel"), page.select_one("#id_start")
    for field in (select_box, start):
        assert field["aria-invalid"] == "true"
        message = page.select_one("#" + field["aria-describedby"]).get_text()
        assert message in ("选择一个有效的选项。 99999 不在可用的选项中。", "输入一个有效的日期。")
    assert start["value"] == "2024-13-45"
    assert not page.select_one("#id_end").has_attr("aria-invalid")
    page = parse(_get({"q": "合作", "channel": str(channel.pk)}))
    chosen = page.select("#id_channel option[selected]")
    assert [option["value"] for option in chosen] == [str(channel.pk)]
    assert page.select_one("#id_channel option").get_text() == "全部栏目"


def test_query_count_does_not_grow_with_results(make_article):
    """The results page costs the same queries for 1 or 13 results."""
    from django.db import connection as conn
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    make_article(title="合作甲", tags=["标签"])
    client.get(URL, {"q": "合作"})  # warm the caches (site chrome, synonyms, statistics)
    with CaptureQueriesContext(conn) as few:
        client.get(URL, {"q": "合作"})
    for i in range(12):
        make_article(title=f"合作{i}", tags=["标签", f"t{i}"], source=f"来源{i}")
    client.get(URL, {"q": "合作"})  # the saves started a new generation: warm again
    with CaptureQueriesContext(conn) as many:
        client.get(URL, {"q": "合作"})
    assert len(many) == len(few)


def test_rebuild_command_indexes_every_article(make_article):
    """rebuild_search_index indexes every article again."""
    article = make_article(title="合作发展")
    SearchEntry.objects.all().delete()
    assert found("合作") == []
    call_command("rebuild_search_index", "--no-progress", "--drop-index")
    assert found("合作") == [article.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan")
def test_gin_index_exists_on_postgresql():
    """On PostgreSQL the search table has its GIN index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_entry_vector_gin'")
        assert cursor.fetchone()


def test_result_links_go_to_the_article(make_article):
    """A result links to its article."""
    article = make_article(title="合作发展")
    assert reverse("articles:detail", args=[article.pk]) in _get({"q": "合作"}).text


def test_bulk_publish_is_found_at_once(make_article):
    """The admin's publish action uses update(): visibility comes from the article."""
    article = make_article(title="合作共赢", status=Article.Status.DRAFT)
    assert found("合作") == []
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    assert found("合作") == [article.pk]


@pytest.mark.parametrize("plan", PLANS)
def test_order_follows_publish_time_changed_by_bulk_update(make_article, plan):
    """The entry's copy of the publication time follows update() (database trigger)."""
    older = make_article(title="合作一", age_hours=10)
    newer = make_article(title="合作二", age_hours=1)
    assert found("合作", plan) == [newer.pk, older.pk]
    Article.objects.filter(pk=older.pk).update(publish_at=timezone.now())
    assert (
        SearchEntry.objects.get(pk=older.pk).publish_at
        == Article.objects.get(pk=older.pk).publish_at
    )
    assert found("合作", plan) == [older.pk, newer.pk]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search/",
        "/search/?q=合作",
        "/members/",
        "/zones/",
        "/magazine/",
        "/submit/",
        "/messages/",
        "/no-such-page/",
    ],
)
def test_header_search_box_is_on_every_page(make_article, client, url):
    """Every page has the header search box."""
    make_article(title="合作发展")
    html = client.get(url).content.decode()
    assert 'role="search" action="/search/"' in html
    assert 'name="q"' in html


def test_header_search_box_on_article_and_channel_pages(make_article, client, channel):
    """Article and channel pages have the header search box."""
    article = make_article(title="合作发展")
    for url in (article.get_absolute_url(), channel.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'role="search" action="/search/"' in html, url


def test_header_search_box_keeps_the_query_on_the_results_page(make_article, client):
    """On the results page the header box keeps the query, escaped."""
    make_article(title="合作发展")
    html = client.get(URL, {"q": "合作 <b>"}).content.decode()
    assert 'id="site-search" type="search" name="q" maxlength="200" placeholder' in html
    assert 'value="合作 &lt;b&gt;"' in html
    # The header is one cached fragment for every page: each request gets its own text.
    assert 'value="发展"' in client.get(URL, {"q": "发展"}).content.decode()
    assert 'name="q" maxlength="200" placeholder="搜索新闻资讯" value=""' in (
        client.get("/").content.decode()
    )


def test_count_grows_with_the_pages_read(make_article, monkeypatch):
    """Page 1 counts a few pages ahead only; later pages extend the count, up to the cap."""
    monkeypatch.setattr(search_query, "LOOKAHEAD", 1)
    for _i in range(7):
        make_article(title="合作")
    terms = parse_query("合作").terms

    def seen(page):
        result = run_search(terms, base_queryset(), page=page, page_size=2)
        return result.count, result.capped, result.pages, len(result.ids)

    assert seen(1) == (4, True, 2, 2)
    assert seen(2) == (6, True, 3, 2)
    assert seen(4) == (7, False, 4, 1)


def test_results_page_says_more_than_when_the_count_window_is_full(make_article, monkeypatch):
    """A full count window says "more than", and the last page says the list stops at 1000."""
    monkeypatch.setattr(search_query, "LOOKAHEAD", 0)
    for i in range(41):
        make_article(title=f"合作{i}")
    assert "找到超过 10 篇" in _get({"q": "合作"}).text
    monkeypatch.setattr(search_query, "LOOKAHEAD", 1)
    monkeypatch.setattr(search_query, "COUNT_CAP", 40)
    last = _get({"q": "合作", "page": "4"}).text
    assert "找到超过 40 篇" in last and "仅列出前 1000 条结果" in last
    assert "仅列出前" not in _get({"q": "合作"}).text


def test_channel_filter_leaves_out_inactive_sub_channels_as_the_channel_page_does(
    client, make_article, channel
):
    """Searching in a channel finds what its channel page lists: no inactive sub-channel."""
    hidden = Channel.objects.create(name="停用子栏目", slug="hidden", parent=channel, active=False)
    make_article(title="合作停用栏目", channel=hidden)
    shown = make_article(title="合作本栏目")
    listed = client.get(channel.get_absolute_url()).content.decode()
    assert "合作本栏目" in listed and "合作停用栏目" not in listed
    response = _get({"q": "合作", "channel": channel.pk})
    assert response.context["articles"] == [shown]


@pytest.mark.parametrize("plan", PLANS)
def test_by_date_lists_every_match_newest_first_without_the_title_tier(make_article, plan):
    """按时间 orders all matches by publish time; 按相关度 puts title matches first."""
    old_title = make_article(title="合作交流会", age_hours=50)
    new_body = make_article(title="新闻", body="<p>加强合作</p>", age_hours=1)
    terms = parse_query("合作").terms
    by_date = run_search(terms, base_queryset(), plan=plan, by_date=True).ids
    assert by_date == [new_body.pk, old_title.pk]
    assert found("合作", plan) == [old_title.pk, new_body.pk]


def test_sort_switch_keeps_the_query_and_marks_the_chosen_order(make_article):
    """The 按相关度 / 按时间 links keep the query, restart at page 1 and mark the current one."""
    make_article(title="合作交流会", age_hours=50)
    newer = make_article(title="新闻", body="<p>加强合作</p>", age_hours=1)
    response = _get({"q": "合作", "page": "1"})
    links = {text(link): link for link in select(response, ".search-sort a")}
    assert links["按相关度"]["aria-current"] == "true" and not links["按时间"].get("aria-current")
    assert links["按时间"]["href"] == "?q=%E5%90%88%E4%BD%9C&sort=date"
    by_date = _get({"q": "合作", "sort": "date"})
    assert response.context["articles"][0] != newer and by_date.context["articles"][0] == newer
    chosen = select(by_date, '.search-sort a[aria-current="true"]')
    assert [text(link) for link in chosen] == ["按时间"]


def test_result_found_only_by_its_source_shows_the_source_marked(make_article):
    """A result that matched only in its hidden 来源 shows that source, highlighted."""
    make_article(title="园区动态", body="<p>新项目开工</p>", source="菏泽经济开发区")
    result = select(_get({"q": "菏泽"}), ".search-results > li")[0]
    (source,) = [span for span in result.select("p span") if "来源" in text(span)]
    assert text(source) == "来源： 菏泽经济开发区"
    assert [text(mark) for mark in source.select("mark")] == ["菏泽"]
    assert result.select_one("h2 mark") is None


class RecordingRouter:
    """Sends every read to the default database, noting which models were asked about."""

    asked = []

    def db_for_read(self, model, **hints):
        self.asked.append(model)
        return "default"


def test_search_reads_from_the_database_the_router_chooses(make_article, settings):
    """With a read replica the ids come from the replica, like the articles they show:
    the raw SQL of the search asks the router, as the ORM does."""
    article = make_article(title="海洋牧场建设提速")
    settings.DATABASE_ROUTERS = [RecordingRouter()]
    RecordingRouter.asked.clear()
    assert found("海洋牧场") == [article.pk]
    assert SearchEntry in RecordingRouter.asked


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE statistics")
def test_plan_statistics_are_loaded_on_a_machine_just_booted(make_article, monkeypatch):
    """time.monotonic() counts from boot: minutes after a reboot, the first search must
    still read ANALYZE's statistics, not take "never loaded" for "loaded just now" (every
    frequent term would then sort all its candidates)."""
    for n in range(30):
        make_article(title=f"开发区新闻{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    monkeypatch.setattr(search_query.time, "monotonic", lambda: 5.0)  # five seconds after boot
    assert search_query._load_stats()["rows"] == 30
    assert search_query.estimated_fraction(parse_query("开发区").terms) == pytest.approx(1.0)
