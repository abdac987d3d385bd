"""The audit log: what is recorded, with whom and from where, and who may read it."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial import audit
from editorial.models import AuditEntry, AuditLogIsAppendOnly
from portal.models import Link, LinkGroup, NavItem, SiteSettings

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_user(
        "chief", password=PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def request_from(user=None, remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().post("/", **meta)
    if user is not None:
        request.user = user
    return request


def test_record_stores_who_what_which_object_and_the_proxy_aware_ip(superuser, settings):
    """An entry names the user, the action, the object (type, id, text) and the client IP."""
    settings.TRUSTED_PROXY_COUNT = 1
    group = LinkGroup.objects.create(name="政府网站", slug="gov")
    request = request_from(superuser, remote="10.0.0.1", forwarded="1.2.3.4, 203.0.113.9")
    entry = audit.record(request, audit.Action.PUBLISHED, group, detail="bulk")
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.user == superuser
    assert entry.username == "chief"
    assert entry.action == "published"
    assert entry.content_type.model_class() is LinkGroup
    assert entry.object_id == str(group.pk)
    assert entry.object_repr == "政府网站"
    assert entry.detail == "bulk"
    assert entry.ip == "203.0.113.9"  # the address the trusted proxy saw, not the forged one


def test_without_trusted_proxies_the_forwarded_header_is_ignored(superuser, settings):
    """X-Forwarded-For is not believed unless TRUSTED_PROXY_COUNT says a proxy sets it."""
    settings.TRUSTED_PROXY_COUNT = 0
    entry = audit.record(request_from(superuser, forwarded="1.2.3.4"), audit.Action.LOGIN)
    assert entry.ip == "10.0.0.1"


def test_a_forged_non_address_header_stores_no_ip_instead_of_failing(superuser, settings):
    """A junk forwarded value never breaks the action being audited."""
    settings.TRUSTED_PROXY_COUNT = 1
    entry = audit.record(request_from(superuser, forwarded="<script>"), audit.Action.CHANGED)
    assert AuditEntry.objects.get(pk=entry.pk).ip is None


def test_system_actions_are_recorded_without_a_request():
    """A scheduled or command-line action has no user and no IP, but is still recorded."""
    group = LinkGroup.objects.create(name="媒体", slug="media")
    entry = audit.record(None, audit.Action.PUBLISHED, group)
    assert (entry.user, entry.username, entry.ip) == (None, "", None)
    assert entry.object_repr == "媒体"


def test_unknown_action_is_refused():
    """A typo in an action name fails loudly rather than writing an unreadable entry."""
    with pytest.raises(ValueError):
        audit.record(None, "publsihed")


def test_record_many_writes_one_entry_per_object_in_one_query(superuser):
    """Bulk actions audit every object they touched, at a constant cost."""
    groups = [LinkGroup.objects.create(name=f"组{i}", slug=f"g{i}") for i in range(5)]
    request = request_from(superuser)
    audit.record(request, audit.Action.CHANGED, groups[0])  # content type cached
    with CaptureQueriesContext(connection) as queries:
        audit.record_many(request, audit.Action.WITHDRAWN, groups, detail=lambda g: g.slug)
    assert len(queries) == 1
    entries = AuditEntry.objects.filter(action="withdrawn")
    assert sorted(e.detail for e in entries) == ["g0", "g1", "g2", "g3", "g4"]


def test_user_name_survives_the_deleted_account(superuser):
    """An entry still names the person after their account is deleted."""
    entry = audit.record(request_from(superuser), audit.Action.LOGIN)
    superuser.delete()
    entry.refresh_from_db()
    assert entry.user is None
    assert entry.username == "chief"


# --- staff sign-in ---------------------------------------------------------------------


def test_staff_login_and_logout_are_recorded_with_ip(client, superuser):
    """Signing in to and out of the admin writes one entry each, with the address."""
    response = client.post(
        reverse("admin:login"),
        {"username": "chief", "password": PASSWORD, "next": "/"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    login = AuditEntry.objects.get(action="login")
    assert (login.user, login.ip) == (superuser, "198.51.100.7")
    client.post(reverse("admin:logout"), REMOTE_ADDR="198.51.100.7")
    logout = AuditEntry.objects.get(action="logout")
    assert logout.user == superuser


@pytest.mark.usefixtures("superuser")
def test_failed_login_is_recorded_with_the_name_but_never_the_password(client):
    """A wrong password leaves an entry naming the account tried, without the password."""
    client.post(
        reverse("admin:login"),
        {"username": "chief", "password": "wrong-guess-123"},
        REMOTE_ADDR="198.51.100.8",
    )
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.user is None
    assert entry.detail == "chief"
    assert entry.ip == "198.51.100.8"
    assert not AuditEntry.objects.filter(detail__contains="wrong-guess").exists()


def test_a_readers_login_is_not_a_staff_login(django_user_model, client):
    """Only staff sign-ins are recorded (the admin's, not some reader's account)."""
    django_user_model.objects.create_user("reader", password=PASSWORD)
    assert client.login(username="reader", password=PASSWORD)
    assert not AuditEntry.objects.filter(action="login").exists()


# --- navigation, footer links, site settings -------------------------------------------


def test_navigation_change_in_the_admin_is_recorded(admin_client, superuser):
    """Editing a navigation entry writes a "changed" entry naming what changed."""
    item = NavItem.objects.create(title="新闻", url="/news/", order=1)
    response = admin_client.post(
        reverse("admin:portal_navitem_change", args=[item.pk]),
        {
            "title": "新闻中心",
            "target": "",
            "url": "/news/",
            "order": "1",
            "active": "on",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="changed")
    assert entry.user == superuser
    assert entry.object_repr == "新闻中心"
    assert entry.content_type.model == "navitem"
    assert entry.detail  # the admin's own "changed title" sentence


def test_navigation_list_edits_and_bulk_delete_are_recorded(admin_client):
    """list_editable changes and the delete action write one entry per object."""
    items = [NavItem.objects.create(title=f"栏目{i}", url=f"/n{i}/", order=i) for i in range(3)]
    changelist = reverse("admin:portal_navitem_changelist")
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "3",
        "_save": "保存",
    }
    for index, item in enumerate(items):
        data[f"form-{index}-id"] = str(item.pk)
        data[f"form-{index}-order"] = str(10 + index)
        data[f"form-{index}-active"] = "on"
    assert admin_client.post(changelist, data).status_code == 302
    assert AuditEntry.objects.filter(action="changed").count() == 3
    response = admin_client.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": [str(item.pk) for item in items[:2]],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(action="deleted")
    assert sorted(deleted.values_list("object_repr", flat=True)) == ["栏目0", "栏目1"]


def test_footer_link_added_through_the_group_is_recorded(admin_client):
    """Adding a footer link group with its links is recorded, links named in the detail."""
    response = admin_client.post(
        reverse("admin:portal_linkgroup_add"),
        {
            "name": "友情链接",
            "slug": "friends",
            "order": "0",
            "active": "on",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-name": "商务部",
            "links-0-url": "https://www.mofcom.gov.cn/",
            "links-0-order": "0",
            "links-0-active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="created")
    assert entry.object_repr == "友情链接"
    assert "商务部" in entry.detail
    link = Link.objects.get()
    admin_client.post(reverse("admin:portal_link_delete", args=[link.pk]), {"post": "yes"})
    assert AuditEntry.objects.filter(action="deleted", object_repr="商务部").exists()


def test_site_settings_change_is_recorded(admin_client):
    """Changing the site settings (ICP number, address…) is recorded."""
    settings_obj = SiteSettings.load()
    response = admin_client.post(
        reverse("admin:portal_sitesettings_change", args=[settings_obj.pk]),
        {"site_name": "中国开发区协会", "icp_number": "京ICP备12345678号", "headline_count": "5"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="changed")
    assert entry.content_type.model == "sitesettings"


# --- the audit admin ------------------------------------------------------------------


def test_superuser_browses_the_log_filtered_by_user_action_type_and_date(admin_client, superuser):
    """The log list filters by user, action, object type and date."""
    group = LinkGroup.objects.create(name="政府网站", slug="gov")
    audit.record(request_from(superuser), audit.Action.PUBLISHED, group)
    audit.record(None, audit.Action.LOGIN_FAILED, detail="mallory")
    url = reverse("admin:editorial_auditentry_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "政府网站" in html and "mallory" not in html  # detail is not a column
    for query, expected in [
        ({"action": "published"}, 1),
        ({"action": "login_failed"}, 1),
        ({"user__id__exact": str(superuser.pk)}, 2),  # force_login's sign-in + published
        ({"content_type__id__exact": str(_ct(LinkGroup))}, 1),
        ({"created_at__year": "1999"}, 0),
    ]:
        response = admin_client.get(url, query)
        assert response.status_code == 200, query
        assert response.context["cl"].result_count == expected, query


def _ct(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def test_nobody_adds_changes_or_deletes_log_entries_in_the_admin(admin_client, superuser):
    """Even a superuser can only read an entry: add, change and delete are refused."""
    entry = audit.record(request_from(superuser), audit.Action.LOGIN, superuser)
    assert admin_client.get(reverse("admin:editorial_auditentry_add")).status_code == 403
    change_url = reverse("admin:editorial_auditentry_change", args=[entry.pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(change_url, {"detail": "rewritten"}).status_code == 403
    delete_url = reverse("admin:editorial_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:editorial_auditentry_changelist")
    admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [str(entry.pk)], "post": "yes"},
    )
    entry.refresh_from_db()
    assert entry.detail == ""
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_reading_the_log_takes_the_auditor_roles_permission(client, django_user_model):
    """Staff without editorial.view_auditentry (the 审计员 role's one permission) cannot open
    the log; with it they read it, and still cannot change an entry."""
    editor = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(content_type__model="auditentry").exclude(
            codename="view_auditentry"
        )
    )
    client.force_login(editor)
    assert client.get(reverse("admin:editorial_auditentry_changelist")).status_code == 403
    assert "auditentry" not in client.get(reverse("admin:index")).content.decode()
    entry = audit.record(request_from(editor), audit.Action.LOGIN, editor)
    editor.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    assert client.get(reverse("admin:editorial_auditentry_changelist")).status_code == 200
    change_url = reverse("admin:editorial_auditentry_change", args=[entry.pk])
    assert client.post(change_url, {"detail": "rewritten"}).status_code == 403


def test_no_code_can_change_or_delete_an_entry(superuser):
    """Append-only below the admin too: saving a stored entry, deleting it, and the
    queryset's update/delete/bulk_update (what a bulk action or a script would use) raise."""
    entry = audit.record(request_from(superuser), audit.Action.PUBLISHED, superuser)
    entry.detail = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.bulk_update([entry], ["detail"])
    fresh = AuditEntry.objects.get(pk=entry.pk)
    assert fresh.detail == "" and fresh.action == "published"


def test_the_shell_cannot_delete_entries_either(superuser):
    """`manage.py shell -c` (the project's shell) meets the same refusal."""
    from django.core.management import call_command

    audit.record(request_from(superuser), audit.Action.PUBLISHED, superuser)
    with pytest.raises(AuditLogIsAppendOnly):
        call_command(
            "shell",
            command="from editorial.models import AuditEntry; AuditEntry.objects.all().delete()",
        )
    with pytest.raises(AuditLogIsAppendOnly):
        call_command(
            "shell",
            command="from editorial.models import AuditEntry; "
            "AuditEntry.objects.update(username='someone else')",
        )
    assert AuditEntry.objects.filter(username="chief").count() == 1


def test_deleting_an_account_keeps_its_entries(superuser, django_user_model):
    """The entry loses its link to a deleted account but keeps the name (SET_NULL runs)."""
    gone = django_user_model.objects.create_user("gone", password=PASSWORD, is_staff=True)
    audit.record(request_from(gone), audit.Action.PUBLISHED, superuser)
    gone.delete()
    entry = AuditEntry.objects.get(username="gone")
    assert entry.user is None


def test_log_list_query_count_does_not_grow_with_entries(admin_client, superuser):
    """The log list costs the same number of queries for 2 or 40 entries."""
    url = reverse("admin:editorial_auditentry_changelist")
    group = LinkGroup.objects.create(name="媒体", slug="media")
    audit.record(request_from(superuser), audit.Action.CHANGED, group)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    audit.record_many(request_from(superuser), audit.Action.CHANGED, [group, superuser] * 20)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)
    assert len(few) == len(many)


def test_log_search_finds_names_objects_and_addresses(admin_client, superuser):
    """Searching the log by user name, object text or IP address finds the entry."""
    group = LinkGroup.objects.create(name="政府网站", slug="gov")
    audit.record(request_from(superuser, remote="203.0.113.77"), audit.Action.CHANGED, group)
    url = reverse("admin:editorial_auditentry_changelist")
    for term in ["政府", "chief", "203.0.113.77"]:
        response = admin_client.get(url, {"q": term, "action": "changed"})
        assert response.status_code == 200, term
        assert response.context["cl"].result_count == 1, term
