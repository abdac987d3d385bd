"""Review of changes, revisions, locking, publish and take-down times, bulk actions, headlines."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.admin import ArticleAdmin
from articles.models import Article
from articles.text import summarise
from editorial.diff import Segment, diff_text
from editorial.models import Revision
from editorial.revisions import revisions_of
from portal.models import SiteSettings
from tests.factories import image_upload, member

from .test_admin import form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def review_url(article):
    return reverse("admin:articles_article_review", args=[article.pk])


CHANGELIST = "admin:articles_article_changelist"


def edit(client, article, follow=False, **fields):
    """Post the article's change form as a browser would, from its current version."""
    current = Article.objects.get(pk=article.pk)
    data = form_data(article.channel, title=current.title, status=current.status)
    data.update(
        body=current.body,
        summary=current.summary,
        headline_position=str(current.headline_position),
        version=str(current.version),
    )
    data.update(fields)
    return client.post(change_url(article), data, follow=follow)


# --- 1. Changes to a live article are reviewed ---------------------------------------------


def test_editor_change_to_live_article_is_invisible_until_a_reviewer_publishes_it(
    editor, reviewer, client, make_article, django_capture_on_commit_callbacks
):
    """Readers keep the published text until review; publishing the changes shows them."""
    article = make_article(title="原标题", body="<p>原来的正文</p>", created_by=editor.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert edit(editor, article, title="新标题", body="<p>修改后的正文</p>").status_code == 302
    assert "原标题" in client.get(article.get_absolute_url()).content.decode()
    assert [message.to for message in mail.outbox] == [["reviewer@example.cn"]]
    assert "原标题" in mail.outbox[0].subject  # the article as readers know it

    listing = reviewer.get(reverse(CHANGELIST)).content.decode()
    assert "已发布，有修改待审核" in listing
    # The editor's form shows the pending changes, not the live text.
    assert "新标题" in editor.get(change_url(article)).content.decode()

    review = reviewer.get(review_url(article)).content.decode()
    assert "<del>原</del><ins>新</ins>标题" in review
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(review_url(article), {"_publish": "1", "reason": ""})
    assert response.status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert "新标题" in page and "修改后的正文" in page
    article.refresh_from_db()
    assert not article.has_pending_changes
    assert mail.outbox[-1].to == ["editor@example.cn"]


def test_rejecting_changes_needs_a_reason_that_the_editor_then_reads(
    editor, reviewer, make_article, django_capture_on_commit_callbacks
):
    """No reason, no rejection; the reason shows on the article's page and in the e-mail."""
    article = make_article(title="原标题", created_by=editor.user)
    edit(editor, article, title="不妥的标题")
    refused = reviewer.post(review_url(article), {"_reject": "1", "reason": "  "})
    assert refused.status_code == 200 and "请说明退回的理由" in refused.content.decode()
    article.refresh_from_db()
    assert article.has_pending_changes
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(review_url(article), {"_reject": "1", "reason": "标题与事实不符"})
    article.refresh_from_db()
    assert not article.has_pending_changes and article.title == "原标题"
    assert "标题与事实不符" in editor.get(change_url(article)).content.decode()
    assert mail.outbox[-1].to == ["editor@example.cn"]
    assert "标题与事实不符" in mail.outbox[-1].body
    kinds = list(revisions_of(article).values_list("kind", flat=True))
    assert Revision.Kind.REJECTED in kinds


def test_rejecting_a_submitted_draft_sends_it_back_to_draft(
    editor, reviewer, make_article, django_capture_on_commit_callbacks
):
    """A new article sent back is a draft again, with the reason for its author."""
    article = make_article(status=Article.Status.PENDING, created_by=editor.user)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(review_url(article), {"_reject": "1", "reason": "请补充来源"})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.review_note == "请补充来源"
    assert mail.outbox[-1].to == ["editor@example.cn"]


@pytest.mark.usefixtures("reviewer")
def test_submitting_for_review_mails_reviewers_with_an_address_only(
    editor, channels, django_user_model, django_capture_on_commit_callbacks
):
    """Reviewers without an e-mail address, and editors, get nothing."""
    member(django_user_model, "审核", "no-mail")
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            reverse("admin:articles_article_add"), form_data(channels["news"], status="pending")
        )
    assert [message.to for message in mail.outbox] == [["reviewer@example.cn"]]


def test_reviewer_edit_of_a_live_article_goes_live_and_is_recorded(reviewer, client, make_article):
    """A reviewer's own correction needs no second review, but keeps a revision."""
    article = make_article(title="原标题")
    assert edit(reviewer, article, title="审核员改的标题").status_code == 302
    assert "审核员改的标题" in client.get(article.get_absolute_url()).content.decode()
    latest = revisions_of(article).first()
    assert latest.user == reviewer.user and latest.data["title"] == "审核员改的标题"


def test_editor_cannot_open_the_review_page(editor, make_article):
    """Publishing and rejecting are for reviewers, also by a crafted POST."""
    article = make_article(status=Article.Status.PENDING)
    assert editor.post(review_url(article), {"_publish": "1"}).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING


# --- 2. Revisions -------------------------------------------------------------------------


def test_every_save_keeps_one_revision_with_the_full_content(reviewer, channels, topic):
    """Who, when, and title, body, channel, topics, tags, status and times are kept."""
    data = form_data(channels["news"], topics=[topic.pk], new_tags="园区")
    reviewer.post(reverse("admin:articles_article_add"), data)
    article = Article.objects.get()
    tag = article.tags.get()
    edit(reviewer, article, body="<p>第二版</p>", topics=[topic.pk], tags=[tag.pk])
    history = list(revisions_of(article))
    assert len(history) == 2
    latest = history[0]
    assert latest.user == reviewer.user
    assert latest.data["body"] == "<p>第二版</p>"
    assert latest.data["topics"] == [[topic.pk, topic.title]]
    assert latest.data["tags"] == ["园区"]
    assert latest.data["channel"] == [channels["news"].pk, "资讯中心"]
    assert {"status", "publish_at", "source", "cover", "subtitle", "summary"} <= set(latest.data)


def test_history_lists_revisions_and_compare_marks_chinese_insertions_and_deletions(
    reviewer, make_article
):
    """The history page lists each save; comparing two marks changed characters."""
    article = make_article(body="<p>开发区经济稳步增长。</p>")
    edit(reviewer, article)
    edit(reviewer, article, body="<p>开发区经济快速增长。</p>")
    history = reviewer.get(reverse("admin:articles_article_history", args=[article.pk]))
    older, newer = list(revisions_of(article))[::-1]
    assert history.content.decode().count('name="a"') == 2
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    page = reviewer.get(compare, {"a": older.pk, "b": newer.pk}).content.decode()
    assert "经济<del>稳步</del><ins>快速</ins>增长" in page


def test_diff_marks_inserted_and_deleted_chinese_characters():
    """Character-level: Chinese has no spaces, so words cannot be the unit."""
    segments = diff_text("推进高质量发展", "推动高质量发展新格局")
    assert segments == [
        Segment("equal", "推"),
        Segment("delete", "进"),
        Segment("insert", "动"),
        Segment("equal", "高质量发展"),
        Segment("insert", "新格局"),
    ]


def test_restoring_brings_back_the_old_body_as_a_new_revision(reviewer, client, make_article):
    """Restore is a new revision; nothing in the history is rewritten."""
    article = make_article(body="<p>第一版正文</p>")
    edit(reviewer, article)
    first = revisions_of(article).first()
    edit(reviewer, article, body="<p>写坏了的正文</p>")
    restore = reverse("admin:articles_article_restore", args=[article.pk, first.pk])
    assert "写坏了的" in reviewer.get(restore).content.decode()  # the diff before confirming
    assert reviewer.post(restore).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>第一版正文</p>"
    assert revisions_of(article).first().kind == Revision.Kind.RESTORED
    assert revisions_of(article).count() == 3
    assert "第一版正文" in client.get(article.get_absolute_url()).content.decode()


def test_editor_restoring_a_live_article_goes_through_review(editor, reviewer, make_article):
    """For an editor, a restored version of a published article is a change to review."""
    article = make_article(body="<p>第一版正文</p>")
    edit(reviewer, article)
    first = revisions_of(article).first()
    edit(reviewer, article, body="<p>第二版正文</p>")
    editor.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))
    article.refresh_from_db()
    assert article.body == "<p>第二版正文</p>"
    assert article.pending_revision.data["body"] == "<p>第一版正文</p>"


def test_saving_costs_at_most_three_queries_more_than_before(reviewer, make_article, topic):
    """Revisions and the lock add a version check and one INSERT (33 queries before), not
    counting the content generation's row, which every change of public content moves."""
    article = make_article(title="标题", topics=[topic], tags=["园区"])
    edit(reviewer, article, topics=[topic.pk])  # warm the content-type cache
    with CaptureQueriesContext(connection) as captured:
        response = edit(reviewer, article, title="新标题", topics=[topic.pk])
    assert response.status_code == 302
    assert len([q for q in captured if "portal_generation" not in q["sql"]]) <= 33 + 3


def test_article_change_list_issues_no_more_queries_than_before(reviewer, make_article, editor):
    """Status with pending changes comes from a column: 11 queries, as before revisions,
    plus 1 since the second factor (django-otp loads the session's device), plus 1 for the
    desk's counts in the navigation (articles/desk.py), plus 2 for the channels' review
    stages those counts need (the content generation, and the channel tree while it is not
    cached yet)."""
    for number in range(5):
        make_article(title=f"文章{number}")
    pending = make_article(title="有修改")
    edit(editor, pending, title="有修改（改）")
    with CaptureQueriesContext(connection) as captured:
        assert reviewer.get(reverse(CHANGELIST)).status_code == 200
    assert len(captured) == 15


# --- 6. No silent overwrites -------------------------------------------------------------


def test_stale_second_save_is_refused_shows_their_change_and_keeps_my_text(
    editor, reviewer, make_article
):
    """Two people from the same version: the second is told, sees the diff, keeps the text."""
    article = make_article(title="原标题", status=Article.Status.DRAFT)
    edit(reviewer, article)  # a first revision
    opened_at = Article.objects.get(pk=article.pk).version
    stale = {"version": str(opened_at)}
    edit(reviewer, article, title="审核员的标题", **stale)
    response = edit(editor, article, title="编辑的标题", body="<p>编辑写的正文</p>", **stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "在您打开之后保存了这一页" in page
    assert "<del>原</del><ins>审核员的</ins>标题" in page  # what the other person changed
    assert 'value="编辑的标题"' in page and "编辑写的正文" in page
    article.refresh_from_db()
    assert article.title == "审核员的标题"
    # Saving again after reading the diff is a conscious choice: it goes through.
    fresh = response.context["adminform"].form["version"].value()
    assert edit(editor, article, title="编辑的标题", version=str(fresh)).status_code == 302
    article.refresh_from_db()
    assert article.title == "编辑的标题"


# --- 7. Publish time ---------------------------------------------------------------------


def long_pending(make_article, **kwargs):
    return make_article(
        status=Article.Status.PENDING,
        publish_at=timezone.now() - timedelta(days=53),
        **kwargs,
    )


def test_publishing_a_long_pending_draft_stamps_the_publish_time_in_bulk(reviewer, make_article):
    """Waited since 10-08, published 11-30: dated 11-30, so it shows among the latest."""
    article = long_pending(make_article)
    before = timezone.now()
    reviewer.post(reverse(CHANGELIST), {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.publish_at >= before


def test_publishing_through_the_form_stamps_an_untouched_time_and_keeps_a_chosen_one(
    reviewer, make_article
):
    """The time shown but not changed is replaced; a time typed on purpose is kept."""
    untouched = long_pending(make_article)
    # Post the publish time exactly as the form renders it, hidden initial value included.
    html = reviewer.get(change_url(untouched)).content.decode()
    rendered = dict(re.findall(r'name="((?:initial-)?publish_at_[01])" value="([^"]*)"', html))
    assert set(rendered) == {
        "publish_at_0", "publish_at_1", "initial-publish_at_0", "initial-publish_at_1"
    }  # fmt: skip
    before = timezone.now()
    edit(reviewer, untouched, status="published", **rendered)
    untouched.refresh_from_db()
    assert untouched.publish_at >= before
    backdated = long_pending(make_article)
    edit(reviewer, backdated, status="published", publish_at_0="2026-01-05")
    backdated.refresh_from_db()
    assert timezone.localtime(backdated.publish_at).date().isoformat() == "2026-01-05"


def test_bulk_publish_keeps_a_scheduled_time(editor, reviewer, make_article):
    """An editor's schedule survives publishing in bulk."""
    article = make_article(status=Article.Status.DRAFT, created_by=editor.user)
    edit(editor, article, status="pending", publish_at_0="2099-05-01", publish_at_1="09:00:00")
    reviewer.post(reverse(CHANGELIST), {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M") == "2099-05-01 09:00"
    assert article.status == Article.Status.PUBLISHED and not article.is_published


# --- 8. Scheduled take-down --------------------------------------------------------------


def test_take_down_time_hides_the_article_on_every_public_page_on_time(
    client, make_article, channels
):
    """Through published(): detail, channel, home, feed, sitemap, search and the notices
    ticker (whose cache was filled while the article was visible)."""
    now = timezone.now()
    article = make_article(
        title="限时通知", channel=channels["notices"], offline_at=now + timedelta(minutes=5)
    )
    pages = [
        "/",
        "/channels/notices/",
        "/feeds/latest/",
        "/sitemap-articles.xml",
        "/search/?q=限时通知",
    ]
    for url in pages:
        body = client.get(url).content.decode()  # also fills the caches (notices ticker)
        assert article.get_absolute_url() in body, url
    assert client.get(article.get_absolute_url()).status_code == 200
    later = now + timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(article.get_absolute_url()).status_code == 404
        for url in pages:
            body = client.get(url).content.decode()
            assert article.get_absolute_url() not in body, url
            if "?q=" not in url:  # the search page repeats the query itself
                assert "限时通知" not in body, url
        assert not Article.objects.published().filter(pk=article.pk).exists()


def test_take_down_time_must_follow_the_publish_time(reviewer, make_article):
    """A take-down before publication is a mistake, said in the form."""
    article = make_article()
    response = edit(
        reviewer, article, publish_at_0="2026-07-01", offline_at_0="2026-06-01",
        offline_at_1="08:00:00",
    )  # fmt: skip
    assert response.status_code == 200 and "下线时间必须晚于发布时间" in response.content.decode()


# --- Issue 15: one workflow rule ---------------------------------------------------------


def test_bulk_actions_are_the_rows_of_the_workflow_table():
    """The five actions come from workflow.BULK_ACTIONS; none is written by hand."""
    names = [getattr(action, "__name__", action) for action in ArticleAdmin.actions]
    assert names == list(workflow.BULK_ACTIONS) == [
        "submit_for_review", "publish", "withdraw", "pin", "unpin"
    ]  # fmt: skip


def test_workflow_table_gives_editors_only_draft_and_review_moves(editor, reviewer):
    """Editors submit and retract; publishing and withdrawing are the reviewers'."""
    S = Article.Status
    assert workflow.form_statuses(editor.user, S.DRAFT) == [S.DRAFT, S.PENDING]
    assert S.PUBLISHED in workflow.form_statuses(reviewer.user, S.PENDING)
    with pytest.raises(PermissionError):
        workflow.move(editor.user, S.PENDING, S.PUBLISHED)
    with pytest.raises(PermissionError):
        workflow.move(reviewer.user, S.DRAFT, S.WITHDRAWN)  # not in the table, for anyone
    assert workflow.move(reviewer.user, S.PUBLISHED, S.WITHDRAWN).name == "withdraw"


def test_bulk_publish_lists_the_articles_it_did_not_apply_to(reviewer, make_article):
    """Articles the action does not apply to are named, not silently counted."""
    pending = make_article(status=Article.Status.PENDING, title="待审稿")
    live = make_article(title="早已发布")
    response = reviewer.post(
        reverse(CHANGELIST),
        {"action": "publish", "_selected_action": [pending.pk, live.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "已发布 1 篇文章" in text and "早已发布" in text.split("不适用")[1]


def test_bulk_actions_keep_a_revision_per_article(reviewer, make_article):
    """Bulk status changes are saves like any other: one revision each."""
    first, second = make_article(status="pending"), make_article(status="pending")
    reviewer.post(
        reverse(CHANGELIST), {"action": "publish", "_selected_action": [first.pk, second.pk]}
    )
    for article in (first, second):
        assert revisions_of(article).get().kind == Revision.Kind.PUBLISHED


# --- Issue 12: headlines, summaries, small things ----------------------------------------


def test_pinning_without_a_cover_warns_in_the_form_and_in_bulk(reviewer, make_article):
    """It cannot show in the carousel, and the reviewer is told so."""
    article = make_article(title="无封面头条")
    response = edit(reviewer, article, is_pinned="on", follow=True)
    assert "无封面头条" in response.content.decode()
    assert "没有封面图" in response.content.decode()
    other = make_article(title="另一篇无封面")
    response = reviewer.post(
        reverse(CHANGELIST), {"action": "pin", "_selected_action": [other.pk]}, follow=True
    )
    assert "没有封面图" in response.content.decode()


def test_carousel_follows_positions_and_the_number_set_in_site_settings(client, make_article):
    """Reviewers order headlines by position; the site settings say how many show."""
    for position, title in [(3, "第三条"), (1, "第一条"), (2, "第二条")]:
        make_article(title=title, is_pinned=True, headline_position=position, cover=image_upload())
    settings = SiteSettings.load()
    settings.headline_count = 2
    settings.save()
    carousel = client.get("/").content.decode().split('class="carousel"')[1].split("</section>")[0]
    assert carousel.index("第一条") < carousel.index("第二条")
    assert "第三条" not in carousel


def test_headlines_admin_view_sets_positions_for_reviewers_only(editor, reviewer, make_article):
    """The small 头条 view lists pinned articles with an editable position."""
    pinned = make_article(title="头条一", is_pinned=True)
    make_article(title="普通文章")
    url = reverse("admin:articles_headline_changelist")
    assert editor.get(url).status_code == 403
    page = reviewer.get(url).content.decode()
    assert "头条一" in page and "普通文章" not in page
    reviewer.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(pinned.pk),
            "form-0-headline_position": "7",
            "_save": "1",
        },
    )
    pinned.refresh_from_db()
    assert pinned.headline_position == 7
    assert revisions_of(pinned).first().data["headline_position"] == 7  # a save like any other


def test_automatic_summary_keeps_sentence_breaks():
    """Paragraphs stay apart and the summary ends at a sentence end when it can."""
    body = "<p>开发区工作会议召开</p><p>" + "会议总结了今年的工作。" * 12 + "</p>"
    summary = summarise(body)
    assert summary.startswith("开发区工作会议召开\n会议总结了今年的工作。")
    assert summary.endswith("。")


def test_automatic_summary_follows_the_body_unless_written_by_hand(reviewer, make_article):
    """Body changes renew an automatic summary; a hand-written one is kept."""
    article = make_article(body="<p>第一版。</p>")
    shown = Article.objects.get(pk=article.pk).summary
    edit(reviewer, article, body="<p>第二版。</p>", summary=shown)
    article.refresh_from_db()
    assert article.summary == "第二版。"
    edit(reviewer, article, summary="编辑写的摘要")
    edit(reviewer, article, body="<p>第三版。</p>", summary="编辑写的摘要")
    article.refresh_from_db()
    assert article.summary == "编辑写的摘要"


def test_view_on_site_opens_the_preview_for_a_draft(reviewer, make_article):
    """A draft has no public page yet: the admin's link goes to the preview."""
    draft = make_article(status=Article.Status.DRAFT)
    page = reviewer.get(change_url(draft)).content.decode()
    assert reverse("articles:preview", args=[draft.pk]) in page
    live = make_article()
    assert (
        reverse("articles:preview", args=[live.pk])
        not in reviewer.get(change_url(live)).content.decode()
    )


def test_form_error_says_the_chosen_cover_must_be_chosen_again(reviewer, channels):
    """A browser cannot keep a file in a form that comes back: the editor is told."""
    data = form_data(channels["news"], title="", cover=image_upload())
    response = reviewer.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "您选择的封面图没有保存" in response.content.decode()


def test_editors_delete_their_own_drafts_only(editor, django_user_model, make_article):
    """Own drafts yes; someone else's draft or a published article no."""
    own = make_article(status=Article.Status.DRAFT, created_by=editor.user)
    other_user = django_user_model.objects.create_user("other")
    others = make_article(status=Article.Status.DRAFT, created_by=other_user)
    published = make_article(created_by=editor.user)
    for article, allowed in ((others, False), (published, False), (own, True)):
        url = reverse("admin:articles_article_delete", args=[article.pk])
        response = editor.post(url, {"post": "yes"})
        assert Article.objects.filter(pk=article.pk).exists() is not allowed, article
        assert response.status_code == (302 if allowed else 403)


def test_withdrawing_an_article_with_pending_changes_keeps_them_as_its_text(
    editor, reviewer, client, make_article
):
    """Taken down, the article is no longer live: the editor's changes become its text."""
    article = make_article(title="原标题")
    edit(editor, article, title="编辑的新标题")
    reviewer.post(reverse(CHANGELIST), {"action": "withdraw", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN and not article.has_pending_changes
    assert article.title == "编辑的新标题"
    assert client.get(article.get_absolute_url()).status_code == 404


def test_diff_compares_clause_by_clause_and_replaces_huge_changed_runs_whole():
    """Only changed clauses are compared by character; a huge run without punctuation is
    shown as deleted and inserted (difflib is quadratic, a compare page must stay quick)."""
    old = "开发区建设取得新进展，" * 300 + "园区经济稳步增长。"
    new = "开发区建设取得新进展，" * 300 + "园区经济快速增长。"
    segments = diff_text(old, new)
    assert [s.op for s in segments] == ["equal", "delete", "insert", "equal"]
    assert (segments[1].text, segments[2].text) == ("稳步", "快速")
    huge_old, huge_new = "甲乙" * 5000, "乙甲" * 5000
    assert [s.op for s in diff_text(huge_old, huge_new)] == ["delete", "insert"]


def test_preview_shows_the_changes_waiting_for_review(editor, client, make_article):
    """ "Save and preview" on a live article shows the editor's changes; readers the old."""
    article = make_article(title="原标题", body="<p>原来的正文</p>")
    response = edit(editor, article, title="新标题", body="<p>新正文</p>", _preview="1")
    assert response["Location"] == reverse("articles:preview", args=[article.pk])
    preview = editor.get(response["Location"]).content.decode()
    assert "新标题" in preview and "新正文" in preview
    assert "原来的正文" in client.get(article.get_absolute_url()).content.decode()


def test_stale_save_of_an_article_without_an_old_revision_still_shows_a_diff(
    editor, reviewer, make_article
):
    """Articles saved before revisions existed: the diff runs from my text to theirs."""
    article = make_article(title="原标题", status=Article.Status.DRAFT)
    opened = str(Article.objects.get(pk=article.pk).version)  # no revision of this version
    edit(reviewer, article, title="审核员的标题", version=opened)
    response = edit(editor, article, title="编辑的标题", version=opened)
    assert response.status_code == 200
    assert "<del>编辑</del><ins>审核员</ins>的标题" in response.content.decode()


def test_an_automatic_summary_posted_back_with_crlf_stays_automatic(reviewer, make_article):
    """Browsers send a textarea's line breaks as CRLF: that is not writing the summary."""
    article = make_article(body="<p>第一段。</p><p>第二段。</p>")
    shown = Article.objects.get(pk=article.pk).summary
    assert shown == "第一段。\n第二段。"
    edit(reviewer, article, summary=shown.replace("\n", "\r\n"), body="<p>新的一段。</p>")
    article.refresh_from_db()
    assert article.summary_auto and article.summary == "新的一段。"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL concurrency")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_the_same_version_let_exactly_one_through(
    make_article, django_user_model
):
    """The version check holds the row until the save commits: no lost update in a race."""
    import threading

    from django.db import connections

    article = make_article(title="原标题", status=Article.Status.DRAFT)
    opened = str(article.version)
    clients = []
    for name in ("first", "second"):
        user = django_user_model.objects.create_user(
            name, password="pw", is_staff=True, is_superuser=True
        )
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(2)
    statuses, errors = {}, []

    def save(client, title):
        try:
            data = form_data(article.channel, title=title, version=opened)
            data.update(body=article.body, summary=article.summary)
            barrier.wait()
            statuses[title] = client.post(change_url(article), data).status_code
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(client, title))
        for client, title in zip(clients, ("甲的标题", "乙的标题"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(statuses.values()) == [200, 302]
    winner = next(title for title, status in statuses.items() if status == 302)
    article.refresh_from_db()
    assert article.title == winner and article.version == int(opened) + 1


def test_a_form_opened_before_a_bulk_pin_cannot_silently_undo_it(reviewer, make_article):
    """Pinning is a save: the older form is refused and the pin stays."""
    article = make_article(title="要闻", cover=image_upload())
    opened = str(Article.objects.get(pk=article.pk).version)
    reviewer.post(reverse(CHANGELIST), {"action": "pin", "_selected_action": [article.pk]})
    response = edit(reviewer, article, title="要闻（改）", version=opened)  # is_pinned unticked
    assert response.status_code == 200
    assert "<del>否</del><ins>是</ins>" in response.content.decode()
    article.refresh_from_db()
    assert article.is_pinned and article.title == "要闻"
