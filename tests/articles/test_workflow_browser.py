"""The article form in a real browser: the body editor opens at a usable height."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, django_user_model):
    django_user_model.objects.create_user(
        "chief", password="pw-for-tests", is_staff=True, is_superuser=True
    )
    page.goto("/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-for-tests")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


def test_body_editor_opens_at_a_usable_height(page, django_user_model):
    """An empty body is a writing area of about a screen, not a single line."""
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, django_user_model)
    page.goto("/admin/articles/article/add/")
    editor = page.locator(".field-body .tiptap.ProseMirror[contenteditable]")
    editor.wait_for()
    height = editor.evaluate("el => el.getBoundingClientRect().height")
    assert height >= 400
