import pytest
from django.core.cache import cache

from tests import factories
from tests.servers import (  # noqa: F401 (fixtures: real gunicorn and PostgreSQL servers)
    collected_static,
    module_site_server,
    site_server,
    streaming_replica_fixture,
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "servers: starts real servers (gunicorn, PostgreSQL clusters; tests/servers.py), "
        "seconds each",
    )


@pytest.fixture(autouse=True)
def _isolated_site(settings, tmp_path):
    """Every test: its own media folders, plain static storage, fast hashing, empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _second_factor_passed_on_force_login(request, monkeypatch):
    """`client.force_login(user)` stands for a whole login: a user who needs the second factor
    gets a session verified by a real (confirmed) authenticator, as after typing its code, so
    tests of everything else open the admin as before. The middleware that enforces the
    second factor still runs on every request. Tests marked `second_factor` get Django's
    plain force_login: their users meet the second factor as people do."""
    if request.node.get_closest_marker("second_factor"):
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts import second_factor

        if second_factor.required(user):
            device = second_factor.authenticator(user) or TOTPDevice.objects.create(
                user=user, name="tests", confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        "staff", password="pw-for-tests", is_staff=True, is_superuser=True
    )


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _playwright_browser():
    """Debian's chromium driven by Playwright; no browser is ever downloaded."""
    import os
    import shutil

    executable = shutil.which("chromium") or CHROMIUM
    if not os.path.exists(executable):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # tests around it are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser, live_server):
    """A fresh browser tab (phone-sized by default) whose relative URLs go to live_server."""
    context = _playwright_browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def _numbered_from_one():
    """Factories number what they make from 1 in every test."""
    factories.reset_sequence()
