"""Staff logged into the admin in a real browser, by role."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client


def login_as(page, live_server, django_user_model, group_name, username=None):
    """Create a staff user in `group_name`, log the browser in as them, return the user."""
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
