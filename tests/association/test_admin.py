import pytest

from association.models import Issue, Page, TocEntry

from .factories import make_issue, make_member, make_zone

pytestmark = pytest.mark.django_db

MODELS = ["page", "memberassociation", "industry", "zone", "issue"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_list_and_add_pages_open(admin_client, model):
    """Every association model's admin list and add form open."""
    make_zone()
    make_member()
    make_issue()
    assert admin_client.get(f"/admin/association/{model}/").status_code == 200
    assert admin_client.get(f"/admin/association/{model}/add/").status_code == 200


def test_zone_admin_offers_import_and_export(admin_client):
    """The zone list offers import and export."""
    html = admin_client.get("/admin/association/zone/").content.decode()
    assert "/admin/association/zone/import/" in html and "/admin/association/zone/export/" in html


def test_issue_is_saved_with_its_ordered_table_of_contents(admin_client):
    """An issue is saved with its table of contents, in the order editors give."""
    data = {
        "year": "2026",
        "number": "10",
        "total_number": "299",
        "publish_date": "2026-10-10",
        "published": "on",
        "entries-TOTAL_FORMS": "2",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-order": "2",
        "entries-0-title": "第二篇",
        "entries-1-order": "1",
        "entries-1-title": "第一篇",
        "entries-1-section": "特别策划",
    }
    response = admin_client.post("/admin/association/issue/add/", data)
    assert response.status_code == 302
    issue = Issue.objects.get(total_number=299)
    assert [e.title for e in TocEntry.objects.filter(issue=issue)] == ["第一篇", "第二篇"]


def test_page_admin_sanitises_the_body(admin_client):
    """A page body saved through the admin loses scripts and event handlers."""
    response = admin_client.post(
        "/admin/association/page/add/",
        {
            "title": "协会章程",
            "slug": "charter",
            "order": "0",
            "active": "on",
            "body": '<p>第一条</p><img src="x" onerror="alert(1)"><script>x()</script>',
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    body = Page.objects.get(slug="charter").body
    assert "<p>第一条</p>" in body and "onerror" not in body and "script" not in body
