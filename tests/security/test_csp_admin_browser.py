"""The content security policy holds and the admin and the rich-text editor still work."""

import io

import pytest
from django.contrib.auth.models import Group
from PIL import Image

from articles.models import Article, Channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reports every violation, including those the console would not show.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


def editors_group():
    """Transactional tests flush the groups the data migration made: make them again (on
    the migrated state's models: run on the live app registry, the migration's permission
    step would leave every app config without its models module, and later flushes
    without content types)."""
    from tests.browser.editors_helpers import ensure_roles

    ensure_roles()
    return Group.objects.get(name="编辑")


def jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_policy_header_is_strict(client):
    """Every page: scripts from the site only, no plugins, no framing, no foreign forms."""
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_editor_logs_in_edits_an_article_with_an_image_and_saves_without_violations(
    page, django_user_model
):
    """Group 编辑 logs in through the form, uploads a body image and a cover, saves."""
    editor = django_user_model.objects.create_user(
        "editor", password="pw-Editor-2026", is_staff=True
    )
    editor.groups.add(editors_group())
    channel = Channel.objects.create(name="资讯中心", slug="news")
    article = Article.objects.create(
        title="待编辑的文章", channel=channel, body="<p>第一段。</p>", created_by=editor
    )
    page.add_init_script(WATCH_CSP)
    console = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.set_viewport_size({"width": 1440, "height": 900})

    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-Editor-2026")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/articles/article/{article.pk}/change/")
    body = page.locator(".ProseMirror", has_text="第一段")
    body.click()
    page.keyboard.press("End")
    page.keyboard.type("补充的文字。")
    with page.expect_file_chooser() as chooser:
        page.click("[title*='上传图片']")
    with page.expect_response("**/upload-image/") as uploaded:
        chooser.value.set_files(
            {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": jpeg("red")}
        )
    assert uploaded.value.status == 200
    body.locator("img").wait_for()
    page.set_input_files(
        "#id_cover", {"name": "封面.jpg", "mimeType": "image/jpeg", "buffer": jpeg("blue")}
    )
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    article.refresh_from_db()
    assert "补充的文字" in article.body and "<img" in article.body
    assert article.cover.name.endswith(".jpg")
    violations = page.evaluate("window.__cspViolations")
    assert violations == []
    assert not [line for line in console if "Content Security Policy" in line], console
    assert not [line for line in console if line.startswith("pageerror")], console
