"""Issue 21's wording: what an editor is told after submitting, where the review e-mail
leads, Chinese names for the login protection and for zone links, the status refusal,
and 您 and Chinese full stops throughout the catalogues."""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

from articles.models import Article
from tests.articles.test_admin import form_data
from tests.articles.test_workflow import edit

pytestmark = pytest.mark.django_db

SUBMITTED = "已提交审核，等待审核"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_submitting_says_it_went_to_review(editor, content):
    """Choosing 待审核 and saving says “…”已提交审核，等待审核。, not 成功修改了…; so does
    saving changes to a published article (they go to review too)."""
    channel = content["channel"]
    response = editor.post(
        reverse("admin:articles_article_add"),
        form_data(channel, title="新稿件", status="pending"),
        follow=True,
    )
    said = messages_of(response)
    assert "“新稿件”已提交审核，等待审核。" in said
    assert not any("成功" in text for text in said)

    live = content["article"]
    response = edit(editor, live, follow=True, title="开发区新闻（修改）")
    said = messages_of(response)
    assert any(SUBMITTED in text for text in said)
    assert not any("成功修改" in text for text in said)

    draft = Article.objects.get(title="新稿件")
    response = edit(editor, draft, follow=True, status="draft")  # back to draft: no review
    assert not any(SUBMITTED in text for text in messages_of(response))


def test_review_email_links_to_the_review_page(
    editor, reviewer, content, django_capture_on_commit_callbacks
):
    """The reviewers' e-mail opens the review page, not the change form."""
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            reverse("admin:articles_article_add"),
            form_data(content["channel"], title="待审稿件", status="pending"),
        )
    article = Article.objects.get(title="待审稿件")
    (message,) = [m for m in mail.outbox if m.to == [reviewer.user.email]]
    review = reverse("admin:articles_article_review", args=[article.pk])
    assert f"http://testserver{review}" in message.body
    assert reverse("admin:articles_article_change", args=[article.pk]) not in message.body


def test_login_protection_has_chinese_names(admin_client):
    """django-axes' app and models read in Chinese, in the group's permission list too."""
    assert str(apps.get_app_config("axes").verbose_name) == "登录防护"
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = [
        str(model._meta.verbose_name_plural)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]
    assert names == ["登录尝试", "登录失败记录", "登录日志"]
    group = Group.objects.get(name="审核")
    page = admin_client.get(reverse("admin:auth_group_change", args=[group.pk]))
    text = page.content.decode()
    assert "登录防护 | 登录尝试 |" in text and "登录防护 | 登录日志 |" in text
    # (The permission names after the last "|" are stored in English for every model.)
    for english in ("Axes", "| access attempt |", "| access log |", "| access failure |"):
        assert english not in text, english


def test_zone_links_on_the_article_form_are_named_after_the_zone(editor, content):
    """A zone linked to an article shows as the zone's name on the article's form."""
    article, zone = content["article"], content["zone"]
    zone.articles.add(article)
    content["member"].articles.add(article)
    page = editor.get(reverse("admin:articles_article_change", args=[article.pk]))
    text = page.content.decode()
    assert "object (" not in text
    assert re.search(r'<td class="original">\s*<p>\s*苏州工业园区', text)
    assert re.search(r'<td class="original">\s*<p>\s*江苏省开发区协会', text)


def test_a_status_outside_the_choices_is_refused_in_words(editor, content):
    """An editor's post of 已发布 (not among their choices) is refused with the reason,
    not Django's “published 不在可用的选项中”."""
    response = editor.post(
        reverse("admin:articles_article_add"),
        form_data(content["channel"], title="越权发布", status="published"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["status"]
    assert errors == ["只有审核人员可以发布或撤回文章。"]
    assert "不在可用的选项中" not in response.content.decode()
    assert not Article.objects.filter(title="越权发布").exists()


# --- The catalogues: 您, and Chinese full stops --------------------------------------------

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
# An ASCII full stop right after Chinese text (a file extension such as “.pdf” is fine).
ASCII_STOP = re.compile(CJK + r"\s*\.(?![A-Za-z.])")


def effective_messages(catalog):
    """Every msgstr as the site shows it: the project's catalogue overrides Django's, so
    each msgid is looked up, not every catalogue's entry listed."""
    return {key: catalog[key] for key in set(catalog.keys())}


def offending(messages):
    found = {}
    for key, text in messages.items():
        if isinstance(text, str) and ("你" in text or ASCII_STOP.search(text)):
            found[key] = text
    return found


def test_server_catalogue_says_nin_and_ends_with_chinese_full_stops():
    """Every message the site shows in zh-hans (ours and Django's, as overridden in
    locale/) uses 您 and no ASCII “.” after Chinese text."""
    catalog = translation.trans_real.translation("zh-hans")._catalog
    assert catalog["Are you sure?"] == "您确定吗？"  # an override is really in use
    assert offending(effective_messages(catalog)) == {}


def test_admin_javascript_catalogue_says_nin_and_ends_with_chinese_full_stops():
    """The admin's JavaScript messages (admin:jsi18n) too."""
    paths = JavaScriptCatalog().get_paths(["django.contrib.admin"])
    catalog = DjangoTranslation("zh-hans", domain="djangojs", localedirs=paths)._catalog
    messages = effective_messages(catalog)
    assert len(messages) > 20
    assert offending(messages) == {}


def test_the_checker_finds_both_faults():
    """The scan itself: 你 and a trailing ASCII full stop are found, “.pdf” is not."""
    assert set(offending({"a": "你好", "b": "请修正重复的数据.", "c": "第1期.pdf"})) == {"a", "b"}
