"""The rich-text editor as editors use it: Chinese labels, Word/WPS paste, video."""

import base64
import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from association.models import Page

from .editors_helpers import login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "div.ProseMirror[contenteditable=true]"
MEDIA_IMAGE = re.compile(r"^/media/editor/.+\.png$")
DENY = ["Edit", "Update", "Select", "Choose", "Table", "Heading", "Status", "Rows", "Columns"]


def png(colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(buffer, "PNG")
    return buffer.getvalue()


PASTE = """([html, rtf]) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  if (rtf) data.setData("text/rtf", rtf);
  const target = document.querySelector(".ProseMirror[contenteditable=true]");
  target.focus();
  const init = {clipboardData: data, bubbles: true, cancelable: true};
  target.dispatchEvent(new ClipboardEvent("paste", init));
}"""


def open_article_form(page, live_server, django_user_model):
    login_as(page, live_server, django_user_model, "审核")
    page.goto(reverse("admin:articles_article_add"))
    page.wait_for_selector(".prose-menubar")


def test_editor_toolbar_menus_and_dialogs_are_chinese(page, live_server, django_user_model):
    """Tooltips, the heading menu and the HTML dialog show no English words."""
    open_article_form(page, live_server, django_user_model)
    labels = page.eval_on_selector_all(
        ".prose-menubar [title], .prose-menubar [aria-label]",
        "els => els.flatMap(e => [e.title, e.getAttribute('aria-label')])",
    )
    options = page.locator(".prose-menubar__option").all_text_contents()
    assert "标题 2" in options and "加粗" in labels and "编辑源代码" in labels
    page.locator(BODY).click()
    page.keyboard.type("链接文字")
    dialogs = []
    for button, chinese in [("link", "链接地址"), ("html", "整理格式"), ("table", "包含表头行")]:
        if button == "link":
            page.locator(BODY).click()
            page.keyboard.press("Control+a")  # the link button needs selected text
            expect(page.locator("[data-name=link]")).not_to_have_class(re.compile("disabled"))
        page.locator(f"[data-name={button}]").click()
        dialog = page.locator("dialog[open]")
        expect(dialog).to_contain_text(chinese)
        dialogs.append(dialog.inner_text())
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
    texts = " ".join([*filter(None, labels), *options, *dialogs])
    assert [word for word in [*DENY, "Yes", "No"] if word in texts] == []


def test_pasted_wps_image_as_data_url_is_uploaded(page, live_server, django_user_model):
    """A data: image in pasted HTML becomes a real uploaded file in the body."""
    open_article_form(page, live_server, django_user_model)
    data_url = "data:image/png;base64," + base64.b64encode(png()).decode()
    page.evaluate(PASTE, [f'<p>图文</p><p><img src="{data_url}"></p>', None])
    image = page.locator("div.ProseMirror[contenteditable=true] img")
    expect(image).to_have_attribute("src", MEDIA_IMAGE)
    assert "data:" not in page.locator("textarea#id_body").input_value()


def test_pasted_word_image_comes_from_the_clipboard_rtf(page, live_server, django_user_model):
    """Word's file: image is rebuilt from the picture Word put into the clipboard's RTF."""
    open_article_form(page, live_server, django_user_model)
    rtf = r"{\rtf1{\*\shppict{\pict\pngblip\picw40\pich20 " + png().hex() + "}}}"
    html = '<p class="MsoNormal">正文<img src="file:///C:/Users/a/AppData/clip_image001.png"></p>'
    page.evaluate(PASTE, [html, rtf])
    expect(page.locator("div.ProseMirror[contenteditable=true] img")).to_have_attribute(
        "src", MEDIA_IMAGE
    )


def test_image_that_cannot_be_kept_is_dropped_and_the_editor_told(
    page, live_server, django_user_model
):
    """A file: image without its bytes leaves no broken <img>; a Chinese notice says so."""
    open_article_form(page, live_server, django_user_model)
    page.evaluate(PASTE, ['<p>只有文字<img src="file:///C:/tmp/a.png"></p>', None])
    expect(page.get_by_role("alert")).to_contain_text("张图片无法随粘贴保留")
    expect(page.locator("div.ProseMirror[contenteditable=true]")).to_contain_text("只有文字")
    assert page.locator("div.ProseMirror[contenteditable=true] img").count() == 0


def test_association_page_uses_the_rich_editor_and_keeps_a_bilibili_video(
    page, live_server, django_user_model
):
    """Association pages get the same editor; an allowed player survives saving."""
    about = Page.objects.create(title="协会简介", slug="about", body="第一行\n第二行")
    login_as(page, live_server, django_user_model, "编辑")
    page.goto(reverse("admin:association_page_change", args=[about.pk]))
    page.wait_for_selector(".prose-menubar")
    # Plain text saved from the old text box opens as two paragraphs.
    expect(page.locator("div.ProseMirror[contenteditable=true] p")).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept("https://www.bilibili.com/video/BV1xx411c7mD"))
    page.locator("[data-name=videoEmbed]").click()
    expect(page.locator("div.ProseMirror[contenteditable=true] iframe")).to_have_count(1)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    about.refresh_from_db()
    assert 'src="https://player.bilibili.com/player.html?bvid=BV1xx411c7mD"' in about.body
    assert "<p>第一行</p><p>第二行</p>" in about.body


def test_unknown_video_site_is_refused_in_the_editor(page, live_server, django_user_model):
    """A player from a site outside the allow-list is not inserted; the editor is told."""
    open_article_form(page, live_server, django_user_model)
    page.once("dialog", lambda dialog: dialog.accept("https://www.youtube.com/embed/abc"))
    page.locator("[data-name=videoEmbed]").click()
    expect(page.get_by_role("alert")).to_contain_text("不支持该视频地址")
    assert page.locator("div.ProseMirror[contenteditable=true] iframe").count() == 0


def test_admin_widgets_built_by_javascript_are_chinese(page, live_server, django_user_model):
    """The zone form's industry chooser (SelectFilter) says 全选, not "Choose all"."""
    from association.models import Industry, Zone

    Industry.objects.create(name="集成电路", slug="ic")
    zone = Zone.objects.create(
        name="苏州工业园区", province="jiangsu", level=Zone.Level.NATIONAL, type=Zone.Type.ETDZ
    )
    login_as(page, live_server, django_user_model, "编辑")
    page.goto(reverse("admin:association_zone_change", args=[zone.pk]))
    chooser = page.locator(".selector")
    expect(chooser).to_contain_text("全选")
    text = chooser.inner_text() + " ".join(
        page.eval_on_selector_all(".selector [title]", "els => els.map(e => e.title)")
    )
    assert [word for word in DENY if word in text] == []


def test_magazine_contents_inline_fits_a_1440_pixel_screen(page, live_server, django_user_model):
    """The table of contents of an issue needs no sideways scrolling at 1440 px."""
    from association.models import Issue

    issue = Issue.objects.create(year=2026, number=11, total_number=300)
    login_as(page, live_server, django_user_model, "编辑")
    page.goto(reverse("admin:association_issue_change", args=[issue.pk]))
    table = page.locator("#entries-group table")
    expect(table).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    box = table.bounding_box()
    assert overflow <= 0 and box["x"] + box["width"] <= 1440


PAGE_TEXT = """() => document.body.innerText + " " + Array.from(
  document.querySelectorAll("[title], [aria-label], [placeholder]")
).map(e => [e.title, e.getAttribute("aria-label"), e.placeholder].join(" ")).join(" ")"""


def test_every_admin_form_is_chinese_after_its_scripts_ran(page, live_server, django_user_model):
    """As a reviewer, every add and change form, with its JavaScript widgets drawn, shows none
    of the deny-listed English words (the server-side walk cannot see script-made text)."""
    from django.contrib import admin

    from tests.editors.conftest import make_content
    from tests.editors.test_admin_chinese import admin_url

    objects = {type(obj): obj for obj in make_content().values()}
    user = login_as(page, live_server, django_user_model, "审核")
    request = type("R", (), {"user": user})()
    found = {}
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if not model_admin.has_change_permission(request):
            continue
        obj = objects.get(model) or model._default_manager.first()
        urls = [admin_url("admin:{}_{}_add".format(*info))]
        if obj is not None:
            urls.append(admin_url("admin:{}_{}_change".format(*info), obj.pk))
        for url in filter(None, urls):
            page.goto(url)
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)  # the rich-text editor starts after load
            text = page.evaluate(PAGE_TEXT)
            words = sorted({word for word in DENY if re.search(rf"\\b{word}\\b", text)})
            if words:
                found[url] = words
    assert found == {}
