"""Staff logged into the admin in a real browser, by role."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

# The data migrations that make the role groups. Browser tests run in transactional
# tests whose flush empties the groups table; these are run again when it is empty.
ROLE_MIGRATIONS = [
    ("articles", "0003_editor_roles", "create_groups"),
    ("articles", "0013_review_stage_roles", "create_groups"),
    ("submissions", "0004_editorial_roles", "add_roles"),
    ("health", "0002_reviewers_see_health_and_statistics", "add"),
    ("accounts", "0002_auditor_role_and_unlock", "create_roles"),
]


def ensure_roles():
    """Recreate the role groups exactly as the migrations make them (after a flush)."""
    if Group.objects.filter(name="编辑").exists():
        return
    # The migrations' own code, on the migrated state's models (not the live app registry,
    # whose app configs the permission step would otherwise touch).
    state_apps = MigrationLoader(connection).project_state().apps
    for app_label, name, function in ROLE_MIGRATIONS:
        module = import_module(f"{app_label}.migrations.{name}")
        getattr(module, function)(state_apps, None)


def login_as(page, live_server, django_user_model, group_name, username=None):
    """Create a staff user in `group_name`, log the browser in as them, return the user."""
    ensure_roles()
    user = django_user_model.objects.create_user(
        username or f"user-{group_name}", password="pw-for-tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size({"width": 1440, "height": 900})
    return user


def choose_autocomplete(page, field, text):
    """Pick `text` in the admin's autocomplete (select2) box of `field`."""
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
