"""Site-wide chrome that readers notice: mourning mode, navigation entries, footer."""

import re
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.utils import timezone

from portal import chrome, demo_nav
from portal.models import NavItem, SiteSettings

pytestmark = pytest.mark.django_db


def _root_classes(client):
    html = client.get("/").content.decode()
    return re.search(r'<html lang="[^"]+" class="([^"]*)"', html).group(1).split()


def _set(**values):
    site = SiteSettings.load()
    for name, value in values.items():
        setattr(site, name, value)
    site.save()
    return site


def test_mourning_mode_greys_the_site_when_switched_on(client):
    """With the switch on and no times, every page carries the grayscale class."""
    assert "mourning" not in _root_classes(client)
    _set(mourning=True)
    assert "mourning" in _root_classes(client)


def test_mourning_mode_starts_and_ends_on_time_without_a_job(client):
    """Between start and end only, judged at each render, even with the chrome cached."""
    now = timezone.now()
    _set(
        mourning=True,
        mourning_start=now + timedelta(hours=1),
        mourning_end=now + timedelta(hours=2),
    )
    assert "mourning" not in _root_classes(client)  # chrome is now cached
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=90)):
        assert "mourning" in _root_classes(client)
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=3)):
        assert "mourning" not in _root_classes(client)


def test_mourning_next_change_bounds_how_long_a_cached_page_may_live():
    """A page cache asks when mourning mode next changes: the next start or end, or never."""
    now = timezone.now()
    start, end = now + timedelta(hours=1), now + timedelta(hours=5)
    site = _set(mourning=True, mourning_start=start, mourning_end=end)
    assert chrome.mourning_next_change(now, site) == start
    assert chrome.mourning_next_change(start, site) == end
    assert chrome.mourning_next_change(end, site) is None
    assert chrome.mourning_active(start, site) and not chrome.mourning_active(end, site)
    site.mourning = False
    assert chrome.mourning_next_change(now, site) is None


def test_mourning_end_before_start_is_refused_in_the_admin_form():
    """An end time before the start time is a mistake the editor is told about."""
    from django.core.exceptions import ValidationError

    now = timezone.now()
    site = SiteSettings(mourning=True, mourning_start=now, mourning_end=now - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        site.clean()
    assert "mourning_end" in error.value.message_dict


def test_demo_navigation_reaches_zones_members_topics_and_messages(client):
    """The demo menu links the directory, members, topics and selected messages."""
    demo_nav.load(StringIO())
    demo_nav.load(StringIO())  # idempotent
    urls = set(NavItem.objects.values_list("url", flat=True))
    assert {"/zones/", "/members/", "/topics/", "/messages/"} <= urls
    assert NavItem.objects.filter(url="/zones/", parent__title="中国开发区").count() == 1
    nav = client.get("/").content.decode().split('id="main-nav"')[1].split("</nav>")[0]
    for url in ("/zones/", "/members/", "/topics/", "/messages/"):
        assert f'href="{url}"' in nav, url


def test_footer_opens_only_other_sites_in_a_new_tab(client):
    """Links to this site's pages stay in the tab; links to other sites open a new one."""
    group_links = [
        ("本站专题", "/topics/"),
        ("协会简介", "http://testserver/about/intro/"),
        ("商务部", "https://www.mofcom.gov.cn/"),
    ]
    with mock.patch.object(chrome, "build_link_groups") as build:
        build.return_value = [chrome.FooterGroup("友情链接", "friends", group_links)]
        html = client.get("/").content.decode()
    assert '<a href="/topics/">本站专题</a>' in html
    assert '<a href="http://testserver/about/intro/">协会简介</a>' in html
    assert re.search(r'<a href="https://www.mofcom.gov.cn/" target="_blank"', html)


def test_footer_address_uses_chinese_brackets_and_keeps_the_phone_whole(client):
    """ "（邮编 100000）" with full-width brackets; the phone number never breaks."""
    _set(address="北京市西城区", postcode="100000", phone="010-0000 0000")
    html = client.get("/").content.decode()
    assert "（邮编 100000）" in html
    assert re.search(r'<span class="sep nowrap">电话：\s*<a href="tel:010-00000000">', html)
