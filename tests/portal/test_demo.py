import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"portal", "articles", "association", "submissions", "taggit"}
    }


def test_demo_content_loads_and_a_second_run_duplicates_nothing():
    """The demo content loads, and loading it again duplicates nothing."""
    from io import StringIO

    call_command("load_demo", stdout=StringIO())
    first = _row_counts()
    assert first["portal.NavItem"] >= 6
    assert first["portal.LinkGroup"] == 4
    call_command("load_demo", stdout=StringIO())
    assert _row_counts() == first


def test_superuser_password_is_random_and_printed_once(django_user_model):
    """The demo superuser gets a random password, printed once and never again."""
    from io import StringIO

    out = StringIO()
    call_command("ensure_superuser", stdout=out)
    first = out.getvalue()
    assert "password" in first
    password = first.split("password '")[1].split("'")[0]
    user = django_user_model.objects.get(username="admin")
    assert user.check_password(password) and len(password) >= 12
    again = StringIO()
    call_command("ensure_superuser", stdout=again)
    assert password not in again.getvalue()
    assert django_user_model.objects.filter(is_superuser=True).count() == 1


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for this module's checks, rolled back at the end."""
    from io import StringIO

    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_once, db, settings):
    settings.MEDIA_ROOT = _demo_once
    return _demo_once


EAST = {"苏州", "合肥", "青岛", "宁波", "杭州", "南京", "芜湖", "烟台", "厦门", "扬州"}
CENTRAL = {"成都", "武汉", "西安", "郑州", "长沙", "绵阳", "襄阳", "洛阳", "宝鸡"}


def test_demo_zone_news_sits_in_its_region_under_its_own_source(demo):
    """A zone's news: in its region's channel, with that zone's 管委会 as 来源."""
    from articles.models import Article

    zone_news = Article.objects.filter(source__name__endswith="管委会").select_related(
        "channel", "source"
    )
    assert zone_news.count() >= 30
    for article in zone_news:
        place = article.title[:2]
        assert article.source.name.startswith(place), article.title
        if article.channel.slug == "provincial-east":
            assert place in EAST, article.title
        if article.channel.slug == "provincial-central":
            assert place in CENTRAL, article.title


def test_demo_association_notices_come_from_the_association(demo):
    """Notices and association news: source 中国开发区协会, no zone statistics table."""
    from articles.models import Article

    own = Article.objects.filter(channel__slug__in=["notices", "association-news"])
    assert own.count() >= 12
    for article in own.select_related("source"):
        assert article.source.name == "中国开发区协会", article.title
        assert "<table" not in article.body, article.title


def test_demo_topic_articles_are_on_the_topic(demo):
    """Each topic holds only articles on its subject."""
    from articles.models import Topic

    keywords = {
        "green-park": ["循环化", "绿色", "能耗"],
        "digital-zone": ["智慧", "数字", "工业互联网"],
        "business-env": ["一网通办", "营商环境", "审批"],
        "opening-up": ["进出口", "保税", "开放"],
        "july-first": ["党建", "党支部"],
    }
    for slug, words in keywords.items():
        articles = list(Topic.objects.get(slug=slug).articles.all())
        assert articles, slug
        for article in articles:
            assert any(word in article.title for word in words), (slug, article.title)


def test_demo_has_inline_images_and_a_membership_form_download(demo, settings):
    """Some bodies carry photos stored as uploads; a notice offers 入会申请表 to download."""
    from pathlib import Path

    from articles.models import Article, Attachment
    from portal.uploads import DocumentValidator

    with_images = Article.objects.filter(body__contains=f'<img src="{settings.MEDIA_URL}editor/')
    assert with_images.count() >= 3
    for article in with_images:
        src = article.body.split('<img src="', 1)[1].split('"', 1)[0]
        assert (Path(settings.MEDIA_ROOT) / src.removeprefix(settings.MEDIA_URL)).is_file()
    form = Attachment.objects.get(title="入会申请表")
    assert form.article.channel.slug == "notices"
    DocumentValidator(extensions=(".docx",))(form.file)


def test_demo_shows_the_old_sites_article_word_for_word(demo, client):
    """The real article of the old site, word for word, in 省级开发区动态 and 不忘初心迎“七一”."""
    import json
    from pathlib import Path

    from articles.models import Article

    sample = Path(__file__).parent.parent / "articles" / "data" / "legacy_sample.jsonl"
    real = json.loads(sample.read_bytes().splitlines()[0])
    article = Article.objects.get(title=real["title"])
    assert article.body == real["body_html"]
    assert article.channel.slug == "provincial" and article.channel.parent.name == "资讯中心"
    assert [t.title for t in article.topics.all()] == ["不忘初心迎“七一”"]
    assert article.source.name == "山东菏泽经济开发区" and article.view_count == 378
    assert client.get(article.get_absolute_url()).status_code == 200


def test_demo_images_carry_no_latin_text():
    """Magazine covers and logos draw only Chinese from COVER_TEXT, and the font has it all."""
    from association import demo

    assert not any("a" <= c.lower() <= "z" for c in demo.COVER_TEXT)
    font = demo._font(20)
    missing = list(font.getmask("龘"))  # not in the subset: drawn as the empty box
    assert [c for c in demo.COVER_TEXT if c != " " and list(font.getmask(c)) == missing] == []


def test_no_two_demo_articles_share_a_paragraph(demo):
    """Every paragraph of every demo article is its own: no boilerplate repeated across news."""
    import re
    from collections import defaultdict

    from articles.models import Article

    titles_of = defaultdict(set)
    for title, body in Article.objects.values_list("title", "body"):
        paragraphs = [p.strip() for p in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S)]
        for paragraph in paragraphs:
            titles_of[paragraph].add(title)
        # Nor one template twice in a story with other figures ("从业态看…12%", "…16%").
        starts = [re.sub(r"<[^>]+>", "", paragraph)[:15] for paragraph in paragraphs]
        assert len(starts) == len(set(starts)), (title, starts)
    shared = {
        text[:40]: sorted(titles)[:3] for text, titles in titles_of.items() if len(titles) > 1
    }
    assert len(titles_of) > 250
    assert shared == {}


def test_demo_news_comes_in_several_kinds_shapes_and_lengths(demo):
    """Conference reports, policy interpretations, zone news, notices and interviews, in
    different structures (sub-headings or not, Q&A, tables) and lengths."""
    import re

    from articles.models import Article

    articles = list(Article.objects.select_related("channel"))
    channels = {article.channel.slug for article in articles}
    assert {"association-news", "policy", "notices", "hi-tech", "investment"} <= channels
    assert sum("——访" in article.title for article in articles) >= 3  # interviews
    assert any("问：" in article.body for article in articles)
    assert any("<table" in article.body for article in articles)
    lengths = {len(re.findall(r"<p[ >]", article.body)) for article in articles}
    assert len(lengths) >= 6, lengths
    # No fixed paragraph order: the second paragraphs of zone news are not all alike.
    seconds = {
        re.findall(r"<p>(.*?)</p>", article.body)[1][:4]
        for article in articles
        if article.source
        and article.source.name.endswith("管委会")
        and len(re.findall(r"<p>", article.body)) > 2
    }
    assert len(seconds) >= 8, seconds


def test_fresh_demo_has_a_most_read_list_and_old_site_ids(demo, client):
    """点击排行 is filled from the first page view, and old-site addresses answer 301."""
    from articles.models import LegacyArticle
    from articles.mostread import most_read

    assert len(most_read()) == 10
    assert "点击排行" in client.get(most_read()[0].url).content.decode()
    legacy = LegacyArticle.objects.select_related("article")
    assert legacy.count() >= 3
    for entry in legacy:
        response = client.get(f"/index.php/News/info/id/{entry.legacy_id}.html")
        assert response.status_code == 301
        assert response["Location"].endswith(entry.article.get_absolute_url())


def test_demo_contact_data_are_the_marked_placeholders_and_nothing_says_demo(demo, settings):
    """Contact details come from the one block of examples (settings.DEMO_CONTACT); the
    pages do not call themselves a demo; member associations link nowhere invented."""
    from association.models import MemberAssociation, Page
    from portal.models import SiteSettings

    site = SiteSettings.load()
    for field in ("address", "phone", "email", "icp_number"):
        assert getattr(site, field) == settings.DEMO_CONTACT[field]
    assert "演示" not in site.copyright_holder
    assert not Page.objects.filter(body__contains="演示").exists()
    assert settings.DEMO_CONTACT["phone"] in Page.objects.get(slug="contact").body
    assert "名单以协会正式公告为准" not in Page.objects.get(slug="leaders").body
    assert not MemberAssociation.objects.filter(website__contains="example.org").exists()
