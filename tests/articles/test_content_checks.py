"""The article form's content checks panel (内容检查): the rules site_health applies, shown
before the article goes to review; nothing but block words stops it."""

import io

import pytest
from django.urls import reverse

from articles.models import Article
from editorial.models import SensitiveWord
from tests.factories import png_bytes
from tests.soup import parse

from .test_admin import form_data, member_of

pytestmark = pytest.mark.django_db

CHECK_URL = "admin:articles_article_contentcheck"


@pytest.fixture
def editor(django_user_model):
    return member_of(django_user_model, "编辑", "editor")


def panel(page):
    return {
        item["data-check"]: [li.get_text(" ", strip=True) for li in item.select("ul li")]
        for item in parse(page).select(".content-check-list > .content-check")
    }


@pytest.fixture
def crafted(make_article, channels):
    """An article that trips every check."""
    SensitiveWord.objects.create(word="提醒词", level="warn")
    gone = make_article(title="将被删除")
    gone_pk = gone.pk
    gone.delete()
    body = (
        '<h3>跳过了二级标题</h3><p>正文里有提醒词。<img src="/media/editor/a.jpg"></p>'
        f'<p><a href="/articles/{gone_pk}/">删掉的文章</a>'
        '<a href="http://testserver/channels/news/">明文链接</a></p>'
        '<img src="/media/editor/2026/12/b-scaled-from-4000x3000.jpg" alt="会场">'
    )
    return make_article(title="一个非常非常长的标题，在首页最新资讯的列表里一行放不下", body=body)


def test_the_panel_lists_every_check_on_the_form(editor, crafted, settings):
    """Each rule shows on the change form, with what it found."""
    settings.SITE_DOMAIN = "testserver"
    found = panel(editor.get(reverse("admin:articles_article_change", args=[crafted.pk])))
    assert set(found) == {
        "image_alt", "heading_order", "link_broken", "link_http", "title_long",
        "summary_empty", "image_scaled", "words",
    }  # fmt: skip
    assert all(found[name] for name in found if name != "words")
    assert "/media/editor/a.jpg" in found["image_alt"][0]
    assert any("删掉的文章" in text or "/articles/" in text for text in found["link_broken"])
    words = parse(editor.get(reverse("admin:articles_article_change", args=[crafted.pk])))
    assert "提醒词" in words.select_one('[data-check="words"]').get_text()


def test_checking_unsaved_text_saves_nothing(editor, crafted):
    """The panel checks the text posted from the form as it is, without saving it."""
    response = editor.post(
        reverse(CHECK_URL),
        {"object": crafted.pk, "title": "短标题", "summary": "编辑写的摘要",
         "body": '<h2>小标题</h2><p>干净的正文。</p><img src="/media/x.png" alt="图">'},
    )  # fmt: skip
    found = panel(response)
    assert found["title_long"] == [] and found["summary_empty"] == []
    assert found["heading_order"] == [] and found["image_alt"] == []
    assert found["link_broken"] == ["文件已不存在： /media/x.png"]
    crafted.refresh_from_db()
    assert crafted.title.startswith("一个非常")


def test_the_automatic_summary_posted_back_counts_as_no_summary(editor, crafted):
    """The form shows the automatic summary; posted back unchanged it is still not written."""
    response = editor.post(
        reverse(CHECK_URL),
        {"object": crafted.pk, "title": "短标题", "summary": crafted.summary, "body": "<p>x</p>"},
    )
    assert panel(response)["summary_empty"]


def test_block_words_are_shown_as_blocking(editor):
    """A block word in the text is named as what stops submitting."""
    SensitiveWord.objects.create(word="禁用词", level="block")
    response = editor.post(reverse(CHECK_URL), {"title": "标题", "body": "<p>禁用词</p>"})
    page = parse(response)
    assert "须删除禁用词" in page.select_one('[data-check="words"]').get_text()


def test_only_people_who_write_articles_may_ask(client, django_user_model):
    """Anonymous visitors go to the login; staff without article rights are refused."""
    assert client.post(reverse(CHECK_URL), {"body": "x"}).status_code == 302
    staff = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.post(reverse(CHECK_URL), {"body": "x"}).status_code == 403


def test_an_image_scaled_on_upload_is_named_in_the_panel(editor):
    """An upload wider than 1600 px is stored with its original size in its name, and the
    panel says it was scaled."""
    big = io.BytesIO(png_bytes(size=(3200, 1600), fmt="JPEG"))
    big.name = "photo.jpg"
    url = editor.post(reverse("admin:articles_article_upload_image"), {"image": big}).json()["url"]
    assert "-scaled-from-3200x1600" in url
    small = io.BytesIO(png_bytes(size=(800, 400), fmt="JPEG"))
    small.name = "small.jpg"
    plain = editor.post(reverse("admin:articles_article_upload_image"), {"image": small}).json()
    assert "scaled" not in plain["url"]
    body = f'<img src="{url}" alt="会场"><img src="{plain["url"]}" alt="小图">'
    found = panel(editor.post(reverse(CHECK_URL), {"title": "t", "body": body}))
    assert len(found["image_scaled"]) == 1 and "3200 × 1600" in found["image_scaled"][0]
    assert found["link_broken"] == []


def test_saving_with_findings_is_not_blocked(editor, channels):
    """Warnings of the panel do not stop a save or a submission."""
    data = form_data(channels["news"], title="长" * 40, body='<img src="/media/none.png">',
                     status="pending")  # fmt: skip
    response = editor.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.get(title="长" * 40).status == "pending"


def test_a_new_article_form_explains_the_panel(editor):
    """Before anything is written the panel says what it is for, and lists nothing."""
    page = parse(editor.get(reverse("admin:articles_article_add")))
    panel_node = page.select_one("#content-checks")
    assert "写好文章后" in panel_node.get_text()
    assert panel_node.select(".content-check") == []
