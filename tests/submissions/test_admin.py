import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from submissions.models import Manuscript, ManuscriptAttachment, Message, StatusChange
from tests.soup import texts

from .factories import make_manuscript, make_message, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def attach(manuscript, name="稿件 (终稿).pdf", content=None):
    attachment = ManuscriptAttachment(manuscript=manuscript, original_name=name)
    attachment.file.save("x.pdf", ContentFile(content or pdf_bytes()), save=False)
    attachment.size = attachment.file.size
    attachment.save()
    return attachment


def test_attachment_is_not_reachable_anonymously(client):
    """An anonymous visitor is sent to the login instead of a manuscript attachment."""
    attachment = attach(make_manuscript())
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_attachment_is_not_reachable_by_a_non_staff_user(client, django_user_model):
    """A logged-in reader cannot download a manuscript attachment."""
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    attachment = attach(make_manuscript())
    assert client.get(attachment.get_absolute_url()).status_code == 302


def test_staff_without_permission_gets_403(client, django_user_model):
    """Staff without the view permission get 403 from an attachment."""
    user = django_user_model.objects.create_user("intern", password="pw", is_staff=True)
    client.force_login(user)
    attachment = attach(make_manuscript())
    assert client.get(attachment.get_absolute_url()).status_code == 403


def test_staff_with_view_permission_downloads_with_the_original_name(client, django_user_model):
    """Permitted staff download an attachment as a file under its original name."""
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_manuscript"))
    client.force_login(user)
    attachment = attach(make_manuscript())
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert response["Content-Type"] == "application/octet-stream"


def test_attachments_are_not_under_the_public_media_url(client, settings):
    """Attachments live in the private folder and are not served under /media/."""
    attachment = attach(make_manuscript())
    assert not (settings.MEDIA_ROOT / attachment.file.name).exists()
    assert (settings.PRIVATE_MEDIA_ROOT / attachment.file.name).exists()
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../private/{name}",
        "/media/..%2Fprivate/{name}",
        "/media/%2e%2e/private/{name}",
        "/private/{name}",
        "/{name}",
    ],
)
def test_path_tricks_never_reach_an_attachment(client, path):
    """No path trick reaches an attachment's file."""
    attachment = attach(make_manuscript())
    response = client.get(path.format(name=attachment.file.name))
    assert response.status_code in {400, 404}
    assert pdf_bytes() not in response.content


@pytest.mark.parametrize("pk", ["99999999999999999999", "0"])
def test_unknown_attachment_id_is_404_for_staff(admin_client, pk):
    """An unknown attachment answers 404, even to staff."""
    assert admin_client.get(f"/submissions/attachments/{pk}/").status_code == 404


def test_attachment_whose_file_is_gone_is_404(admin_client, settings):
    """An attachment whose file has gone answers 404, not 500."""
    attachment = attach(make_manuscript())
    (settings.PRIVATE_MEDIA_ROOT / attachment.file.name).unlink()
    assert admin_client.get(attachment.get_absolute_url()).status_code == 404


def test_private_folder_inside_the_public_media_folder_fails_the_checks(settings, tmp_path):
    """A private folder inside the public media folder fails the system checks."""
    from submissions.checks import private_media_outside_public_folders

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    errors = private_media_outside_public_folders()
    assert [error.id for error in errors] == ["submissions.E001"]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert private_media_outside_public_folders() == []


def test_manuscripts_cannot_be_added_in_the_admin(admin_client):
    """Manuscripts come from contributors only: the admin has no add form."""
    assert admin_client.get(reverse("admin:submissions_manuscript_add")).status_code == 403


def test_manuscript_change_form_shows_download_link_and_history(admin_client):
    """A manuscript's admin page links its attachments and shows its status history."""
    manuscript = make_manuscript()
    attachment = attach(manuscript)
    response = admin_client.get(
        reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    )
    html = response.content.decode()
    assert attachment.get_absolute_url() in html
    assert "状态记录" in html


def test_status_change_is_recorded_with_who_and_when(admin_client, staff_user):
    """A status change in the admin is recorded with who made it and when."""
    manuscript = make_manuscript()
    url = reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    response = admin_client.post(
        url,
        {
            "status": "first_review",
            "reply": "已进入初审。",
            "internal_notes": "请王编辑跟进",
            "article": "",
            "magazine_url": "",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "status_changes-TOTAL_FORMS": "1",
            "status_changes-INITIAL_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = StatusChange.objects.filter(manuscript=manuscript).latest("id")
    assert change.status == "first_review"
    assert change.changed_by == staff_user
    assert timezone.now() - change.changed_at < timedelta(minutes=1)
    manuscript.refresh_from_db()
    assert manuscript.internal_notes == "请王编辑跟进"
    assert manuscript.title == "开发区营商环境调研"


def test_changelist_query_count_does_not_grow(admin_client):
    """The manuscript list costs the same queries for 1 or 7 manuscripts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:submissions_manuscript_changelist")
    admin_client.get(url)
    make_manuscript()
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for _ in range(6):
        attach(make_manuscript())
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)
    assert len(few) == len(many)


def run_action(admin_client, model, action, pks):
    return admin_client.post(
        reverse(f"admin:submissions_{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks]},
    )


def test_create_article_draft_makes_a_hidden_draft_linked_back(admin_client, channel, staff_user):
    """An accepted manuscript becomes a sanitised, unpublished draft linked back to it."""
    manuscript = make_manuscript(
        status=Manuscript.Status.ACCEPTED,
        preferred_channel=channel,
        text="第一段<script>alert(1)</script>\n\n第二段",
    )
    run_action(admin_client, "manuscript", "create_article_draft", [manuscript.pk])
    manuscript.refresh_from_db()
    article = manuscript.article
    assert article is not None
    assert article.status == Article.Status.DRAFT
    assert article.title == manuscript.title
    assert article.author == manuscript.author_name
    assert article.channel == channel
    assert article.source.name == "投稿"
    assert article.created_by == staff_user
    assert "<script>" not in article.body
    assert article.body.startswith("<p>第一段")
    assert "<p>第二段</p>" in article.body
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_draft_made_from_a_manuscript_is_invisible_to_readers(admin_client, channel, client):
    """The draft answers 404 and appears on no public page or feed until an editor publishes."""
    manuscript = make_manuscript(
        status=Manuscript.Status.ACCEPTED, preferred_channel=channel, title="投稿转成的草稿稿件"
    )
    run_action(admin_client, "manuscript", "create_article_draft", [manuscript.pk])
    article = Manuscript.objects.get(pk=manuscript.pk).article
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in [
        reverse("home"),
        channel.get_absolute_url(),
        reverse("articles:feed"),
        reverse("articles:channel-feed", args=[channel.slug]),
        reverse("sitemap"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "投稿转成的草稿稿件" not in response.content.decode(), url
        assert article.get_absolute_url() not in response.content.decode(), url


def test_manuscript_admin_links_to_the_draft_in_the_article_admin(admin_client, channel):
    """The manuscript's admin page links to its draft in the article admin."""
    manuscript = make_manuscript(status=Manuscript.Status.ACCEPTED, preferred_channel=channel)
    run_action(admin_client, "manuscript", "create_article_draft", [manuscript.pk])
    article = Manuscript.objects.get(pk=manuscript.pk).article
    html = admin_client.get(
        reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    ).content.decode()
    article_admin_url = reverse("admin:articles_article_change", args=[article.pk])
    assert f'href="{article_admin_url}"' in html
    assert "草稿" in html
    opened = admin_client.get(article_admin_url)
    assert opened.status_code == 200
    assert manuscript.title in opened.content.decode()


def test_draft_falls_back_to_a_default_channel(admin_client, channel):
    """A draft without a preferred channel goes to the default channel."""
    manuscript = make_manuscript(status=Manuscript.Status.ACCEPTED)
    run_action(admin_client, "manuscript", "create_article_draft", [manuscript.pk])
    manuscript.refresh_from_db()
    assert manuscript.article.channel == channel


@pytest.mark.usefixtures("channel")
def test_draft_is_refused_for_a_manuscript_not_accepted(admin_client):
    """No draft is made from a manuscript that is not accepted."""
    manuscript = make_manuscript(status=Manuscript.Status.FIRST_REVIEW)
    response = run_action(admin_client, "manuscript", "create_article_draft", [manuscript.pk])
    assert response.status_code == 302
    assert not Article.objects.exists()


@pytest.mark.usefixtures("channel")
def test_draft_is_not_made_twice(admin_client):
    """Running the draft action twice makes one draft."""
    manuscript = make_manuscript(status=Manuscript.Status.ACCEPTED)
    run_action(admin_client, "manuscript", "create_article_draft", [manuscript.pk])
    run_action(admin_client, "manuscript", "create_article_draft", [manuscript.pk])
    assert Article.objects.count() == 1


def test_bulk_approve_and_reject(admin_client, category, staff_user):
    """Messages are approved and rejected in bulk, recording the moderator."""
    first = make_message(category)
    second = make_message(category)
    run_action(admin_client, "message", "approve", [first.pk, second.pk])
    assert set(Message.objects.values_list("state", flat=True)) == {"approved"}
    assert Message.objects.filter(moderated_by=staff_user).count() == 2
    run_action(admin_client, "message", "reject", [second.pk])
    second.refresh_from_db()
    assert second.state == "rejected"


def test_reply_in_the_change_form_records_who_and_when(admin_client, category, staff_user):
    """A reply saved in the admin records who replied and when, and keeps the contact."""
    message = make_message(category)
    url = reverse("admin:submissions_message_change", args=[message.pk])
    response = admin_client.post(url, {"state": "approved", "reply": "感谢来信，已处理。"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.reply == "感谢来信，已处理。"
    assert message.replied_by == staff_user
    assert message.replied_at is not None
    assert message.moderated_by == staff_user
    assert message.contact == "reader@example.org"


def test_unanswered_old_messages_are_highlighted(admin_client, category, settings):
    """Unanswered messages past the due days are highlighted and filterable as overdue."""
    settings.SUBMISSIONS_REPLY_DUE_DAYS = 3
    make_message(category, subject="很久以前", created_at=timezone.now() - timedelta(days=5))
    make_message(category, subject="刚刚")
    response = admin_client.get(reverse("admin:submissions_message_changelist"))
    html = response.content.decode()
    assert texts(response, "strong.overdue") == ["已超期"]
    assert "css/submissions-admin.css" in html
    overdue = admin_client.get(
        reverse("admin:submissions_message_changelist"), {"answered": "overdue"}
    ).content.decode()
    assert "很久以前" in overdue
    assert "刚刚" not in overdue


def test_csv_export_is_spreadsheet_safe(admin_client, category):
    """The messages export has Chinese headers and neutralises spreadsheet formulas."""
    message = make_message(category, subject='=HYPERLINK("http://evil")', name="张三")
    response = run_action(admin_client, "message", "export_csv", [message.pk])
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "留言编号"
    assert rows[1][0] == message.number
    assert rows[1][6] == '\'=HYPERLINK("http://evil")'
    assert rows[1][4] == "张三"


def test_messages_cannot_be_added_in_the_admin(admin_client):
    """Messages come from readers only: the admin has no add form."""
    assert admin_client.get(reverse("admin:submissions_message_add")).status_code == 403


def test_admin_stylesheet_colours_overdue_messages():
    """The overdue highlight comes from the app's admin stylesheet, not an inline style."""
    from django.contrib.staticfiles import finders

    path = finders.find("css/submissions-admin.css")
    assert path is not None
    assert ".overdue" in Path(path).read_text(encoding="utf-8")
