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
