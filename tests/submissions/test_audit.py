"""Status changes and replies of manuscripts and messages leave an audit entry."""

import pytest
from django.urls import reverse

from editorial.models import AuditEntry

from .factories import make_manuscript, make_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def manuscript_post(status, reply=""):
    return {
        "status": status,
        "reply": reply,
        "internal_notes": "",
        "article": "",
        "magazine_url": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-INITIAL_FORMS": "1",
    }


def test_manuscript_status_change_and_reply_are_audited(admin_client, staff_user):
    """A manuscript's new status (old → new) and its reply each write one entry."""
    manuscript = make_manuscript()
    url = reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    response = admin_client.post(
        url, manuscript_post("first_review", "已进入初审。"), REMOTE_ADDR="192.0.2.5"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    status = AuditEntry.objects.get(action="status_changed")
    assert status.user == staff_user
    assert status.ip == "192.0.2.5"
    assert status.object_id == str(manuscript.pk)
    assert status.detail == "已收稿 → 初审"
    reply = AuditEntry.objects.get(action="reply_published")
    assert reply.detail == "已进入初审。"


def test_saving_a_manuscript_without_changes_writes_no_entry(admin_client):
    """Only real changes are recorded: a plain save with the same status is not one."""
    manuscript = make_manuscript()
    url = reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    admin_client.post(url, manuscript_post("received"))
    assert not AuditEntry.objects.exclude(action="login").exists()


@pytest.mark.usefixtures("staff_user")
def test_message_moderation_and_reply_in_the_form_are_audited(admin_client, category):
    """Approving a message and answering it in the form write a status and a reply entry."""
    message = make_message(category)
    url = reverse("admin:submissions_message_change", args=[message.pk])
    response = admin_client.post(url, {"state": "approved", "reply": "感谢来信。"})
    assert response.status_code == 302
    status = AuditEntry.objects.get(action="status_changed")
    assert status.object_repr == str(message)
    assert status.detail == "待审核 → 已通过"
    assert AuditEntry.objects.get(action="reply_published").detail == "感谢来信。"


def test_bulk_moderation_writes_one_entry_per_changed_message(admin_client, category):
    """The approve action audits every message it changed, and only those."""
    pending = [make_message(category) for _ in range(3)]
    already = make_message(category, state="approved")
    admin_client.post(
        reverse("admin:submissions_message_changelist"),
        {
            "action": "approve",
            "_selected_action": [str(m.pk) for m in [*pending, already]],
        },
    )
    entries = AuditEntry.objects.filter(action="status_changed")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(str(m.pk) for m in pending)
    assert {e.detail for e in entries} == {"待审核 → 已通过"}
