"""Readers' messages and manuscripts with a blocked word are held for a moderator."""

import pytest
from django.core import mail
from django.urls import reverse

from editorial.models import AuditEntry, SensitiveWord
from submissions.models import Manuscript, Message

from .factories import make_manuscript, make_message, upload

pytestmark = pytest.mark.django_db

NEW = "/messages/new/"
LIST = "/messages/"
SUBMIT = "/submit/"


@pytest.fixture
def words(db):
    SensitiveWord.objects.create(word="违禁词", level="block")
    SensitiveWord.objects.create(word="敏感话题", level="warn")


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def approve(admin_client, messages):
    return admin_client.post(
        reverse("admin:submissions_message_changelist"),
        {"action": "approve", "_selected_action": [str(m.pk) for m in messages]},
        follow=True,
    )


@pytest.mark.usefixtures("words")
def test_message_with_a_block_word_is_held_and_the_sender_is_not_told(client, message_data):
    """The message is stored, held, with its hit; the sender sees the usual confirmation."""
    data = {**message_data, "content": "希望公开数据，不要出现违禁词汇。"}
    response = client.post(NEW, data, follow=True)
    assert response.status_code == 200
    assert "违禁" not in response.content.decode()
    message = Message.objects.get()
    assert message.held
    assert message.state == "pending"
    assert [(hit["field"], hit["word"], hit["level"]) for hit in message.word_hits] == [
        ("content", "违禁词", "block")
    ]


def test_full_width_or_mixed_case_does_not_slip_past_the_hold(client, message_data):
    """The check normalises like search: ＶＰＮ in a message matches the entry vpn."""
    SensitiveWord.objects.create(word="vpn翻墙", level="block")
    client.post(NEW, {**message_data, "subject": "关于ＶＰＮ翻墙的问题"})
    assert Message.objects.get().held


@pytest.mark.usefixtures("words")
def test_message_with_only_a_warn_word_is_flagged_but_not_held(client, message_data):
    """A warn word is shown to the moderator but does not hold the message."""
    client.post(NEW, {**message_data, "content": "关于敏感话题的建议"})
    message = Message.objects.get()
    assert not message.held
    assert [hit["level"] for hit in message.word_hits] == ["warn"]


@pytest.mark.usefixtures("words")
def test_department_mail_says_the_message_is_held(client, message_data):
    """The department learns from the notification that the message is held."""
    client.post(NEW, {**message_data, "content": "违禁词"})
    (notification,) = mail.outbox
    assert "已暂扣待审" in notification.body


@pytest.mark.usefixtures("words")
def test_bulk_approval_skips_a_held_message_and_names_it(admin_client, category):
    """Approving in bulk never publishes a held message; the others are approved."""
    held = make_message(category, content="违禁词", agree_to_publish=True, held=True)
    clean = make_message(category, content="正常留言", agree_to_publish=True)
    response = approve(admin_client, [held, clean])
    held.refresh_from_db()
    clean.refresh_from_db()
    assert (held.state, clean.state) == ("pending", "approved")
    assert "以下留言含禁止发布的敏感词，未予批准" in response.content.decode()
    assert held.number in response.content.decode()


def test_bulk_approval_rechecks_against_words_added_since(admin_client, category, client):
    """A word added to the list after the message arrived still holds it at approval."""
    message = make_message(category, content="新近出现的违禁词", agree_to_publish=True)
    SensitiveWord.objects.create(word="违禁词", level="block")
    approve(admin_client, [message])
    message.refresh_from_db()
    assert message.state == "pending"
    assert message.held
    assert message.word_hits[0]["word"] == "违禁词"
    assert "新近出现" not in client.get(LIST).content.decode()


def test_held_message_is_never_listed_even_if_approved(client, category):
    """The public list excludes held messages, whatever their state."""
    make_message(
        category, subject="被拦截的留言", state="approved", agree_to_publish=True, held=True
    )
    assert "被拦截的留言" not in client.get(LIST).content.decode()


@pytest.mark.usefixtures("words")
def test_moderator_sees_the_hit_and_decides_in_the_form(admin_client, category, client):
    """The change form shows the word in its context; approving there releases the message."""
    client.post(
        NEW,
        {
            "category": str(category.pk),
            "name": "王女士",
            "contact": "13800138000",
            "subject": "统计数据公开",
            "content": "这里有一个违禁词在中间。",
            "agree_to_publish": "on",
        },
    )
    message = Message.objects.get()
    url = reverse("admin:submissions_message_change", args=[message.pk])
    html = admin_client.get(url).content.decode()
    assert "<mark>违禁词</mark>" in html
    assert "这里有一个" in html and "在中间" in html
    response = admin_client.post(url, {"state": "approved", "reply": ""})
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.state, message.held) == ("approved", False)
    assert AuditEntry.objects.filter(
        action="changed", object_id=str(message.pk), detail="已解除敏感词暂扣。"
    ).exists()
    assert "统计数据公开" in client.get(LIST).content.decode()


@pytest.mark.usefixtures("words")
def test_manuscript_with_a_block_word_is_held_with_its_hit_shown(client, manuscript_data):
    """A manuscript is held too, and its change form shows where the word is."""
    data = {**manuscript_data, "abstract": "摘要里夹带了违禁词。", "attachments": [upload()]}
    assert client.post(SUBMIT, data).status_code == 302
    manuscript = Manuscript.objects.get()
    assert manuscript.held
    client.logout()
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user(
        "editor", password="pw", is_staff=True, is_superuser=True
    )
    client.force_login(staff)
    html = client.get(
        reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    ).content.decode()
    assert "<mark>违禁词</mark>" in html
    assert "摘要" in html


@pytest.mark.usefixtures("channel")
def test_a_held_manuscript_becomes_no_article_draft(admin_client):
    """The draft action refuses a held manuscript until a moderator has decided on it."""
    manuscript = make_manuscript(status=Manuscript.Status.ACCEPTED, held=True)
    response = admin_client.post(
        reverse("admin:submissions_manuscript_changelist"),
        {"action": "create_article_draft", "_selected_action": [str(manuscript.pk)]},
        follow=True,
    )
    manuscript.refresh_from_db()
    assert manuscript.article_id is None
    assert "含禁止发布的敏感词，请先在稿件详情页中审核" in response.content.decode()
