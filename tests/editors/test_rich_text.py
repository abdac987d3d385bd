"""Rich text beyond articles: pages and magazine issues, video, plain text kept as paragraphs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from association.models import Issue, Page
from portal.sanitize import clean_html, text_to_paragraphs

BILIBILI = "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD"
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


@pytest.mark.parametrize(
    "src",
    [
        BILIBILI,
        "https://v.qq.com/txp/iframe/player.html?vid=x0012abc",
        "https://channels.weixin.qq.com/finder/player?id=1",
    ],
)
def test_players_on_the_allow_list_are_kept_in_a_sandbox(src):
    """Tencent Video, WeChat channels and bilibili players survive, sandboxed, no handlers."""
    html = clean_html(f'<iframe src="{src}" onload="alert(1)" width="640"></iframe>')
    assert f'src="{src.replace("&", "&amp;")}"' in html
    assert "sandbox=" in html and "onload" not in html


@pytest.mark.parametrize(
    "src",
    [
        "https://www.youtube.com/embed/abc",
        "http://player.bilibili.com/player.html?bvid=1",  # not HTTPS
        "https://player.bilibili.com.evil.example/x",
        "javascript:alert(1)",
        "//player.bilibili.com/player.html",
    ],
)
def test_any_other_iframe_is_removed(src):
    """Players outside the allow-list (or over HTTP) disappear entirely."""
    assert "iframe" not in clean_html(f'<p>前</p><iframe src="{src}"></iframe><p>后</p>')


def test_allow_list_comes_from_settings(settings):
    """The sanitiser follows VIDEO_EMBED_HOSTS, so the list is changed in one place."""
    settings.VIDEO_EMBED_HOSTS = ["v.qq.com"]
    assert "iframe" not in clean_html(f'<iframe src="{BILIBILI}"></iframe>')


def test_site_mp4_plays_with_controls_and_foreign_video_is_removed(settings):
    """<video> keeps only MP4 files from the site's media and always shows its controls."""
    html = clean_html('<video src="/media/video/2026/11/a.mp4" autoplay onplay="x()"></video>')
    assert html.startswith('<video src="/media/video/2026/11/a.mp4"') and "controls" in html
    assert "autoplay" not in html and "onplay" not in html
    assert "video" not in clean_html('<video src="https://evil.example/a.mp4"></video>')
    assert "video" not in clean_html('<video src="/media/../etc/a.mp4"></video>')


def test_plain_text_on_two_lines_stays_two_paragraphs():
    """Text typed without markup keeps its lines as paragraphs; HTML is left as it is."""
    assert text_to_paragraphs("第一段\n第二段") == "<p>第一段</p><p>第二段</p>"
    assert text_to_paragraphs("<p>已是 HTML</p>") == "<p>已是 HTML</p>"
    assert text_to_paragraphs("a < b") == "<p>a &lt; b</p>"


@pytest.mark.django_db
def test_page_and_issue_bodies_are_sanitised_rich_text(client):
    """Pages and magazine issues keep paragraphs and players, never scripts."""
    page = Page.objects.create(title="培训", slug="training", body="第一行\n第二行")
    assert page.body == "<p>第一行</p><p>第二行</p>"
    issue = Issue.objects.create(
        year=2026,
        number=11,
        total_number=300,
        published=True,
        description=f'<p>编者按</p><iframe src="{BILIBILI}"></iframe><script>x</script>',
    )
    assert "<script" not in issue.description and "player.bilibili.com" in issue.description
    html = client.get(issue.get_absolute_url()).content.decode()
    assert "编者按" in html and "player.bilibili.com" in html


@pytest.mark.django_db
def test_page_and_issue_admin_use_the_rich_text_editor(reviewer, content):
    """Both forms show the same editor as articles (with its image upload)."""
    for url in (
        reverse("admin:association_page_change", args=[content["page"].pk]),
        reverse("admin:association_issue_change", args=[content["issue"].pk]),
    ):
        html = reviewer.get(url).content.decode()
        assert "data-django-prose-editor-configurable" in html and "prose-upload.js" in html


@pytest.mark.django_db
def test_editor_uploads_an_mp4(editor, settings):
    """An MP4 is stored in the media under a random name and its address returned."""
    video = SimpleUploadedFile("发布会.mp4", MP4_HEAD + b"\x00" * 100, "video/mp4")
    response = editor.post(reverse("upload-video"), {"video": video})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/video/") and url.endswith(".mp4")
    assert "video" in clean_html(f'<video src="{url}"></video>')


@pytest.mark.django_db
def test_a_file_that_is_not_mp4_is_refused_in_chinese(editor):
    """A renamed file is refused by its content, with a Chinese message."""
    fake = SimpleUploadedFile("a.mp4", b"<html>not a video</html>", "video/mp4")
    response = editor.post(reverse("upload-video"), {"video": fake})
    assert response.status_code == 400 and "MP4" in response.json()["error"]
    assert "视频" in response.json()["error"]


@pytest.mark.django_db
def test_video_upload_needs_a_writing_role(message_desk):
    """Staff who do not write content cannot upload videos."""
    video = SimpleUploadedFile("a.mp4", MP4_HEAD, "video/mp4")
    assert message_desk.post(reverse("upload-video"), {"video": video}).status_code == 403


@pytest.mark.django_db
def test_pages_let_the_allowed_players_load(client):
    """The Content-Security-Policy frames exactly the allowed video hosts (and the site)."""
    policy = client.get("/").headers["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if "frame-src" in part).split()
    assert frame_src[1:] == [
        "'self'",
        "https://v.qq.com",
        "https://channels.weixin.qq.com",
        "https://player.bilibili.com",
    ]
