"""Issue 12's walk-through in a real browser, as the association's staff work: an editor
(编辑) and a reviewer (审核), no superuser, everything in Chinese."""

import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article, Channel
from association.models import Industry, Zone
from portal.models import NavItem
from submissions.models import Manuscript, Message, MessageCategory

from .editors_helpers import choose_autocomplete, login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "div.ProseMirror[contenteditable=true]"
ZONES_GBK = (
    "名称,简称,省份,城市,级别,类型,主导产业,批准年份,面积（平方公里）,地址,网址,简介\r\n"
    "合肥经济技术开发区,合肥经开区,安徽省,合肥,国家级,经济技术开发区,集成电路,1993,268.5,"
    ",www.hfetdz.gov.cn,\r\n"
).encode("gbk")


def png_file(tmp_path):
    path = tmp_path / "现场照片.png"
    Image.new("RGB", (800, 450), (30, 120, 200)).save(path, "PNG")
    return path


@pytest.fixture
def world(db):
    from submissions.services import insert_with_unique_number

    channel = Channel.objects.create(name="资讯中心", slug="news")
    Industry.objects.create(name="集成电路", slug="ic")
    category = MessageCategory.objects.create(name="建议", slug="advice", email="a@example.org")
    message = Message(
        category=category,
        name="王女士",
        contact="13800138000",
        subject="统计数据",
        content="建议公开",
    )
    message.set_query_code("ABCD2345")
    insert_with_unique_number(message, "number", "LY")
    manuscript = Manuscript(
        title="园区绿色转型实践",
        author_name="李晓明",
        phone="0512-1",
        email="l@example.org",
        text="第一段。",
        declaration=True,
        preferred_channel=channel,
    )
    insert_with_unique_number(manuscript, "tracking_number", "TG")
    return {"channel": channel, "message": message, "manuscript": manuscript}


def test_editor_and_reviewer_run_the_site_without_a_superuser(
    page, live_server, django_user_model, world, tmp_path
):
    """编辑 writes and submits, handles a manuscript, imports zones; 审核 publishes, answers,
    edits the navigation."""
    # --- 编辑: write an article with an image and submit it for review ---
    login_as(page, live_server, django_user_model, "编辑", "editor")
    page.goto(reverse("admin:articles_article_add"))
    page.wait_for_selector(BODY)
    page.fill("#id_title", "开发区营商环境再上新台阶")
    choose_autocomplete(page, "channel", "资讯中心")
    page.locator(BODY).click()
    page.keyboard.type("今年以来，各开发区持续优化营商环境。")
    with page.expect_file_chooser() as chooser:
        page.locator("[data-name=imageUpload]").click()
    chooser.value.set_files(str(png_file(tmp_path)))
    expect(page.locator(f"{BODY} img")).to_have_attribute("src", re.compile(r"^/media/editor/"))
    page.select_option("#id_status", "pending")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title="开发区营商环境再上新台阶")
    assert article.status == Article.Status.PENDING and '<img src="/media/editor/' in article.body

    # --- 编辑: move a manuscript to 已采用 and make its article draft ---
    manuscript = world["manuscript"]
    page.goto(reverse("admin:submissions_manuscript_change", args=[manuscript.pk]))
    page.select_option("#id_status", label="已录用")  # the 已采用
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.locator(f"input[name=_selected_action][value='{manuscript.pk}']").check()
    page.select_option("select[name=action]", "create_article_draft")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("篇文章草稿")
    manuscript.refresh_from_db()
    assert manuscript.status == "accepted" and manuscript.article.status == "draft"

    # --- 编辑: import a GBK zone file from Excel ---
    zone_file = tmp_path / "开发区.csv"
    zone_file.write_bytes(ZONES_GBK)
    page.goto(reverse("admin:association_zone_import"))
    page.set_input_files("#id_import_file", str(zone_file))
    page.select_option("#id_format", label="csv")
    page.locator("input[type=submit]").click()
    expect(page.locator("body")).to_contain_text("合肥经济技术开发区")
    page.locator("input[name=confirm], input[type=submit][value='确认导入']").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    zone = Zone.objects.get(name="合肥经济技术开发区")
    assert zone.province == "anhui" and zone.website == "https://www.hfetdz.gov.cn"

    # --- 审核: publish the submitted article ---
    login_as(page, live_server, django_user_model, "审核", "reviewer")
    page.goto(reverse("admin:articles_article_changelist"))
    page.locator(f"input[name=_selected_action][value='{article.pk}']").check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.is_published
    page.goto(article.get_absolute_url())
    expect(page.locator(".article-body img")).to_have_count(1)

    # --- 审核: answer a reader's message ---
    message = world["message"]
    page.goto(reverse("admin:submissions_message_change", args=[message.pk]))
    page.select_option("#id_state", "approved")
    page.fill("#id_reply", "感谢您的建议，我们将定期公开。")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    message.refresh_from_db()
    assert message.reply.startswith("感谢") and message.replied_by.username == "reviewer"

    # --- 审核: edit the navigation ---
    page.goto(reverse("admin:portal_navitem_add"))
    page.fill("#id_title", "资讯")
    page.select_option("#id_target", label="资讯中心")
    page.fill("#id_order", "1")
    page.locator("input[name=_save]").click()
    expect(page.locator("#result_list")).to_contain_text("栏目：资讯中心")
    assert NavItem.objects.get(title="资讯").target == f"articles.channel:{world['channel'].pk}"
    page.goto("/")
    expect(page.locator("nav").get_by_role("link", name="资讯", exact=True).first).to_be_visible()
