"""The share popover's QR code: an image file of the article's address, not inline SVG."""

import io

import pytest
import segno

from articles.models import Article
from tests.editors.conftest import role_client
from tests.soup import select

pytestmark = pytest.mark.django_db


def test_article_links_its_qr_code_as_a_sized_lazy_image(client, make_article):
    """The page carries an <img> with width, height and alt text, and no inline SVG."""
    article = make_article()
    response = client.get(article.get_absolute_url())
    (image,) = select(response, ".share details img.qr")
    assert image["src"] == f"/articles/{article.pk}/qr.svg"
    assert image["width"] == image["height"] == "132"
    assert image["alt"] and image["loading"] == "lazy"
    assert "<svg" not in response.content.decode()


def test_qr_image_encodes_the_articles_address_and_is_cached(client, make_article):
    """The image is the QR code of the page's absolute address, public and revalidated by
    its ETag (304 on a repeat)."""
    article = make_article()
    response = client.get(f"/articles/{article.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"].startswith("public")
    expected = io.BytesIO()
    segno.make(f"http://testserver/articles/{article.pk}/", error="m").save(
        expected, kind="svg", scale=4, border=2, xmldecl=False
    )
    assert response.content == expected.getvalue()
    assert b'width="132" height="132"' in response.content
    again = client.get(f"/articles/{article.pk}/qr.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_qr_of_an_unpublished_article_is_for_staff_only(client, make_article, django_user_model):
    """A draft's QR code is not found by readers (nothing unpublished leaks); an editor
    previewing it gets it, never cached by a shared cache."""
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(f"/articles/{draft.pk}/qr.svg").status_code == 404
    assert client.get("/articles/999999/qr.svg").status_code == 404
    editor = role_client(django_user_model, "编辑", "editor")
    response = editor.get(f"/articles/{draft.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
