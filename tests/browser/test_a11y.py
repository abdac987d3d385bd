"""Accessibility and validity of every page type, on the demo site.

axe-core (npm, pinned in package-lock.json) is injected by Playwright into each page at
320, 375 and 1440 px, in the standard, elder and mourning modes, with the WCAG 2.0–2.2
A/AA rules (`wcag22aa` brings target size, 2.5.8) and axe's best practices; any
violation, of any impact, fails. The W3C Nu HTML Checker (vnu.jar, npm package vnu-jar)
validates the HTML the server sends for the same pages, when Java is installed.

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
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = [320, 375, 1440]
MODES = [  # (name, width, elder, mourning); mourning last: it is a site setting
    *((str(w), w, False, False) for w in WIDTHS),
    *((f"elder-{w}", w, True, False) for w in WIDTHS),
    *((f"mourning-{w}", w, False, True) for w in WIDTHS),
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
        # The notice with the 入会申请表 download: links inside text blocks.
        "notice": Article.objects.published().filter(attachments__isnull=False).first()
        .get_absolute_url(),
        "search": "/search/?q=开发区",
        "zones": "/zones/",
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


def test_every_page_type_passes_axe_wcag22_at_every_width_and_mode(
    _playwright_browser, live_server
):
    """No axe violation (WCAG 2.2 AA and best practices, any impact) on any page type, at
    320, 375 and 1440 px, in the standard, elder and mourning modes."""
    from portal.models import SiteSettings

    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    pages = demo_pages()
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    failures, report = {}, {}
    for mode, width, elder, mourning in MODES:
        site = SiteSettings.load()
        if site.mourning != mourning:
            site.mourning = mourning
            site.save()
        # bypass_csp: axe is injected as a script the site's policy would rightly refuse.
        context = _playwright_browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}, bypass_csp=True
        )
        if elder:
            context.add_cookies([{"name": "elder", "value": "1", "url": live_server.url}])
        tab = context.new_page()
        for name, url in pages.items():
            tab.goto(url)
            classes = tab.evaluate("document.documentElement.className")
            assert ("elder" in classes) == elder and ("mourning" in classes) == mourning
            tab.add_script_tag(path=str(AXE))
            bad = tab.evaluate(
                """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                    resultTypes: ['violations']}).then(r => r.violations)""",
                AXE_TAGS,
            )
            report[(name, mode)] = len(bad)
            if bad:
                failures[f"{name} @ {mode} ({url})"] = _describe(bad)
            if shots:
                slug = name.replace(" ", "-")
                tab.screenshot(path=f"{shots}/{slug}-{mode}.png", full_page=True)
        context.close()
    print("\naxe violations per page:", json.dumps(
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
