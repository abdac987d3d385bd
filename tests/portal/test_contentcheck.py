"""The content rules written once (portal.contentcheck), shared by the article form's panel
and site_health."""

import pytest

from portal import contentcheck as cc


def codes(findings):
    return [finding.code for finding in findings]


def test_images_without_alt_text_or_with_a_file_name_for_one():
    """No alt, an empty alt and a camera file name are reported; a description is not."""
    html = (
        '<img src="/media/a.jpg"><img src="/media/b.jpg" alt="">'
        '<img src="/media/c.jpg" alt="IMG_20261130_1234">'
        '<img src="/media/d.jpg" alt="微信图片_20261201">'
        '<img src="/media/e.jpg" alt="苏州工业园区全景">'
    )
    assert [f.target for f in cc.check_images(html)] == [
        "/media/a.jpg", "/media/b.jpg", "/media/c.jpg", "/media/d.jpg"]  # fmt: skip


def test_headings_must_not_skip_a_level():
    """A body starts at h2 (the title is the h1) and goes down one level at a time."""
    assert cc.check_headings("<h2>一</h2><h3>二</h3><h2>三</h2><h3>四</h3>") == []
    found = cc.check_headings("<h3>开头</h3><h2>二</h2><h4>跳级</h4>")
    assert [f.target for f in found] == ["开头", "跳级"]


def test_title_width_counts_han_characters_whole_and_latin_half():
    """22 Han characters fit the lists; 23 do not; Latin letters and digits count half."""
    assert cc.check_title("中" * 22) == []
    assert codes(cc.check_title("中" * 23)) == [cc.TITLE_LONG]
    assert cc.check_title("中" * 20 + "GDP1") == []
    assert codes(cc.check_title("中" * 20 + "GDP12")) == [cc.TITLE_LONG]


def test_summary_empty_or_automatic():
    """An empty or automatic summary is reported; a written one is not."""
    assert codes(cc.check_summary("")) == [cc.SUMMARY_EMPTY]
    assert codes(cc.check_summary("正文开头……", automatic=True)) == [cc.SUMMARY_EMPTY]
    assert cc.check_summary("编辑写的摘要") == []


def test_scaled_images_are_known_by_their_name():
    """An image stored as scaled down says from what size, and the check reads it."""
    name = cc.scaled_image_name("editor/2026/12/abc.jpg", (4000, 3000))
    assert name == "editor/2026/12/abc-scaled-from-4000x3000.jpg"
    assert cc.scaled_from("/media/" + name) == (4000, 3000)
    assert cc.scaled_from("/media/editor/2026/12/abc.jpg") is None
    found = cc.check_scaled(f'<img src="/media/{name}" alt="大图">')
    assert codes(found) == [cc.IMAGE_SCALED] and "4000 × 3000" in found[0].message


def test_addresses_are_classified(settings):
    """Own domain (with or without scheme), media, external, mail and anchors."""
    settings.SITE_DOMAIN = "www.example.org"
    hosts = cc.own_hosts()
    assert cc.classify("https://www.example.org/channels/news/", hosts).kind == "internal"
    assert cc.classify("//www.example.org/x/", hosts).path == "/x/"
    assert cc.classify("/media/a%20b.pdf", hosts).path == "a b.pdf"
    assert cc.classify("https://www.gov.cn/", hosts).kind == "external"
    assert cc.classify("https://www.example.org:8443/", hosts).kind == "external"
    assert cc.classify("mailto:a@example.org", hosts).kind == "other"
    assert cc.classify("#top", hosts).kind == "other"


@pytest.mark.django_db
def test_http_links_where_https_exists(settings):
    """http: to the site itself, or to a host the text also links over https, is reported;
    http: to a host not known to serve https is not."""
    settings.SITE_DOMAIN = "www.example.org"
    html = (
        '<a href="http://www.example.org/search/">本站</a>'
        '<a href="https://www.mofcom.gov.cn/a">商务部</a><a href="http://www.mofcom.gov.cn/b">商务部</a>'
        '<a href="http://old.example.net/">旧站</a>'
    )
    found = cc.check_body(html, cc.LinkResolver())
    assert [(f.code, f.target) for f in found] == [
        (cc.LINK_HTTP, "http://www.example.org/search/"),
        (cc.LINK_HTTP, "http://www.mofcom.gov.cn/b"),
    ]
