"""Roles for all the editorial work: what 编辑, 审核 and 留言管理 may open and change.

Every rule is checked on the server (a direct request, not a hidden button).
"""

import pytest
from django.urls import reverse

from portal.models import NavItem
from submissions.models import Manuscript, Message

pytestmark = pytest.mark.django_db

# (app_label, model_name, content key) for each admin page a role may or may not open.
PAGES = [
    ("articles", "article", "article"),
    ("association", "page", "page"),
    ("association", "issue", "issue"),
    ("association", "zone", "zone"),
    ("association", "memberassociation", "member"),
    ("submissions", "manuscript", "manuscript"),
    ("submissions", "message", "message"),
    ("portal", "navitem", "nav"),
    ("portal", "linkgroup", "linkgroup"),
    ("portal", "link", "link"),
    ("portal", "sitesettings", "sitesettings"),
    ("articles", "channel", "channel"),
    ("auth", "user", None),
    ("auth", "group", None),
]
# What each role may change ("change" page answers 200 and the form can be saved).
MAY_CHANGE = {
    "editor": {"article", "page", "issue", "zone", "memberassociation", "manuscript"},
    "reviewer": {
        *("article", "page", "issue", "zone", "memberassociation", "manuscript"),
        *("message", "navitem", "linkgroup", "link"),
    },
    "message_desk": {"message"},
}
# Channels are picked from a list when writing; only superusers change them.
MAY_VIEW = {"editor": {"channel"}, "reviewer": {"channel"}}


def change_url(app, model, obj):
    if obj is None:
        return reverse(f"admin:{app}_{model}_changelist")
    return reverse(f"admin:{app}_{model}_change", args=[obj.pk])


@pytest.mark.parametrize("role", ["editor", "reviewer", "message_desk"])
def test_each_role_opens_exactly_its_admin_pages(role, request, content):
    """A role opens the change pages of its own content and gets 403 on everything else."""
    client = request.getfixturevalue(role)
    for app, model, key in PAGES:
        response = client.get(change_url(app, model, content.get(key)))
        allowed = model in MAY_CHANGE[role]
        view_only = model in MAY_VIEW.get(role, set())
        assert response.status_code == (200 if allowed or view_only else 403), (role, model)
        if key and response.status_code == 200:
            # Only a role that may change gets a save button, not a read-only view.
            assert ('name="_save"' in response.content.decode()) == allowed, (role, model)


def test_refused_action_shows_chinese_page_in_admin_look_with_link_back(editor, content):
    """A refused admin page is the site's own Chinese page, in the admin's look, with a way back."""
    referer = "http://testserver" + reverse("admin:index")
    response = editor.get(reverse("admin:portal_navitem_changelist"), HTTP_REFERER=referer)
    html = response.content.decode()
    assert response.status_code == 403
    assert "不允许" in html and "Forbidden" not in html
    assert 'id="site-name"' in html  # the admin's header
    assert f'href="{reverse("admin:index")}"' in html and "返回" in html


def test_refused_public_page_is_chinese(client, settings, content):
    """Outside the admin a 403 uses the public look, in Chinese, never a bare English page."""
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from portal.views import permission_denied

    request = RequestFactory().get("/submit/status/")
    request.user = None
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "不允许" in response.content.decode()


def test_editor_cannot_change_navigation_by_posting(editor, content):
    """An editor's direct POST to the navigation is refused and changes nothing."""
    url = reverse("admin:portal_navitem_change", args=[content["nav"].pk])
    response = editor.post(url, {"title": "改了", "order": 1, "active": "on"})
    assert response.status_code == 403
    assert NavItem.objects.get().title == "首页"


def test_editor_cannot_moderate_messages_but_reviewer_can(editor, reviewer, content):
    """Moderating readers' messages is for reviewers; the editor's bulk action does nothing."""
    message = content["message"]
    data = {"action": "approve", "_selected_action": [message.pk]}
    url = reverse("admin:submissions_message_changelist")
    assert editor.post(url, data).status_code == 403
    message.refresh_from_db()
    assert message.state != Message.State.APPROVED
    reviewer.post(url, data)
    message.refresh_from_db()
    assert message.state == Message.State.APPROVED


def test_reviewer_answers_a_message(reviewer, content):
    """A reviewer writes the reply to a message; who answered and when are recorded."""
    message = content["message"]
    url = reverse("admin:submissions_message_change", args=[message.pk])
    response = reviewer.post(url, {"state": Message.State.APPROVED, "reply": "感谢您的建议。"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.reply == "感谢您的建议。" and message.replied_by == reviewer.user


def test_editor_moves_manuscript_to_accepted_and_makes_a_draft(editor, content):
    """An editor changes a manuscript's status and turns it into an article draft."""
    manuscript = content["manuscript"]
    url = reverse("admin:submissions_manuscript_change", args=[manuscript.pk])
    data = {
        "status": Manuscript.Status.ACCEPTED,
        "reply": "",
        "internal_notes": "",
        "article": "",
        "magazine_url": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    manuscript.refresh_from_db()
    assert manuscript.status == Manuscript.Status.ACCEPTED
    editor.post(
        reverse("admin:submissions_manuscript_changelist"),
        {"action": "create_article_draft", "_selected_action": [manuscript.pk]},
    )
    manuscript.refresh_from_db()
    assert manuscript.article is not None and manuscript.article.status == "draft"


def test_message_desk_cannot_make_article_drafts(message_desk, content):
    """Without the article permission the draft action is refused on the server."""
    manuscript = content["manuscript"]
    response = message_desk.post(
        reverse("admin:submissions_manuscript_changelist"),
        {"action": "create_article_draft", "_selected_action": [manuscript.pk]},
    )
    assert response.status_code == 403
    manuscript.refresh_from_db()
    assert manuscript.article is None


def test_editor_downloads_manuscript_attachments(editor, content, settings):
    """Editors may download a manuscript's attachments (private files, permission-checked)."""
    from django.core.files.base import ContentFile

    from submissions.models import ManuscriptAttachment

    attachment = ManuscriptAttachment(
        manuscript=content["manuscript"], original_name="稿件.txt", size=4
    )
    attachment.file.save("a.txt", ContentFile(b"text"), save=True)
    response = editor.get(attachment.get_absolute_url())
    assert response.status_code == 200


def test_site_settings_stay_with_superusers(reviewer, content):
    """Not even a reviewer may open or add site settings."""
    assert reviewer.get(reverse("admin:portal_sitesettings_changelist")).status_code == 403
    content["sitesettings"].delete()
    assert reviewer.get(reverse("admin:portal_sitesettings_add")).status_code == 403


def test_auditor_reads_the_log_and_gets_the_chinese_403_everywhere_else(auditor, content):
    """审计员 opens the audit log (list and entries, read-only) and nothing else of the admin."""
    from editorial import audit

    entry = audit.record(None, audit.Action.PUBLISHED, content["article"], detail="定时发布")
    index = auditor.get(reverse("admin:index")).content.decode()
    assert "审计日志" in index
    assert "/admin/articles/" not in index and "/admin/auth/" not in index
    listing = auditor.get(reverse("admin:editorial_auditentry_changelist"))
    assert listing.status_code == 200 and "开发区新闻" in listing.content.decode()
    detail = auditor.get(reverse("admin:editorial_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    refused = [change_url(app, model, content.get(key)) for app, model, key in PAGES]
    refused += [
        reverse("admin:accounts_loginlock_changelist"),
        reverse("admin:articles_article_add"),
        reverse("upload-video"),
        reverse("admin:editorial_auditentry_delete", args=[entry.pk]),
    ]
    for url in refused:
        response = auditor.post(url) if url == reverse("upload-video") else auditor.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert "不允许" in html and "Forbidden" not in html, url


def test_auditor_cannot_change_or_delete_entries_either(auditor, content):
    from editorial import audit
    from editorial.models import AuditEntry

    entry = audit.record(None, audit.Action.PUBLISHED, content["article"])
    url = reverse("admin:editorial_auditentry_change", args=[entry.pk])
    assert auditor.post(url, {"detail": "改了"}).status_code == 403
    changelist = reverse("admin:editorial_auditentry_changelist")
    auditor.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [str(entry.pk)], "post": "yes"},
    )
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_auditor_and_reviewer_need_the_second_factor_by_default(settings):
    """The review role and the audit role are in SECOND_FACTOR_REQUIRED_GROUPS out of the box."""
    assert {"审核", "审计员"} <= set(settings.SECOND_FACTOR_REQUIRED_GROUPS)
