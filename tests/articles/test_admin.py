"""Editors' workflow: roles enforced server-side, bulk actions, preview, uploads."""

import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import Article, Source
from tests.factories import image_upload, png_bytes
from tests.soup import texts

pytestmark = pytest.mark.django_db


def member_of(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, password="pw-for-tests", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return client


@pytest.fixture
def editor(django_user_model):
    return member_of(django_user_model, "编辑", "editor")


@pytest.fixture
def reviewer(django_user_model):
    return member_of(django_user_model, "审核", "reviewer")


def form_data(channel, **overrides):
    data = {
        "title": "编辑提交的文章",
        "subtitle": "",
        "channel": channel.pk,
        "source": "",
        "new_source": "",
        "author": "",
        "summary": "",
        "body": "<p>正文</p>",
        "status": "draft",
        "publish_at_0": "2026-07-01",
        "publish_at_1": "08:50:00",
    }
    # The attachments inline, and the zone/member links the association app adds.
    for prefix in ("attachments", "Zone_articles", "MemberAssociation_articles"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def test_groups_exist_and_only_reviewers_may_publish():
    """The 编辑 group may change articles; only the 审核 group holds the publish right."""
    editors = Group.objects.get(name="编辑")
    reviewers = Group.objects.get(name="审核")
    assert editors.permissions.filter(codename="change_article").exists()
    assert not editors.permissions.filter(codename="publish_article").exists()
    assert reviewers.permissions.filter(codename="publish_article").exists()


def test_editor_can_create_a_draft_and_submit_it_for_review(editor, channels):
    """An editor's new article may go to review, and records who created it."""
    url = reverse("admin:articles_article_add")
    response = editor.post(url, form_data(channels["news"], status="pending"))
    assert response.status_code == 302
    article = Article.objects.get(title="编辑提交的文章")
    assert article.status == Article.Status.PENDING
    assert article.created_by.username == "editor"


def test_editor_cannot_publish_through_the_form(editor, channels):
    """An editor asking the add form to publish and pin gets an error and nothing is saved."""
    url = reverse("admin:articles_article_add")
    response = editor.post(url, form_data(channels["news"], status="published", is_pinned="on"))
    assert response.status_code == 200  # the form comes back with an error
    assert not Article.objects.exists()


def test_editor_cannot_publish_an_existing_article_by_crafted_post(editor, make_article):
    """A crafted change post cannot let an editor publish or pin an article."""
    article = make_article(status=Article.Status.PENDING, is_pinned=False)
    url = reverse("admin:articles_article_change", args=[article.pk])
    editor.post(
        url, form_data(article.channel, title=article.title, status="published", is_pinned="on")
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING
    assert article.is_pinned is False


@pytest.mark.parametrize("action", ["publish", "withdraw", "pin", "unpin"])
def test_editor_cannot_run_publishing_bulk_actions(editor, make_article, action):
    """Bulk publish, pin and withdraw do nothing for an editor without the publish right."""
    article = make_article(status=Article.Status.PENDING, is_pinned=False)
    editor.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING
    assert article.is_pinned is False


def test_reviewer_publishes_and_pins_in_bulk_and_the_ticker_follows(
    reviewer, client, make_article, channels
):
    """A reviewer's bulk publish and pin reach the cached 通知公告 ticker at once."""
    notice = make_article(title="会员大会通知", channel=channels["notices"], status="pending")
    assert "会员大会通知" not in client.get("/").content.decode()  # the ticker is now cached
    changelist = reverse("admin:articles_article_changelist")
    reviewer.post(changelist, {"action": "publish", "_selected_action": [notice.pk]})
    reviewer.post(changelist, {"action": "pin", "_selected_action": [notice.pk]})
    notice.refresh_from_db()
    assert notice.status == Article.Status.PUBLISHED and notice.is_pinned
    assert any(
        "会员大会通知" in ticker for ticker in texts(client.get("/channels/news/"), ".notices")
    )


def test_typed_new_source_joins_the_list(reviewer, channels):
    """A source typed on the form is saved once, with its spaces collapsed."""
    reviewer.post(
        reverse("admin:articles_article_add"),
        form_data(channels["news"], new_source="  苏州工业园区  管委会 "),
    )
    article = Article.objects.get()
    assert article.source == Source.objects.get(name="苏州工业园区 管委会")


def test_body_is_sanitised_when_saved_through_the_admin(reviewer, channels):
    """Scripts and event handlers in a body saved through the admin are removed."""
    reviewer.post(
        reverse("admin:articles_article_add"),
        form_data(channels["news"], body='<p onclick="x()">正文</p><script>alert(1)</script>'),
    )
    assert Article.objects.get().body == "<p>正文</p>"


def test_save_and_preview_goes_to_the_preview(reviewer, channels):
    """ "Save and preview" sends the editor to the article's staff preview."""
    response = reviewer.post(
        reverse("admin:articles_article_add"), form_data(channels["news"], _preview="1")
    )
    article = Article.objects.get()
    assert response["Location"] == reverse("articles:preview", args=[article.pk])


def test_preview_shows_drafts_to_staff_only(client, editor, make_article):
    """Only staff see a draft's preview, and it is never cached."""
    draft = make_article(title="未发布草稿", status=Article.Status.DRAFT)
    url = reverse("articles:preview", args=[draft.pk])
    assert client.get(url).status_code == 404
    response = editor.get(url)
    assert response.status_code == 200 and "未发布草稿" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_preview_is_refused_to_logged_in_non_staff(django_user_model, make_article):
    """A logged-in reader who is not staff gets 404 from a draft's preview."""
    user = django_user_model.objects.create_user("reader", password="pw-for-tests")
    client = Client()
    client.force_login(user)
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(reverse("articles:preview", args=[draft.pk])).status_code == 404


def test_cover_renditions_are_made_once_at_upload(make_article):
    """Cover renditions are made at upload and kept as they are by later saves."""
    article = make_article(cover=image_upload(size=(1600, 1000)))
    names = [article.cover_large.name, article.cover_medium.name, article.cover_small.name]
    assert all(names)
    with Image.open(article.cover_small.path) as small:
        assert small.size == (320, 180)
    article.title = "改了标题"
    article.save()
    article.refresh_from_db()
    assert [article.cover_large.name, article.cover_medium.name, article.cover_small.name] == names


def test_editor_image_upload_is_validated_resized_and_stored(editor):
    """Body images are checked by content, shrunk to 1600 px wide and stored under media."""
    url = reverse("admin:articles_article_upload_image")
    big = io.BytesIO(png_bytes(size=(2400, 1200), fmt="JPEG"))
    big.name = "photo.jpg"
    payload = editor.post(url, {"image": big}).json()
    assert payload["width"] == 1600 and payload["height"] == 800
    assert payload["url"].startswith("/media/editor/")
    fake = io.BytesIO(b"<script>alert(1)</script>")
    fake.name = "evil.png"
    response = editor.post(url, {"image": fake})
    assert response.status_code == 400 and "error" in response.json()


def test_image_upload_is_for_staff_only(client):
    """An anonymous visitor cannot upload body images."""
    url = reverse("admin:articles_article_upload_image")
    response = client.post(url, {})
    assert response.status_code == 302  # to the admin login


def test_editor_cannot_take_a_published_article_down_by_crafted_post(editor, make_article):
    """Back to draft or to a later publish time would be a withdrawal: reviewers only."""
    article = make_article(title="已发布", status=Article.Status.PUBLISHED)
    published_at = article.publish_at
    url = reverse("admin:articles_article_change", args=[article.pk])
    for status, date in (
        ("draft", "2026-07-01"),
        ("pending", "2026-07-01"),
        ("published", "2099-01-01"),
    ):
        editor.post(
            url, form_data(article.channel, title="已发布", status=status, publish_at_0=date)
        )
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED, status
        assert article.publish_at == published_at, date
        assert article.is_published


def test_editor_correction_of_a_published_article_waits_for_review(editor, client, make_article):
    """An editor's change to a live article is kept for review; readers see the old text."""
    article = make_article(title="有错字的标题", status=Article.Status.PUBLISHED)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor.post(
        url, form_data(article.channel, title="改正后的标题", status="published")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "有错字的标题" and article.is_published
    assert article.has_pending_changes
    assert article.pending_revision.data["title"] == "改正后的标题"
    assert "有错字的标题" in client.get(article.get_absolute_url()).content.decode()


def test_who_created_and_who_last_changed_are_recorded(editor, reviewer, channels):
    """The admin records who created an article and who last changed it, actions included."""
    editor.post(
        reverse("admin:articles_article_add"), form_data(channels["news"], status="pending")
    )
    article = Article.objects.get()
    url = reverse("admin:articles_article_change", args=[article.pk])
    reviewer.post(url, form_data(channels["news"], title="审核后", status="published"))
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert (article.created_by.username, article.updated_by.username) == ("editor", "reviewer")
    changelist = reverse("admin:articles_article_changelist")
    editor.post(changelist, {"action": "submit_for_review", "_selected_action": [article.pk]})
    reviewer.post(changelist, {"action": "withdraw", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN and article.updated_by.username == "reviewer"


def test_article_changelist_searches_filters_and_keeps_its_query_count(
    reviewer, make_article, channels, topic, source
):
    """The changelist searches by source and filters by channel, status and topic; queries fixed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    changelist = reverse("admin:articles_article_changelist")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert reviewer.get(url).status_code == 200
        return len(captured)

    for i in range(3):
        make_article(title=f"文章{i}", source=source, topics=[topic])
    few = queries(changelist)
    for i in range(20):
        make_article(title=f"更多{i}", source=source, topics=[topic], channel=channels["east"])
    assert queries(changelist) == few
    found = reviewer.get(changelist, {"q": "菏泽"}).content.decode()  # by source name
    assert "文章0" in found and "更多0" in found
    filtered = reviewer.get(
        changelist, {"channel__id__exact": channels["east"].pk, "status__exact": "published"}
    ).content.decode()
    assert "更多0" in filtered and "文章0" not in filtered
    by_topic = reviewer.get(changelist, {"topics__id__exact": topic.pk})
    assert by_topic.status_code == 200 and "文章0" in by_topic.content.decode()


def test_editor_picks_existing_tags_by_autocomplete_and_types_new_ones(editor, channels):
    """Tags work like sources: choose from the list, or type new ones that join it."""
    from taggit.models import Tag

    existing = Tag.objects.create(name="营商环境", slug="yingshang")
    Tag.objects.create(name="招商引资", slug="zhaoshang")
    found = editor.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "营商"},
    )
    assert found.status_code == 200
    assert [item["text"] for item in found.json()["results"]] == ["营商环境"]

    response = editor.post(
        reverse("admin:articles_article_add"),
        form_data(
            channels["news"], tags=[str(existing.pk)], new_tags="高质量发展，营商环境, 园区 "
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get(title="编辑提交的文章")
    assert sorted(article.tags.names()) == ["园区", "营商环境", "高质量发展"]
    assert Tag.objects.filter(name="营商环境").count() == 1
