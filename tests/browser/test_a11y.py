"""Accessibility and validity of every page type, on the demo site.

axe-core (npm, pinned in package-lock.json) is injected by Playwright into each page at
375 px and 1440 px and in elder mode; any violation of moderate, serious or critical
impact fails. The W3C Nu HTML Checker (vnu.jar, npm package vnu-jar) validates the
HTML the server sends for the same pages, when Java is installed.

With SCREENSHOTS_DIR set (`make screenshots`), the axe walk also saves a full-page
screenshot of every page in every mode there.
"""

import json
import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FAILING_IMPACTS = {"moderate", "serious", "critical"}
MODES = [
    ("375", 375, False),
    ("1440", 1440, False),
    ("elder-375", 375, True),
    ("elder-1440", 1440, True),
]


def demo_pages():
    """{page type: URL} on the demo content: every kind of page a reader can reach."""
    from articles.models import Article, Topic
    from association.models import Issue, Page, Zone

    call_command("load_demo", stdout=StringIO())
    article = (
        Article.objects.published().exclude(cover="").filter(topics__isnull=False).first()
        or Article.objects.published().first()
    )
    tag = next(
        t for a in Article.objects.published().prefetch_related("tags") for t in a.tags.all()
    )
    zone = Zone.objects.published().first()
    return {
        "home": "/",
        "channel": article.channel.get_absolute_url(),
        "topic list": "/topics/",
        "topic": Topic.objects.published().first().get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "article": article.get_absolute_url(),
        "search": "/search/?q=开发区",
        "zones with facets": f"/zones/?province={zone.province}&level=national&level=provincial",
        "zone": zone.get_absolute_url(),
        "members": "/members/",
        "magazine": "/magazine/",
        "issue": Issue.objects.published().first().get_absolute_url(),
        "association page": Page.objects.published().filter(parent__isnull=False).first()
        .get_absolute_url(),
        "manuscript form": "/submit/",
        "message form": "/messages/new/",
        "manuscript lookup": "/submit/status/",
        "message lookup": "/messages/lookup/",
        "message list": "/messages/",
        "site map": "/sitemap/",
        "404": "/no-such-page/",
    }  # fmt: skip


def _describe(violations):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:3])
        for v in violations
    ]


def test_every_page_type_passes_axe_at_phone_desktop_and_elder_sizes(
    _playwright_browser, live_server
):
    """No moderate, serious or critical axe violation on any page type, in any mode."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    pages = demo_pages()
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    failures, report = {}, {}
    for mode, width, elder in MODES:
        # bypass_csp: axe is injected as a script the site's policy would rightly refuse.
        context = _playwright_browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}, bypass_csp=True
        )
        if elder:
            context.add_init_script("localStorage.setItem('portal.elder', '1')")
        tab = context.new_page()
        for name, url in pages.items():
            tab.goto(url)
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate(
                "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)"
            )
            bad = [v for v in result if v["impact"] in FAILING_IMPACTS]
            report[(name, mode)] = len(bad)
            if bad:
                failures[f"{name} @ {mode} ({url})"] = _describe(bad)
            if shots:
                slug = name.replace(" ", "-")
                tab.screenshot(path=f"{shots}/{slug}-{mode}.png", full_page=True)
        context.close()
    print("\naxe violations (moderate or worse) per page:", json.dumps(
        {f"{name} @ {mode}": count for (name, mode), count in report.items()}, ensure_ascii=False
    ))  # fmt: skip
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_every_page_type_is_valid_html_for_the_nu_checker(client):
    """The W3C Nu HTML Checker finds no error in the HTML of any page type."""
    java = shutil.which("java")
    if not java:
        pytest.skip("Java is not installed, so vnu.jar cannot run (.ci/run installs a JRE)")
    if not VNU.exists():
        pytest.skip("vnu-jar is not installed: run `npm ci` (make test does)")
    pages = demo_pages()
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"vnu-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, url in pages.items():
        response = client.get(url)
        path = folder / (name.replace(" ", "-") + ".html")
        path.write_bytes(response.content)
        files[str(path)] = f"{name} ({url})"
    run = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = {}
    for message in messages:
        if message.get("type") == "error":
            page = files.get(message.get("url", "").removeprefix("file:"), message.get("url"))
            errors.setdefault(page, []).append(
                f"line {message.get('lastLine')}: {message.get('message')}"
            )
    print("\nvnu errors per page:", json.dumps(
        {label: len(errors.get(label, [])) for label in files.values()}, ensure_ascii=False
    ))  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)
    assert not errors, json.dumps(errors, ensure_ascii=False, indent=1)
