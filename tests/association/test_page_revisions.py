"""Association pages: a revision per save, history and restore, no silent overwrites."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from association.models import Page
from editorial.revisions import revisions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def page_data(page, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "parent": "",
        "order": "0",
        "active": "on",
        "summary": page.summary,
        "body": page.body,
        "version": str(Page.objects.get(pk=page.pk).version),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def change(page):
    return reverse("admin:association_page_change", args=[page.pk])


def test_each_save_of_a_page_keeps_a_revision_and_restore_brings_it_back(admin_client, client):
    """History lists the saves; restoring the first body makes it public again."""
    page = Page.objects.create(title="协会简介", slug="about", body="<p>成立于1990年。</p>")
    admin_client.post(change(page), page_data(page))
    admin_client.post(change(page), page_data(page, body="<p>成立于2000年。</p>"))
    history = list(revisions_of(page))
    assert [revision.data["body"] for revision in history] == [
        "<p>成立于2000年。</p>",
        "<p>成立于1990年。</p>",
    ]
    listing = admin_client.get(reverse("admin:association_page_history", args=[page.pk]))
    assert listing.content.decode().count('name="b"') == 2
    compare = admin_client.get(
        reverse("admin:association_page_compare", args=[page.pk]),
        {"a": history[1].pk, "b": history[0].pk},
    ).content.decode()
    assert "成立于<del>199</del><ins>200</ins>0年" in compare
    admin_client.post(reverse("admin:association_page_restore", args=[page.pk, history[1].pk]))
    assert "成立于1990年" in client.get(page.get_absolute_url()).content.decode()
    assert revisions_of(page).count() == 3


def test_stale_save_of_a_page_is_refused_and_keeps_the_text(admin_client):
    """The second of two people editing the same version is told; nothing is overwritten."""
    page = Page.objects.create(title="协会章程", slug="charter", body="<p>第一条</p>")
    admin_client.post(change(page), page_data(page))  # a first revision
    opened = str(Page.objects.get(pk=page.pk).version)
    admin_client.post(change(page), page_data(page, body="<p>第一条（修订）</p>", version=opened))
    response = admin_client.post(
        change(page), page_data(page, body="<p>我的第一条</p>", version=opened)
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "在您打开之后保存了这一页" in text and "<ins>（修订）</ins>" in text
    assert "我的第一条" in text
    page.refresh_from_db()
    assert page.body == "<p>第一条（修订）</p>"


def test_page_change_list_issues_no_more_queries(admin_client):
    """Revisions live in their own table: the list costs 7 queries, as before, plus 1
    since the second factor (django-otp loads the session's device), plus 1 for the desk's
    counts in the navigation (articles/desk.py), plus 2 for the channels' review stages
    those counts need (the content generation, and the channel tree while not cached)."""
    for number in range(5):
        Page.objects.create(title=f"页面{number}", slug=f"page-{number}")
    with CaptureQueriesContext(connection) as captured:
        admin_client.get(reverse("admin:association_page_changelist"))
    assert len(captured) == 11


def test_saving_a_page_costs_at_most_three_more_queries(admin_client):
    """A version check and one INSERT on top of the 9 queries a save cost before (10 since
    the second factor: django-otp loads the session's device)."""
    page = Page.objects.create(title="培训", slug="training", body="<p>a</p>")
    admin_client.post(change(page), page_data(page))  # warm the content-type cache
    with CaptureQueriesContext(connection) as captured:
        response = admin_client.post(change(page), page_data(page, body="<p>b</p>"))
    assert response.status_code == 302
    # Not counted: the content generation's row, which every change of public content moves.
    assert len([q for q in captured if "portal_generation" not in q["sql"]]) <= 10 + 3


def test_page_saves_and_restores_are_in_the_audit_log(admin_client):
    """Changed and restored, each with the person who did it."""
    from editorial.models import AuditEntry

    page = Page.objects.create(title="协会简介", slug="about", body="<p>一</p>")
    admin_client.post(change(page), page_data(page, body="<p>二</p>"))
    first = revisions_of(page).get()
    admin_client.post(reverse("admin:association_page_restore", args=[page.pk, first.pk]))
    entries = AuditEntry.objects.filter(object_id=str(page.pk), content_type__model="page")
    assert list(entries.order_by("id").values_list("action", flat=True)) == [
        "changed",
        "restored",
    ]
    assert entries.first().username == "staff"
