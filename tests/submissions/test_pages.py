"""Every public page of the app is well-formed HTML, in each of its states."""

import pytest
from django.test import Client

from submissions.models import Message
from tests.htmlcheck import html_errors

from .factories import make_manuscript, make_message, upload

pytestmark = pytest.mark.django_db


def assert_valid(response, status=200):
    assert response.status_code == status
    assert html_errors(response.content.decode()) == []


@pytest.mark.usefixtures("channel")
def test_submit_form_is_valid_html(client):
    """The submit form is well-formed HTML."""
    assert_valid(client.get("/submit/"))


def test_submit_form_with_errors_and_captcha_is_valid_html(client, manuscript_data, settings):
    """The submit form with errors and captcha is well-formed HTML."""
    settings.SUBMISSIONS_CAPTCHA_AFTER = 0
    response = client.post("/submit/", {**manuscript_data, "email": "x", "attachments": []})
    assert response.context["form"].errors
    assert_valid(response)


def test_rate_limited_submit_form_is_valid_html(client, manuscript_data, settings):
    """The rate-limited submit page is well-formed HTML."""
    settings.SUBMISSIONS_RATE_LIMIT = 0
    assert_valid(client.post("/submit/", manuscript_data), status=429)


def test_success_page_is_valid_html(client, manuscript_data):
    """The submission success page is well-formed HTML."""
    response = client.post("/submit/", {**manuscript_data, "attachments": [upload()]}, follow=True)
    assert response.redirect_chain
    assert_valid(response)


def test_status_lookup_pages_are_valid_html(client):
    """The status lookup pages, found or not, are well-formed HTML."""
    manuscript = make_manuscript(reply="已收到。")
    assert_valid(client.get("/submit/status/"))
    found = client.post(
        "/submit/status/",
        {"tracking_number": manuscript.tracking_number, "email": manuscript.email},
    )
    assert manuscript.title in found.content.decode()
    assert_valid(found)
    missing = client.post("/submit/status/", {"tracking_number": "x", "email": "y"})
    assert_valid(missing)


def test_message_form_and_done_page_are_valid_html(client, message_data):
    """The message form, with errors and done, is well-formed HTML."""
    assert_valid(client.get("/messages/new/"))
    assert_valid(client.post("/messages/new/", {**message_data, "subject": ""}))
    assert_valid(client.post("/messages/new/", message_data, follow=True))


def test_message_list_is_valid_html(category):
    """The message list, filtered and paged, is well-formed HTML."""
    for index in range(12):
        make_message(
            category,
            subject=f"留言{index}",
            agree_to_publish=True,
            state=Message.State.APPROVED,
            reply="答复" if index % 2 else "",
        )
    client = Client()
    assert_valid(client.get("/messages/"))
    assert_valid(client.get("/messages/", {"category": category.slug, "page": 2}))


def test_message_lookup_pages_are_valid_html(client, category):
    """The message lookup pages are well-formed HTML."""
    message = make_message(category, code="QWER5678", reply="已处理。")
    assert_valid(client.get("/messages/lookup/"))
    found = client.post("/messages/lookup/", {"number": message.number, "query_code": "QWER5678"})
    assert "已处理。" in found.content.decode()
    assert_valid(found)
    assert_valid(client.post("/messages/lookup/", {"number": "", "query_code": ""}))
