"""Page weight budgets (issue 25): bytes of HTML before compression, per page type.

Every byte of a page is rendered on a cache miss, compressed and sent; a spider walking
old articles misses on every one. Two sites are weighed:

- a bench-like corpus, shaped as the Wagtail anchor's (`make bench`): four channels of
  articles with ~3 KB bodies, 2-3 tags and a source, a menu of the four channels, no link
  groups or notices. The issue's budgets: home ≤ 16 KB, article ≤ 10 KB, lists and search
  results ≤ 10 KB;
- the demo content (`manage.py load_demo`), whose chrome carries far more: a two-level
  menu of 24 links, four footer link groups, the notices strip, the WeChat and QQ
  popovers, association cross-links. Its budgets are the weights reached by this issue
  with a little room (bench/README.md, "Page weight", has the breakdown).

The sizes before this issue are in bench/README.md. The budgets fail as soon as anything
re-adds indentation, inline SVG, a second navigation, labels that only scripts use or
the like. Static names are plain here; `make bench` serves hashed ones (about 13 bytes
more per static file a page links), and its article's body is longer: the article's
weight here stays near 10,000 bytes so that the benchmarked one is under 10 KB too.
"""

import datetime
import os
import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleTag, Channel, HomeBlock, Source, Topic
from portal.models import NavItem, SiteSettings
from search.index import index_articles

KB = 1024
# The bench-like corpus: the budgets (home ≤ 16 KB, article, lists and search
# results ≤ 10 KB), every one met. Weights before issue 25, and now.
BENCH_BUDGETS = {
    "home": 16 * KB,  # 12,683 bytes before issue 25; 8,723 now
    "article": 10 * KB,  # 14,658; 9,946
    "channel": 10 * KB,  # 8,997; 6,181
    "channel_page_2": 10 * KB,  # 7,265; 5,149
    "topic_list": 10 * KB,  # 5,216; 3,835
    "topic": 10 * KB,  # 9,085; 6,255
    "tag": 10 * KB,  # 7,198; 5,056
    "search": 10 * KB,  # 20,064 (20 results); 9,505 (10 results)
    # A word found in the bodies: every snippet is a window of body text (the bench's
    # "GDP" page; with 120-character snippets it was 11.6 KB there).
    "search_body": 10 * KB,
}
# The demo's richer chrome: the weights reached by issue 25 with about 3 % of room.
DEMO_BUDGETS = {
    "home": 25_850,  # 33,586 bytes before issue 25; 25,081 now
    "article": 16_800,  # 24,226; 16,305
    "channel": 12_900,  # 17,314; 12,514
    "topic_list": 11_850,  # 16,202; 11,518
    "topic": 11_050,  # 15,278; 10,749
    "tag": 10_450,  # 14,516; 10,147
    "search": 18_000,  # 34,839 (20 results); 17,458 (10 results, 72-character snippets)
}

CLAUSES = [
    "记者从有关部门获悉", "据相关负责人介绍", "今年以来", "截至目前", "在各方共同努力下",
    "多项指标保持在合理区间", "市场主体活力不断增强", "产业结构持续优化升级",
    "重点项目建设加快推进", "营商环境进一步改善", "科技创新能力显著提升",
    "推动政策措施落地见效", "加快培育新质生产力", "为经济社会发展注入新动能",
]  # fmt: skip
PLACES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "重庆"]
SUBJECTS = ["新能源汽车产业", "数字经济", "人工智能应用", "跨境电商", "城市更新", "高端制造"]
ACTIONS = ["取得新进展", "迎来新机遇", "再上新台阶", "按下快进键", "跑出加速度", "释放新活力"]
TAGS = ["经济", "科技", "教育", "文化", "环境", "交通", "财经", "民生", "能源", "消费"]


def _paragraph(rng):
    text = ""
    while len(text) < 150:
        text += "，".join(rng.choice(CLAUSES) for _ in range(rng.randint(2, 4))) + "。"
    return text


def load_bench_like(per_channel=30):
    """The anchor's shape, small: 4 channels × `per_channel` articles (more than a page)."""
    rng = random.Random(1)
    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name": "中国开发区协会"})
    sections = [("guonei", "国内"), ("guoji", "国际"), ("caijing", "财经"), ("keji", "科技")]
    channels = [
        Channel.objects.create(name=name, slug=slug, order=i)
        for i, (slug, name) in enumerate(sections)
    ]
    for channel in channels:
        HomeBlock.objects.create(channel=channel, count=6, order=channel.order)
        NavItem.objects.create(
            title=channel.name, target=f"articles.channel:{channel.pk}", order=channel.order
        )
    source = Source.objects.create(name="新华社")
    tags = [Tag.objects.create(name=name, slug=f"tag-{i}") for i, name in enumerate(TAGS)]
    topic = Topic.objects.create(title="高质量发展", slug="quality")
    now = timezone.now()
    articles = []
    for n in range(4 * per_channel):
        title = f"{rng.choice(PLACES)}{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}（{n + 1}）"
        articles.append(
            Article(
                title=title, channel=channels[n % 4], source=source,
                summary=f"{rng.choice(PLACES)}讯 {_paragraph(rng)[:60]}",
                body="".join(f"<p>{_paragraph(rng)}</p>" for _ in range(6)),
                status=Article.Status.PUBLISHED,
                publish_at=now - datetime.timedelta(minutes=50 * (n + 1)),
            )
        )  # fmt: skip
    Article.objects.bulk_create(articles)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    ArticleTag.objects.bulk_create(
        [ArticleTag(content_object_id=pk, tag=tag) for pk in ids for tag in rng.sample(tags, 2)]
    )
    Article.topics.through.objects.bulk_create(
        [Article.topics.through(article_id=pk, topic=topic) for pk in ids[::3]]
    )
    for _done in index_articles(Article.objects.all(), batch_size=100):
        pass
    return {
        "home": "/",
        "article": Article.objects.order_by("-publish_at").first().get_absolute_url(),
        "channel": channels[0].get_absolute_url(),
        "channel_page_2": channels[0].get_absolute_url() + "?page=2",
        "topic_list": "/topics/",
        "topic": topic.get_absolute_url(),
        "tag": f"/tags/{tags[0].slug}/",
        "search": "/search/?q=上海",
        "search_body": "/search/?q=营商环境",
    }


def demo_pages():
    """The demo content's page of each type (the same choice as the accessibility audit)."""
    call_command("load_demo", stdout=StringIO())
    article = Article.objects.published().order_by("-publish_at").first()
    channel = Channel.objects.get(slug="association-news")
    tag = Tag.objects.filter(articles_articletag_items__isnull=False).order_by("pk").first()
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "channel": channel.get_absolute_url(),
        "topic_list": "/topics/",
        "topic": Topic.objects.order_by("pk").first().get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "search": "/search/?q=开发区",
    }


def weights(client, pages, prefix):
    """{page: bytes of its HTML}, each page rendered cold (a page-cache miss) as a warm
    worker renders it: the shared chrome fragments are already cached."""
    sizes = {}
    for name, url in pages.items():
        client.get(url)  # fills the shared fragments (chrome, channel tree, most read)
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        sizes[name] = len(response.content)
        if os.environ.get("PAGE_WEIGHT_DUMP"):  # a folder: the pages, to see where bytes go
            Path(os.environ["PAGE_WEIGHT_DUMP"], f"{prefix}{name}.html").write_bytes(
                response.content
            )
    return sizes


def over_budget(sizes, budgets):
    return {page: (sizes[page], budget) for page, budget in budgets.items() if sizes[page] > budget}


@pytest.mark.django_db
def test_bench_like_pages_stay_within_their_budgets(client):
    """Home ≤ 16 KB; article, lists and search results ≤ 10 KB of HTML on the bench's
    corpus."""
    sizes = weights(client, load_bench_like(), "bench-")
    assert not over_budget(sizes, BENCH_BUDGETS), sizes


@pytest.mark.django_db
def test_demo_pages_stay_within_their_budgets(client):
    """The demo site's pages, with its full chrome, stay at the weight this issue reached."""
    sizes = weights(client, demo_pages(), "demo-")
    assert not over_budget(sizes, DEMO_BUDGETS), sizes
