"""The article workflow asks the word check and writes the audit log (editorial.wordcheck,
editorial.audit)."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial.models import AuditEntry, CommonMistake, SensitiveWord
from editorial.revisions import revisions_of

from .test_workflow import CHANGELIST, edit, review_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def word_lists(db):
    SensitiveWord.objects.create(word="违禁词", level="block")
    SensitiveWord.objects.create(word="敏感说法", level="warn")
    CommonMistake.objects.create(wrong="再接再励", right="再接再厉")


def actions(article):
    return list(
        AuditEntry.objects.filter(object_id=str(article.pk), content_type__model="article")
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.mark.usefixtures("word_lists")
def test_block_word_stops_publishing_through_the_form(reviewer, make_article):
    """The form comes back naming the word in its context; the article stays unpublished."""
    article = make_article(status=Article.Status.PENDING, body="<p>这里有违禁词出现。</p>")
    response = edit(reviewer, article, status="published", publish_anyway="on")
    assert response.status_code == 200
    page = response.content.decode()
    assert "含有禁用词" in page and "<mark>违禁词</mark>" in page
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING


@pytest.mark.usefixtures("word_lists")
def test_block_word_stops_an_editor_submitting_for_review(editor, make_article):
    """Nothing with a blocked word reaches the reviewers' queue."""
    article = make_article(status=Article.Status.DRAFT, title="违禁词标题")
    assert edit(editor, article, status="pending").status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


@pytest.mark.usefixtures("word_lists")
def test_warn_word_or_typo_needs_publish_anyway_which_is_audited(reviewer, make_article):
    """Without the tick the form refuses; with it the article goes out and the log says so."""
    article = make_article(status=Article.Status.PENDING, body="<p>望大家再接再励。</p>")
    refused = edit(reviewer, article, status="published")
    assert refused.status_code == 200
    assert "再接再厉" in refused.content.decode()  # the suggestion is shown
    assert 'name="publish_anyway"' in refused.content.decode()
    assert edit(reviewer, article, status="published", publish_anyway="on").status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    anyway = AuditEntry.objects.get(action="published_anyway", object_id=str(article.pk))
    assert "再接再励" in anyway.detail and anyway.user.username == "reviewer"


@pytest.mark.usefixtures("word_lists")
def test_bulk_publish_publishes_the_others_and_lists_the_refused(reviewer, make_article):
    """A blocked article and one that needs a look are named; the clean one is published."""
    clean = make_article(status=Article.Status.PENDING, title="干净的文章")
    blocked = make_article(status=Article.Status.PENDING, title="有违禁词的文章")
    warned = make_article(status=Article.Status.PENDING, body="<p>一种敏感说法</p>")
    response = reviewer.post(
        reverse(CHANGELIST),
        {"action": "publish", "_selected_action": [clean.pk, blocked.pk, warned.pk]},
        follow=True,
    )
    text = response.content.decode()
    for article in (clean, blocked, warned):
        article.refresh_from_db()
    assert clean.status == Article.Status.PUBLISHED
    assert blocked.status == warned.status == Article.Status.PENDING
    assert "有违禁词的文章" in text.split("禁用词")[1]
    assert warned.title in text


@pytest.mark.usefixtures("word_lists")
def test_review_page_needs_publish_anyway_for_a_warn_word(reviewer, editor, make_article):
    """Pending changes with a warn word: the reviewer confirms before they go live."""
    article = make_article(title="原标题")
    edit(editor, article, body="<p>一种敏感说法</p>")
    refused = reviewer.post(review_url(article), {"_publish": "1", "reason": ""})
    assert refused.status_code == 200 and "<mark>敏感说法</mark>" in refused.content.decode()
    article.refresh_from_db()
    assert article.has_pending_changes
    reviewer.post(review_url(article), {"_publish": "1", "reason": "", "publish_anyway": "on"})
    article.refresh_from_db()
    assert not article.has_pending_changes and "敏感说法" in article.body
    assert "published_anyway" in actions(article)


@pytest.mark.usefixtures("word_lists")
def test_restoring_a_text_with_a_blocked_word_is_refused(reviewer, make_article):
    """A revision from before the word was listed cannot come back to readers unchecked."""
    article = make_article(body="<p>旧版有违禁词</p>")
    edit(reviewer, article)  # a revision of it (text unchanged: no check point)
    old = revisions_of(article).first()
    edit(reviewer, article, body="<p>新版正文</p>")
    reviewer.post(reverse("admin:articles_article_restore", args=[article.pk, old.pk]))
    article.refresh_from_db()
    assert article.body == "<p>新版正文</p>"


def test_each_article_action_writes_one_audit_entry_bulk_included(
    editor, reviewer, channels, make_article
):
    """Created, submitted, published, pinned, unpinned, changed, withdrawn, restored,
    rejected, deleted: each leaves an entry with the person and the address."""
    from .test_admin import form_data

    editor.post(reverse("admin:articles_article_add"), form_data(channels["news"]))
    article = Article.objects.get()
    changelist = reverse(CHANGELIST)
    editor.post(changelist, {"action": "submit_for_review", "_selected_action": [article.pk]})
    reviewer.post(review_url(article), {"_reject": "1", "reason": "补充来源"})
    editor.post(changelist, {"action": "submit_for_review", "_selected_action": [article.pk]})
    other = make_article(status=Article.Status.PENDING)
    reviewer.post(changelist, {"action": "publish", "_selected_action": [article.pk, other.pk]})
    for action in ("pin", "unpin"):
        reviewer.post(changelist, {"action": action, "_selected_action": [article.pk]})
    edit(reviewer, article, title="改过的标题")
    first = revisions_of(article).last()
    reviewer.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))
    reviewer.post(changelist, {"action": "withdraw", "_selected_action": [article.pk]})
    assert actions(article) == [
        "created", "submitted", "rejected", "submitted", "published", "pinned", "unpinned",
        "changed", "restored", "withdrawn",
    ]  # fmt: skip
    assert actions(other) == ["published"]
    entry = AuditEntry.objects.filter(action="rejected").get()
    assert entry.user.username == "reviewer" and entry.ip == "127.0.0.1"
    assert entry.detail == "补充来源"

    draft = make_article(status=Article.Status.DRAFT, created_by=editor.user)
    editor.post(reverse("admin:articles_article_delete", args=[draft.pk]), {"post": "yes"})
    assert AuditEntry.objects.filter(action="deleted", object_id=str(draft.pk)).count() == 1


def test_an_editor_change_to_a_live_article_is_audited_as_submitted(editor, make_article):
    """Pending changes are a submission, recorded as such."""
    article = make_article()
    edit(editor, article, title="编辑的改动")
    assert actions(article) == ["submitted"]


@pytest.mark.usefixtures("word_lists")
def test_submitting_with_a_warn_word_goes_through_and_shows_the_words(editor, make_article):
    """Only publishing asks for confirmation; the editor is shown what the reviewer will see."""
    article = make_article(status=Article.Status.DRAFT, body="<p>一种敏感说法</p>")
    response = edit(editor, article, status="pending", follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING
    assert "请核对以下词语" in response.content.decode()
    assert "敏感说法" in response.content.decode()


@pytest.mark.usefixtures("word_lists")
def test_reviewer_saving_pending_changes_in_the_form_is_checked_too(editor, reviewer, make_article):
    """Publishing pending changes by saving the form asks for confirmation like the review
    page, even when the reviewer changed nothing."""
    article = make_article(title="原标题")
    edit(editor, article, body="<p>一种敏感说法</p>")
    pending_body = Article.objects.get(pk=article.pk).pending_revision.data["body"]
    assert edit(reviewer, article, body=pending_body).status_code == 200
    article.refresh_from_db()
    assert article.has_pending_changes
    assert edit(reviewer, article, body=pending_body, publish_anyway="on").status_code == 302
    article.refresh_from_db()
    assert not article.has_pending_changes and "敏感说法" in article.body
