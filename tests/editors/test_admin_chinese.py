"""The admin is entirely in Chinese for a reviewer (审核): every page of every model."""

import html as html_lib
import json
import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

DENY = ["Edit", "Update", "Select", "Choose", "Table", "Heading", "Status", "Rows", "Columns"]
# Untranslated model names that auto-created link tables used to show as inline headers.
DENY += ["Zone", "Memberassociation", "Tag", "Article"]
DENY_RE = re.compile(r"\b({})\b".format("|".join(DENY)))


def visible_text(page):
    """What a reader of the page sees: text, button values, titles and placeholders."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    attributes = re.findall(r'(?:title|placeholder|value|aria-label|alt)="([^"]*)"', page)
    text = re.sub(r"(?s)<[^>]+>", " ", page)
    return html_lib.unescape(text + " " + " ".join(attributes))


def english_words(page):
    return sorted(set(DENY_RE.findall(visible_text(page))))


def admin_url(name, *args):
    """The admin URL `name`, or None for a page the model's admin does not offer."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def admin_pages(client, content):
    """Changelist, add, change and history page of every model the reviewer may see."""
    objects = {type(obj): obj for obj in content.values()}
    urls = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        request = type("R", (), {"user": client.user})()
        if not model_admin.has_view_or_change_permission(request):
            continue
        urls.append(admin_url(prefix + "changelist"))
        if model_admin.has_add_permission(request):
            urls.append(admin_url(prefix + "add"))
        obj = objects.get(model) or model._default_manager.first()
        if obj is not None:
            urls.append(admin_url(prefix + "change", obj.pk))
            urls.append(admin_url(prefix + "history", obj.pk))
    urls += [admin_url("admin:association_zone_import"), admin_url("admin:association_zone_export")]
    urls.append(reverse("admin:index"))
    return [url for url in urls if url]


def test_every_admin_page_is_free_of_english_words_for_a_reviewer(reviewer, content):
    """No admin page a reviewer can open shows Edit, Update, Select, Choose, Status…"""
    opened, found = [], {}
    for url in admin_pages(reviewer, content):
        response = reviewer.get(url, follow=True)
        assert response.status_code == 200, url
        opened.append(url)
        words = english_words(response.content.decode())
        if words:
            found[url] = words
    assert len(opened) > 30  # the walk really visited every model
    assert found == {}


def test_history_names_changed_fields_in_chinese(reviewer, content):
    """A history entry reads 已修改 状态, never the English field name."""
    manuscript = content["manuscript"]
    LogEntry.objects.create(
        user=reviewer.user,
        content_type=ContentType.objects.get_for_model(manuscript),
        object_id=str(manuscript.pk),
        object_repr=str(manuscript),
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Status", "Reply"]}}]),
    )
    url = reverse("admin:submissions_manuscript_history", args=[manuscript.pk])
    page = reviewer.get(url).content.decode()
    assert "Status" not in page and "Reply" not in page
    assert "状态" in page and "回复" in page


def test_deny_list_catches_english(reviewer):
    """The checker itself finds an English word in a title attribute and in text."""
    assert english_words('<a title="Edit HTML">x</a><p>Choose all</p>') == ["Choose", "Edit"]
    assert english_words("<p>选择</p><script>Select()</script>") == []


def test_history_after_a_real_save_is_chinese(editor, content):
    """Changing a manuscript's status records 已修改 状态, not 已修改 Status."""
    manuscript = content["manuscript"]
    url = reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    data = {"status": "accepted", "reply": "", "internal_notes": "", "article": ""}
    data["magazine_url"] = ""
    for prefix in ("attachments", "status_changes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    assert editor.post(url, data).status_code == 302
    page = editor.get(reverse("admin:submissions_manuscript_history", args=[manuscript.pk]))
    text = visible_text(page.content.decode())
    assert "已修改" in text and "状态" in text
    assert not re.search(r"已修改\s*[A-Za-z]", text)
