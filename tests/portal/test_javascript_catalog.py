"""The public pages' JavaScript catalogue (portal/jscatalog.py): the labels of the controls
that only scripts make, in Chinese, loaded once and kept by the browser."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.soup import parse

pytestmark = pytest.mark.django_db

# gettext("…") in the site's scripts: each is a label a reader would otherwise see in English.
GETTEXT = re.compile(r"""\bgettext\(\s*"((?:[^"\\]|\\.)*)"\s*\)""")


def catalogue_address(client):
    scripts = [tag["src"] for tag in parse(client.get("/")).select("script[src]")]
    (address,) = [src for src in scripts if src.startswith("/jsi18n/")]
    # Before the scripts that use it (deferred scripts run in document order).
    assert scripts.index(address) < scripts.index("/static/js/site.js")
    return address


def catalogue(response):
    text = response.content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", text, re.S).group(1))


def test_every_label_the_scripts_ask_for_is_translated(client):
    """Every gettext() of static/js has its Chinese in the catalogue the pages load."""
    asked = {
        json.loads(f'"{match}"')
        for path in Path(settings.BASE_DIR, "static", "js").glob("*.js")
        for match in GETTEXT.findall(path.read_text(encoding="utf-8"))
    }
    assert {"Close menu", "Sub-menu of %s", "Font size", "Reading stopped"} <= asked
    messages = catalogue(client.get(catalogue_address(client)))
    untranslated = {msgid for msgid in asked if not messages.get(msgid)}
    assert untranslated == set()
    assert messages["Close menu"] == "收起菜单"
    reading = messages["Reading paragraph %(n)s of %(total)s"]
    assert reading == "正在朗读第 %(n)s 段，共 %(total)s 段"


def test_catalogue_is_kept_for_a_year_under_an_address_that_names_it(client):
    """The page's address serves the catalogue for a year (a new catalogue gets a new
    address); an address of an older one gets today's for a few minutes only."""
    address = catalogue_address(client)
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Set-Cookie" not in response and "Cookie" not in response.get("Vary", "")
    old = client.get("/jsi18n/0123abcd.js")
    assert old.status_code == 200 and old.content == response.content
    assert old["Cache-Control"] == "public, max-age=300"


def test_catalogue_leaves_out_the_admins_own_javascript_strings(client):
    """Only the site's catalogue (and LOCALE_PATHS), not every installed app's: Django's
    admin calendar ("Today", "Tomorrow") stays in the admin's own catalogue."""
    messages = catalogue(client.get(catalogue_address(client)))
    assert "Today" not in messages and "Tomorrow" not in messages
