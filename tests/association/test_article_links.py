"""Editors link an article to zones and member associations from the article's own form."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.articles.test_admin import form_data
from tests.factories import make_article

from .factories import make_member, make_zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("bianji", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    return client


def test_editor_links_an_article_to_a_zone_and_a_member_from_the_article_form(
    editor_client, channel
):
    """The zone's profile then lists the article, without the editor touching the zone record."""
    article = make_article(channel, title="园区新闻")
    zone = make_zone(name="苏州工业园区")
    member = make_member(name="江苏省开发区协会")
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert "Zone_articles-TOTAL_FORMS" in editor_client.get(url).content.decode()
    data = form_data(
        channel,
        title="园区新闻",
        **{
            "Zone_articles-TOTAL_FORMS": "1",
            "Zone_articles-0-zone": str(zone.pk),
            "MemberAssociation_articles-TOTAL_FORMS": "1",
            "MemberAssociation_articles-0-memberassociation": str(member.pk),
        },
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert list(zone.articles.all()) == [article]
    assert list(member.articles.all()) == [article]
    assert "园区新闻" in editor_client.get(zone.get_absolute_url()).content.decode()


def test_staff_who_may_only_view_articles_cannot_change_the_links(
    client, django_user_model, channel
):
    """Linking is an article edit: zone rights alone do not let someone relink articles."""
    user = django_user_model.objects.create_user("zone-clerk", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_zone", "view_zone"])
    )
    article = make_article(channel)
    zone = make_zone(name="青岛经济技术开发区")
    zone.articles.add(article)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(user)
    html = client.get(url).content.decode()
    assert "青岛经济技术开发区" in html
    assert 'name="Zone_articles-0-zone"' not in html

    superuser = django_user_model.objects.create_superuser("boss", password="pw")
    client.force_login(superuser)
    assert 'name="Zone_articles-0-zone"' in client.get(url).content.decode()
