"""Public pages under attack: odd input never a 500, nothing unpublished shows through."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Channel
from association.models import Page, Zone
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return Channel.objects.create(name="资讯中心", slug="news")


def test_tag_carried_only_by_drafts_answers_404(client, channel):
    """A tag page would show the name of a tag that no visible article carries yet."""
    draft = make_article(channel, title="人事任免草稿", status=Article.Status.DRAFT)
    draft.tags.add("人事任免")
    slug = draft.tags.get().slug
    assert client.get(f"/tags/{slug}/").status_code == 404


def test_tag_carried_only_by_scheduled_articles_answers_404(client, channel):
    """A tag carried only by scheduled articles answers 404."""
    scheduled = make_article(channel, publish_at=timezone.now() + datetime.timedelta(days=1))
    scheduled.tags.add("明日发布")
    assert client.get(f"/tags/{scheduled.tags.get().slug}/").status_code == 404


def test_tag_of_a_visible_article_lists_it(client, channel):
    """A tag page lists the published articles that carry it."""
    article = make_article(channel, title="园区招商新政")
    article.tags.add("招商")
    response = client.get(f"/tags/{article.tags.get().slug}/")
    assert response.status_code == 200
    assert "园区招商新政" in response.content.decode()


def test_tag_address_with_a_null_byte_answers_404(client):
    """PostgreSQL refuses NUL in a text parameter: this used to be a 500 there."""
    assert client.get("/tags/%00/").status_code == 404


def test_zone_search_with_a_null_byte_answers_400(client):
    """PostgreSQL refuses NUL in a text parameter: this used to be a 500 there; NUL in any
    query string is now refused site-wide (portal.middleware)."""
    Zone.objects.create(name="苏州工业园区", province="jiangsu", level="national", type="etdz")
    response = client.get("/zones/", {"q": "苏州\x00"})
    assert response.status_code == 400


@pytest.fixture
def hidden_parent():
    parent = Page.objects.create(title="内部筹备组", slug="preparation", active=False)
    Page.objects.create(title="培训通知", slug="training", parent=parent)
    return parent


@pytest.mark.usefixtures("hidden_parent")
def test_published_page_does_not_show_its_unpublished_parent(client):
    """Neither the breadcrumbs nor the side menu name or link a parent readers cannot open."""
    response = client.get("/about/training/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "培训通知" in html
    assert "内部筹备组" not in html
    assert "/about/preparation/" not in html


@pytest.mark.usefixtures("hidden_parent")
def test_editor_preview_still_shows_the_unpublished_parent(admin_client):
    """Staff still see an unpublished parent page in their preview."""
    html = admin_client.get("/about/training/").content.decode()
    assert "内部筹备组" in html
