"""Unsaved work survives: the article form's local copy, restore offer and leave prompt."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Channel

from .editors_helpers import choose_autocomplete, login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "div.ProseMirror[contenteditable=true]"


def open_new_article(page, live_server, django_user_model):
    user = login_as(page, live_server, django_user_model, "编辑")
    Channel.objects.create(name="资讯中心", slug="news")
    page.goto(reverse("admin:articles_article_add"))
    page.wait_for_selector(BODY)
    return user


def type_article(page):
    page.fill("#id_title", "断电前写的标题")
    page.locator(BODY).click()
    page.keyboard.type("这是一段还没有保存的正文。")
    # The copy is written 400 ms after the last keystroke.
    page.wait_for_function(
        "() => Object.values(localStorage).some(v => v.includes('还没有保存的正文'))"
    )


def test_typed_article_is_offered_back_after_a_reload(page, live_server, django_user_model):
    """Type, reload without saving: the form offers the copy with its time and restores it."""
    user = open_new_article(page, live_server, django_user_model)
    type_article(page)
    stored = page.evaluate(
        "key => localStorage.getItem(key)", f"portal-autosave:article:{user.pk}:new"
    )
    assert "断电前写的标题" in stored
    page.goto(reverse("admin:articles_article_add"))  # as after a crash: a fresh form
    page.wait_for_selector(BODY)
    offer = page.locator(".autosave-offer")
    expect(offer).to_contain_text("未保存的内容")
    expect(offer.locator("time")).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"))
    expect(page.locator("#id_title")).to_have_value("")
    offer.get_by_role("button", name="恢复").click()
    expect(page.locator("#id_title")).to_have_value("断电前写的标题")
    expect(page.locator(BODY)).to_contain_text("这是一段还没有保存的正文。")
    expect(offer).to_have_count(0)


def test_copy_is_cleared_after_a_successful_save(page, live_server, django_user_model):
    """Once the article is saved, reopening it offers nothing and the copy is gone."""
    user = open_new_article(page, live_server, django_user_model)
    type_article(page)
    choose_autocomplete(page, "channel", "资讯中心")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.wait_for_selector(BODY)
    page.wait_for_timeout(300)
    article = Article.objects.get(title="断电前写的标题")
    assert (
        page.evaluate(
            "() => Object.keys(localStorage).filter(k => k.startsWith('portal-autosave'))"
        )
        == []
    )
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    page.wait_for_selector(BODY)
    expect(page.locator(".autosave-offer")).to_have_count(0)
    assert user.pk


def test_leaving_with_unsaved_changes_asks_first(page, live_server, django_user_model):
    """The browser's own leave-page prompt appears when the form has unsaved changes."""
    open_new_article(page, live_server, django_user_model)
    type_article(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


def test_copy_survives_a_save_that_comes_back_with_errors(page, live_server, django_user_model):
    """A refused save (no channel chosen) keeps the copy; a fresh form offers it again."""
    user = open_new_article(page, live_server, django_user_model)
    type_article(page)
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote")).to_be_visible()
    page.wait_for_selector(BODY)
    key = f"portal-autosave:article:{user.pk}:new"
    expect(page.locator("#id_title")).to_have_value("断电前写的标题")
    page.wait_for_function("key => localStorage.getItem(key) !== null", arg=key)
    assert "断电前写的标题" in page.evaluate("key => localStorage.getItem(key)", key)
