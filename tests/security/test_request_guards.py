"""Hostile requests are refused before any view or database sees them."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

NUL_URLS = [
    "/admin/articles/article/?status=%00",
    "/admin/submissions/manuscript/?status=%00",
    "/admin/submissions/message/?state__exact=%00",
    "/admin/association/zone/?province__exact=%00",
    "/admin/autocomplete/?app_label=articles&model_name=article&field_name=channel&term=%00",
    "/search/?q=%00",
    "/zones/?q=%E8%8B%8F%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_in_a_query_string_answers_400(admin_client, url):
    """NUL in any query string is a 400 site-wide (it was a 500 in admin filters)."""
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "地址中含有不允许的字符" in response.content.decode()


@pytest.mark.parametrize("query", ["q=%FF%FE", "q=%E8%8B", "status=%C0%80"])
def test_invalid_utf8_in_a_query_string_answers_400(client, query):
    """Bytes that are not UTF-8 are refused the same way."""
    assert client.get(f"/search/?{query}").status_code == 400


def test_editor_nul_in_admin_filter_answers_400(client, django_user_model):
    """Editors could trigger the 500 on the article list and the autocomplete."""
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    client.force_login(editor)
    assert client.get("/admin/articles/article/?status=%00").status_code == 400


def test_chinese_query_strings_still_work(client):
    """Valid UTF-8, encoded or not, passes."""
    assert client.get("/search/?q=%E5%BC%80%E5%8F%91%E5%8C%BA").status_code == 200
    assert client.get("/search/", {"q": "开发区"}).status_code == 200


def test_oversized_body_is_refused_from_its_content_length(client, settings):
    """A body over the limit is refused with 413 before it is read, saying the limit."""
    settings.MAX_REQUEST_BODY_BYTES = 1024

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST", "/submit/", b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="100000000", **{"wsgi.input": Unreadable()},
    )  # fmt: skip
    assert response.status_code == 413
    html = response.content.decode()
    assert "1.0 KB" in html or "1.0 KB" in html.replace("\xa0", " ")
    assert "上传的内容太大" in html


def test_admin_accepts_larger_bodies_than_public_forms(settings):
    """Magazine PDFs (80 MB) go through the admin; public forms stop at 55 MB."""
    from portal.middleware import body_limit

    assert body_limit("/admin/association/issue/add/") == settings.MAX_ADMIN_REQUEST_BODY_BYTES
    assert body_limit("/submit/") == settings.MAX_REQUEST_BODY_BYTES
    assert settings.MAX_ADMIN_REQUEST_BODY_BYTES >= 80 * 1024 * 1024 + 1024
    assert settings.MAX_REQUEST_BODY_BYTES >= 50 * 1024 * 1024 + 1024


def test_malformed_content_length_answers_400(client):
    response = client.generic("POST", "/submit/", b"", CONTENT_LENGTH="-5")
    assert response.status_code == 400


def test_every_response_turns_off_unused_browser_features(client):
    """Permissions-Policy: camera, microphone, geolocation and the like are off."""
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
