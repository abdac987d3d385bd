"""What editors save loses C0 control characters (the rule lives in portal.text)."""

import pytest
from django.contrib.auth.models import Group
from taggit.models import Tag

from articles.models import Article, Channel, Source
from association.models import Page, Zone
from portal.models import NavItem, SiteSettings
from portal.text import clean_text

pytestmark = pytest.mark.django_db

DIRTY = "开发区\x01新闻\x08\x1b[31m\x7f"


def test_one_line_text_loses_control_characters_tabs_and_breaks():
    assert clean_text("a\x01b\tc\nd\x00e", multiline=False) == "ab c de"


def test_multi_line_text_keeps_tabs_and_line_breaks():
    assert clean_text("第一段\x02\n\t第二段\r\n", multiline=True) == "第一段\n\t第二段\r\n"


@pytest.mark.parametrize(
    "make",
    [
        lambda: Channel.objects.create(name=DIRTY, slug="c", description=DIRTY),
        lambda: Source.objects.create(name=DIRTY),
        lambda: Page.objects.create(title=DIRTY, slug="p", summary=DIRTY, body=DIRTY),
        lambda: Zone.objects.create(
            name=DIRTY, province="jiangsu", level="national", type="etdz", introduction=DIRTY
        ),
        lambda: NavItem.objects.create(title=DIRTY, url="/x/"),
        lambda: SiteSettings.objects.create(site_name=DIRTY, address=DIRTY),
        lambda: Tag.objects.create(name=DIRTY, slug="t"),
    ],
    ids=["channel", "source", "page", "zone", "nav", "site-settings", "tag"],
)
def test_saved_records_have_no_control_characters(make):
    """Every text field of the project's models is cleaned on save, whatever saves it."""
    obj = make()
    obj.refresh_from_db()
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, str):
            assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value), field.name
            assert "\x7f" not in value


def test_article_saved_in_the_admin_by_an_editor_loses_control_characters(
    client, django_user_model
):
    """The article form of an editor: title, summary, author are stored clean."""
    channel = Channel.objects.create(name="资讯", slug="news")
    editor = django_user_model.objects.create_user("ed", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    client.force_login(editor)
    response = client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    data = {
        "title": "标题\x01",
        "subtitle": "",
        "channel": channel.pk,
        "author": "作者\x02",
        "summary": "摘要\x03第二行",
        "body": "<p>正文\x04</p>",
        "status": "draft",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "08:00:00",
        "new_tags": "",
        "new_source": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    form = response.context["adminform"].form
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{inline.formset.prefix}-{name}"] = management[name].value() or 0
        data[f"{inline.formset.prefix}-TOTAL_FORMS"] = "0"
    assert "title" in form.fields
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get()
    assert (article.title, article.author) == ("标题", "作者")
    assert article.summary == "摘要第二行"
    assert "\x04" not in article.body
