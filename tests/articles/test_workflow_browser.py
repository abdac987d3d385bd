"""The article form in a real browser: the body editor opens at a usable height."""

import pytest

from tests.browser.editors_helpers import login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_body_editor_opens_at_a_usable_height(page, live_server, django_user_model):
    """An empty body is a writing area of about a screen, not a single line."""
    # An editor (the login form and its second factor are tests/browser's subject).
    login_as(page, live_server, django_user_model, "编辑")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/admin/articles/article/add/")
    editor = page.locator(".field-body .tiptap.ProseMirror[contenteditable]")
    editor.wait_for()
    height = editor.evaluate("el => el.getBoundingClientRect().height")
    assert height >= 400
