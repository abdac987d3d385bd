"""Review stages per channel (初审/复审/终审) with separation of duties, sign-off links (审签链接),
scheduled changes to live articles, and comments on a pending change."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import queries, workflow
from articles.models import Article, Channel
from editorial import review
from editorial.models import AuditEntry, ReviewComment, ReviewStep, ScheduledChange, SignoffLink
from editorial.revisions import revisions_of
from portal import generation, pagecache
from tests.factories import member

from .test_workflow import edit, review_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    return {
        "editor": member(django_user_model, "编辑", "editor", "editor@example.cn"),
        "first": member(django_user_model, "初审", "first", "first@example.cn"),
        "second": member(django_user_model, "复审", "second", "second@example.cn"),
        "final": member(django_user_model, "终审", "final", "final@example.cn"),
        "reviewer": member(django_user_model, "审核", "reviewer", "reviewer@example.cn"),
    }


def submitted(make_article, people, channel=None, author=None, **fields):
    """A new article written by the editor (or `author`) and waiting for review, with its
    revision."""
    extra = {"channel": channel} if channel is not None else {}
    article = make_article(title="开发区动态", status=Article.Status.PENDING, **extra, **fields)
    Article.objects.filter(pk=article.pk).update(created_by=author or people["editor"].user)
    article = Article.objects.get(pk=article.pk)
    workflow.change_under_review(article)
    return article


def approve(client, article, **data):
    return client.post(review_url(article), {"_publish": "1", "reason": "", **data})


def status_of(article):
    return Article.objects.get(pk=article.pk).status


# --- Stages per channel ---------------------------------------------------------------------


def test_the_default_keeps_one_stage_and_a_parent_channels_stages_are_inherited(channels):
    """Nothing set: one stage (today's review). Set on 省级开发区动态: its sub-channel
    华东地区 has three as well; a channel's own setting wins."""
    assert Channel.review_stages_of(channels["provincial"].pk) == 1
    Channel.objects.filter(pk=channels["provincial"].pk).update(review_stages=3)
    pagecache.bump()
    assert Channel.review_stages_of(channels["east"].pk) == 3
    assert Channel.review_stages_of(channels["news"].pk) == 1
    Channel.objects.filter(pk=channels["east"].pk).update(review_stages=2)
    pagecache.bump()
    assert Channel.review_stages_of(channels["east"].pk) == 2


def test_review_stages_are_set_on_the_channel_in_the_admin(admin_client, channels):
    url = reverse("admin:articles_channel_change", args=[channels["news"].pk])
    page = admin_client.get(url).content.decode()
    assert 'name="review_stages"' in page
    data = {
        "name": "资讯中心", "slug": "news", "order": "1", "kind": "news", "review_stages": "3",
        "show_in_navigation": "on", "active": "on", "description": "",
    }  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    listing = admin_client.get(reverse("admin:articles_channel_changelist")).content.decode()
    assert "3（沿用上级）" in listing  # 省级开发区动态 and 华东地区 inherit them


def test_three_stages_each_by_another_person_then_published(three_stage, people, make_article):
    """初审, 复审 and 终审 approve one after the other; the article goes live only at 终审,
    and each stage is kept with who, when and the note, in the review page and the audit log."""
    article = submitted(make_article, people, channel=three_stage["east"])
    response = approve(people["first"], article, reason="事实核对无误")
    assert response.status_code == 302
    assert status_of(article) == Article.Status.PENDING
    page = people["second"].get(review_url(article)).content.decode()
    assert "事实核对无误" in page and "first" in page
    approve(people["second"], article)
    assert status_of(article) == Article.Status.PENDING
    approve(people["final"], article)
    assert status_of(article) == Article.Status.PUBLISHED
    steps = ReviewStep.objects.order_by("id")
    assert [(s.stage, s.stages, s.username) for s in steps] == [
        (1, 3, "first"), (2, 3, "second"), (3, 3, "final"),
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="stage_approved").count() == 3
    history = (
        people["editor"]
        .get(reverse("admin:articles_article_history", args=[article.pk]))
        .content.decode()
    )
    assert "事实核对无误" in history and "初审" in history


def test_a_user_who_approved_the_first_stage_cannot_approve_the_second(
    three_stage, people, make_article
):
    article = submitted(make_article, people)
    people["first"].user.groups.add(Group.objects.get(name="复审"))
    approve(people["first"], article)
    response = approve(people["first"], article)
    assert response.status_code == 200
    assert "您已批准过此变更的一个审核阶段" in response.content.decode()
    assert ReviewStep.objects.count() == 1


def test_an_author_cannot_approve_their_own_change(
    three_stage, people, make_article, django_user_model
):
    author = member(django_user_model, "初审", "author", "author@example.cn")
    article = submitted(make_article, people, author=author.user)
    response = approve(author, article)
    assert "您不能批准自己的变更" in response.content.decode()
    assert not ReviewStep.objects.exists()


def test_a_superuser_override_needs_a_written_reason_which_is_audited(
    three_stage, people, make_article, admin_user
):
    """A superuser is bound by separation of duties too; with a reason the override stands
    and the audit log keeps it."""
    boss = Client()
    boss.force_login(admin_user)
    article = submitted(make_article, people, author=admin_user)
    response = approve(boss, article)
    assert response.status_code == 200
    assert "书面理由" in response.content.decode()
    assert not ReviewStep.objects.exists()
    approve(boss, article, override_reason="值班只有我一人，紧急发布")
    step = ReviewStep.objects.get()
    assert step.override_reason == "值班只有我一人，紧急发布"
    entry = AuditEntry.objects.get(action="stage_overridden")
    assert "紧急发布" in entry.detail


def test_a_stage_is_decided_only_by_its_role(three_stage, people, make_article):
    """At 初审, 复审 and 终审 cannot decide, nor can 审核 (the single-stage role); the
    author can read the page."""
    article = submitted(make_article, people)
    for name in ("second", "final", "reviewer"):
        assert approve(people[name], article).status_code == 403
    assert people["editor"].get(review_url(article)).status_code == 200
    assert not ReviewStep.objects.exists()


def test_publishing_around_the_stages_is_refused(three_stage, people, make_article):
    """The bulk action 发布 leaves an article of a 3-stage channel alone, even for 终审."""
    article = submitted(make_article, people)
    people["final"].post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    assert status_of(article) == Article.Status.PENDING


def test_sending_back_at_any_stage_returns_the_change_to_its_author(
    three_stage, people, make_article, django_capture_on_commit_callbacks
):
    article = submitted(make_article, people)
    approve(people["first"], article)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = people["second"].post(
            review_url(article), {"_reject": "1", "reason": "数据需要核实"}
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.review_note == "数据需要核实"
    assert ReviewStep.objects.filter(decision="sent_back", stage=2, note="数据需要核实").exists()
    assert any("editor@example.cn" in m.to for m in mail.outbox)


def test_single_stage_channels_keep_todays_review_by_the_reviewer_group(
    channels, people, make_article
):
    article = submitted(make_article, people, channel=channels["notices"])
    approve(people["reviewer"], article)
    assert status_of(article) == Article.Status.PUBLISHED
    assert ReviewStep.objects.get().stages == 1


def test_the_review_page_costs_the_same_queries_with_more_steps_and_comments(
    three_stage, people, make_article
):
    article = submitted(make_article, people)
    url = review_url(article)
    people["final"].get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert people["second"].get(url).status_code == 200
        return len(queries)

    approve(people["first"], article)
    before = count()
    for text in ("一", "二", "三"):
        people["editor"].post(url, {"_comment": "1", "body": text})
    after = count()
    assert after == before, (before, after)


# --- Sign-off links ---------------------------------------------------------------------------


def create_link(client, article, hours=48):
    response = client.post(review_url(article), {"_signoff": "1", "hours": str(hours)}, follow=True)
    text = response.content.decode()
    start = text.index('class="signoff-url">') + len('class="signoff-url">')
    return text[start : text.index("<", start)]


def test_a_signoff_link_opens_without_a_session_and_each_opening_is_audited(
    three_stage, people, make_article
):
    article = submitted(make_article, people, body="<p>待审签的正文</p>")
    url = create_link(people["first"], article)
    assert SignoffLink.objects.get().token_hash not in url  # only the hash is stored
    phone = Client()
    response = phone.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "预览 · 未发布" in text and "待审签的正文" in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    phone.get(url)
    assert AuditEntry.objects.filter(action="signoff_opened").count() == 2
    assert AuditEntry.objects.filter(action="signoff_created").count() == 1


def test_agree_to_publish_records_a_named_signoff_in_the_stage_history(
    three_stage, people, make_article
):
    article = submitted(make_article, people)
    url = create_link(people["first"], article)
    phone = Client(enforce_csrf_checks=False)
    response = phone.post(url, {"name": "  王主任 "})
    assert "王主任" in response.content.decode()
    step = ReviewStep.objects.get()
    assert (step.decision, step.username, step.user) == ("signed_off", "王主任", None)
    assert "王主任" in people["final"].get(review_url(article)).content.decode()
    assert status_of(article) == Article.Status.PENDING  # a sign-off is not a stage approval
    assert "请输入" in phone.post(url, {"name": "  "}).content.decode()


def test_a_signoff_link_stops_working_after_expiry_and_after_revocation(
    three_stage, people, make_article
):
    article = submitted(make_article, people)
    url = create_link(people["first"], article, hours=2)
    later = timezone.now() + timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = Client().get(url)
    assert response.status_code == 410
    assert "已过期" in response.content.decode()
    url = create_link(people["first"], article)
    link = SignoffLink.objects.order_by("-id").first()
    people["first"].post(review_url(article), {"_revoke": "1", "link": str(link.pk)})
    response = Client().get(url)
    assert response.status_code == 410
    assert "已撤销" in response.content.decode()
    assert AuditEntry.objects.filter(action="signoff_revoked").exists()
    unknown = Client().get(reverse("articles:signoff", args=["no-such-token"]))
    assert unknown.status_code == 404
    assert "不存在" in unknown.content.decode()


def test_a_signoff_page_is_never_in_the_page_cache(three_stage, people, make_article, settings):
    """With the page cache on, an article page is stored, a sign-off page never is."""
    settings.PAGE_CACHE_SECONDS = 600
    article = submitted(make_article, people)
    url = create_link(people["first"], article)
    cache.clear()
    live = make_article(title="已发布", status=Article.Status.PUBLISHED)
    reader = Client()
    reader.get(live.get_absolute_url())
    assert reader.get(live.get_absolute_url())["X-Page-Cache"] == "HIT"  # the cache is on
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "HIT"
    keys = [key for key in cache._cache if pagecache.PAGE_PREFIX in key]
    assert keys and not any("signoff" in key for key in keys)
    assert all("signoff" not in str(cache.get(key.split(":", 2)[-1])) for key in keys)
    assert AuditEntry.objects.filter(action="signoff_opened").count() == 2


# --- Scheduled changes ------------------------------------------------------------------------


@pytest.fixture
def live_with_changes(channels, people, make_article):
    article = make_article(
        title="旧标题", status=Article.Status.PUBLISHED, channel=channels["notices"]
    )
    edit(people["editor"], article, title="新标题")
    article.refresh_from_db()
    assert article.has_pending_changes
    return article


def test_a_scheduled_change_goes_live_on_time_and_not_before(live_with_changes, people):
    article = live_with_changes
    at = timezone.now() + timedelta(hours=5)
    response = approve(
        people["reviewer"], article, go_live_at=timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    )
    assert response.status_code == 302
    reader = Client()
    assert "旧标题" in reader.get(article.get_absolute_url()).content.decode()
    assert queries.scheduled_changes().get().object_id == article.pk
    assert not queries.scheduled_changes(within=timedelta(hours=1)).exists()
    just_before = at - timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=just_before):
        assert "旧标题" in reader.get(article.get_absolute_url()).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(minutes=1)):
        page = reader.get(article.get_absolute_url()).content.decode()
    assert "新标题" in page
    article.refresh_from_db()
    assert article.title == "新标题" and not article.has_pending_changes
    assert ScheduledChange.objects.get().applied_at is not None


def test_a_scheduled_change_waits_in_the_page_cache_too(live_with_changes, people, settings):
    """A cached article page does not outlive the go-live time (the page cache's schedule)."""
    settings.PAGE_CACHE_SECONDS = 600
    article = live_with_changes
    at = timezone.now() + timedelta(minutes=3)
    approve(
        people["reviewer"], article, go_live_at=timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    )
    at = ScheduledChange.objects.get().go_live_at
    reader = Client()
    reader.get(article.get_absolute_url())
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "HIT"
    with (
        mock.patch("django.utils.timezone.now", return_value=at + timedelta(seconds=30)),
        mock.patch("time.time", return_value=(at + timedelta(seconds=30)).timestamp()),
    ):
        assert "新标题" in reader.get(article.get_absolute_url()).content.decode()


def test_a_scheduled_change_can_be_cancelled(live_with_changes, people):
    article = live_with_changes
    at = timezone.now() + timedelta(hours=1)
    approve(
        people["reviewer"], article, go_live_at=timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    )
    people["reviewer"].post(review_url(article), {"_unschedule": "1"})
    assert not queries.scheduled_changes().exists()
    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(hours=1)):
        Client().get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.title == "旧标题" and article.has_pending_changes
    assert AuditEntry.objects.filter(action="unscheduled").exists()


def test_two_workers_apply_a_due_change_once(live_with_changes, people):
    article = live_with_changes
    at = timezone.now() + timedelta(hours=1)
    approve(
        people["reviewer"], article, go_live_at=timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    )
    later = at + timedelta(minutes=5)
    assert review.apply_due_changes(now=later) == 1
    assert review.apply_due_changes(now=later) == 0
    assert revisions_of(article).filter(kind="published").count() == 1


# --- Comments ---------------------------------------------------------------------------------


def test_comments_go_to_the_other_side_and_stay_with_the_revision(
    three_stage, people, make_article, django_capture_on_commit_callbacks
):
    article = submitted(make_article, people)
    approve(people["first"], article)
    mail.outbox.clear()
    url = review_url(article)
    with django_capture_on_commit_callbacks(execute=True):
        people["second"].post(url, {"_comment": "1", "body": "第二段数据出处？"})
    assert [m.to for m in mail.outbox] == [["editor@example.cn"]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        people["editor"].post(url, {"_comment": "1", "body": "来自统计局公报"})
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == ["first@example.cn", "second@example.cn"]
    revision = workflow.change_under_review(Article.objects.get(pk=article.pk))
    assert [c.body for c in ReviewComment.objects.filter(revision=revision)] == [
        "第二段数据出处？", "来自统计局公报",
    ]  # fmt: skip
    page = people["final"].get(url).content.decode()
    assert "第二段数据出处？" in page and "来自统计局公报" in page


def test_the_change_form_does_not_publish_around_the_stages(three_stage, people, make_article):
    """终审 cannot publish an article of a 3-stage channel from its form, and an edit of a
    live article there waits for the stages, whoever makes it."""
    article = submitted(make_article, people)
    response = edit(people["final"], article, status="published")
    assert response.status_code == 200
    assert "本栏目设有多级审核" in response.content.decode()
    assert status_of(article) == Article.Status.PENDING
    live = make_article(title="线上标题", status=Article.Status.PUBLISHED)
    edit(people["final"], live, title="终审直接修改")
    live.refresh_from_db()
    assert live.title == "线上标题" and live.has_pending_changes


def test_review_page_query_count_at_each_stage(three_stage, people, make_article, capsys):
    """The review page costs a fixed number of queries at every stage (printed for the
    record): steps, comments and links are one query each, whatever their number."""
    article = submitted(make_article, people)
    url = review_url(article)
    counts = {}
    for name, next_name in (("first", "second"), ("second", "final"), ("final", None)):
        people[name].get(url)
        with CaptureQueriesContext(connection) as queries:
            assert people[name].get(url).status_code == 200
        counts[name] = len(queries)
        if next_name:
            approve(people[name], article)
    with capsys.disabled():
        print(f"\nreview page queries by stage: {counts}")
    assert counts["first"] == counts["second"] == counts["final"]


def test_each_stage_is_told_when_the_change_reaches_it(
    three_stage, people, make_article, django_capture_on_commit_callbacks
):
    """Submitting tells 初审 (not 审核); approving 初审 tells 复审, with a link to the review
    page."""
    article = make_article(title="待提交", status=Article.Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(created_by=people["editor"].user)
    with django_capture_on_commit_callbacks(execute=True):
        edit(people["editor"], article, status="pending")
    assert [m.to for m in mail.outbox] == [["first@example.cn"]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(people["first"], article)
    assert [m.to for m in mail.outbox] == [["second@example.cn"]]
    assert review_url(article) in mail.outbox[0].body and "复审" in mail.outbox[0].subject


def test_a_signoff_link_closes_once_the_version_is_decided(channels, people, make_article):
    article = submitted(make_article, people, channel=channels["notices"])
    url = create_link(people["reviewer"], article)
    assert Client().get(url).status_code == 200
    approve(people["reviewer"], article)
    response = Client().get(url)
    assert response.status_code == 410 and "不再等待审核" in response.content.decode()


def test_the_review_queue_shows_each_reviewer_what_waits_for_their_stage(
    three_stage, channels, people, make_article
):
    """For the desk: each person sees what their stage decides now, oldest first, in one
    query (and the content generation's) however many articles wait; nobody sees their own
    change or a change whose earlier stage they approved."""
    older = submitted(make_article, people)
    newer = submitted(make_article, people, channel=channels["notices"])

    def queue(name):
        return [
            (item.article.pk, item.stage.number) for item in queries.review_queue(people[name].user)
        ]

    assert queue("first") == [(older.pk, 1)]
    assert queue("reviewer") == [(newer.pk, 1)]
    assert queue("second") == [] and queue("editor") == []
    approve(people["first"], older)
    assert queue("second") == [(older.pk, 2)]
    assert queue("first") == []
    for _ in range(3):
        submitted(make_article, people)
    user = people["first"].user
    queries.review_queue(user)  # the user's permissions and the channel tree, loaded once
    with generation.request_scope(), CaptureQueriesContext(connection) as captured:
        assert len(queries.review_queue(user)) == 3
    assert len(captured) <= 2, [q["sql"][:120] for q in captured]  # generation + one
