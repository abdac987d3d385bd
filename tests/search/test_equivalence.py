"""The search gives exactly what a brute-force substring scan of the articles gives.

A generated corpus (phrases that overlap, Latin words next to Chinese, synonyms,
every status, filters) is searched with every plan and compared, in order, with a
plain Python scan written from the rules: visible articles only, every term (or one
of its synonyms) in the text, Latin words and numbers as whole words, title matches
first, then newest first.
"""

import datetime
import random

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleTag, Channel, Source
from search import query as search_query
from search.index import index_articles
from search.query import base_queryset, parse_query, run_search
from search.text import CJK_SPLIT, html_to_text, normalize

from .conftest import PLANS

pytestmark = pytest.mark.django_db

VOCABULARY = [
    "发展", "合作", "高质量发展", "质量", "高质", "营商环境", "开发区", "经开区",
    "经济技术开发区", "招商引资", "量子通信", "霍尔果斯", "智能制造", "Heze", "heze2020",
    "2020", "2020年", "5G", "G20", "ＡＩ", "高", "展", "，", "。", " ",
]  # fmt: skip
QUERIES = [
    "发展", "合作", "高质量发展", "量发", "质量 合作", "营商环境", "经开区", "经济技术开发区",
    "开发区 招商引资", "量子通信", "霍尔果斯", "Heze", "HEZE 2020", "2020年", "5G 智能制造",
    "g20", "ai", "展高", "不存在", "发展 合作 质量",
]  # fmt: skip


def _latin(char):
    return bool(char) and char.isalnum() and not CJK_SPLIT.fullmatch(char)


def _contains(text, needle):
    """Substring, but a Latin word or number in the needle must not continue in the text."""
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not (_latin(needle[0]) and _latin(before)) and not (
            _latin(needle[-1]) and _latin(after)
        ):
            return True
        start = text.find(needle, start + 1)
    return False


def documents(articles=None):
    """(article, normalised texts of its searched fields, normalised title) for each.

    Also used by bench/search.py to check a sample of the generated articles.
    """
    articles = Article.objects.all() if articles is None else articles
    loaded = []
    for article in articles.select_related("source").prefetch_related("tags"):
        fields = [
            article.title,
            article.subtitle,
            article.summary,
            html_to_text(article.body),
            article.source.name if article.source else "",
            *(tag.name for tag in article.tags.all()),
        ]
        loaded.append((article, [normalize(field) for field in fields], normalize(article.title)))
    return loaded


def brute_force(docs, q, channel_ids=None, start=None):
    terms = parse_query(q).terms
    if not terms:
        return []
    now = timezone.now()

    def found(texts, term):
        return any(_contains(text, needle) for text in texts for needle in term.needles)

    rows = []
    for article, texts, title in docs:
        if article.status != Article.Status.PUBLISHED or article.publish_at > now:
            continue
        if channel_ids and article.channel_id not in channel_ids:
            continue
        if start and article.publish_at < start:
            continue
        if all(found(texts, term) for term in terms):
            in_title = all(found([title], term) for term in terms)
            rows.append((not in_title, -article.publish_at.timestamp(), -article.pk, article.pk))
    return [row[-1] for row in sorted(rows)]


@pytest.fixture
def corpus(channel):
    rng = random.Random(20241126)
    other = Channel.objects.create(name="政策法规", slug="policy")
    sources = [Source.objects.create(name=name) for name in ("开发区导报", "Heze Daily")]
    now = timezone.now()
    statuses = [Article.Status.PUBLISHED] * 6 + [Article.Status.DRAFT, Article.Status.WITHDRAWN]

    def text(count):
        return "".join(rng.choice(VOCABULARY) for _ in range(count))

    articles = Article.objects.bulk_create(
        Article(
            title=text(rng.randint(1, 4)),
            subtitle=text(2) if rng.random() < 0.2 else "",
            summary=text(3) if rng.random() < 0.3 else "",
            body="".join(f"<p>{text(rng.randint(2, 12))}</p>" for _ in range(rng.randint(1, 3))),
            channel=rng.choice([channel, other]),
            source=rng.choice([None, *sources]),
            status=rng.choice(statuses),
            # Distinct times; some in the future (scheduled).
            publish_at=now - datetime.timedelta(minutes=37 * i - 300),
        )
        for i in range(90)
    )
    tags = [
        Tag.objects.create(name=name, slug=f"t{i}")
        for i, name in enumerate(["营商环境", "合作", "AI"])
    ]
    ArticleTag.objects.bulk_create(
        ArticleTag(content_object=article, tag=rng.choice(tags))
        for article in articles
        if rng.random() < 0.3
    )
    for _done in index_articles(Article.objects.all()):  # bulk_create sends no signals
        pass
    return {"channel": channel, "other": other}


@pytest.mark.parametrize("plan", [*PLANS, None] if None not in PLANS else PLANS)
@pytest.mark.usefixtures("corpus")
def test_results_equal_a_brute_force_scan(plan):
    """Every query finds exactly what a brute-force scan finds, in the same order."""
    docs = documents()
    checked = 0
    for q in QUERIES:
        expected = brute_force(docs, q)
        result = run_search(parse_query(q).terms, base_queryset(), page_size=1000, plan=plan)
        assert result.ids == expected, q
        assert result.count == len(expected), q
        checked += bool(expected)
    assert checked >= 15  # the corpus exercises most queries


@pytest.mark.parametrize("plan", PLANS)
def test_filtered_results_equal_a_brute_force_scan(corpus, plan):
    """Channel and date filters find exactly what a brute-force scan finds."""
    since = timezone.now() - datetime.timedelta(hours=20)
    channel_ids = [corpus["other"].pk]
    for q in ("发展", "合作", "高质量发展", "Heze"):
        scope = base_queryset(channel_ids=channel_ids, start=since)
        result = run_search(parse_query(q).terms, scope, page_size=1000, plan=plan)
        assert result.ids == brute_force(documents(), q, channel_ids, since), q


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.usefixtures("corpus")
def test_pages_and_capped_count_follow_the_brute_force_order(plan, monkeypatch):
    """Pages under a capped count follow the brute-force order without gaps."""
    monkeypatch.setattr(search_query, "COUNT_CAP", 12)
    expected = brute_force(documents(), "发展")
    assert len(expected) > 12
    terms = parse_query("发展").terms
    first = run_search(terms, base_queryset(), page=1, page_size=5, plan=plan)
    assert (first.count, first.capped, first.pages) == (12, True, 3)
    shown = []
    for number in (1, 2, 3):
        shown += run_search(terms, base_queryset(), page=number, page_size=5, plan=plan).ids
    assert shown == expected[:12]
