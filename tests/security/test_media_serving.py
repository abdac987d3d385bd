"""Public media served by the app: safe types, downloads, sandboxed PDFs, cache and ranges."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from association.models import Issue

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings):
    root = settings.MEDIA_ROOT
    files = {
        "covers/2026/11/a1.png": PNG,
        "attachments/2026/11/b2.pdf": PDF,
        "pages/2026/11/c3.txt": b"<html><script>alert(1)</script>",
        "attachments/2026/11/d4.docx": b"PK\x03\x04whatever",
        "magazine/pdf/2026/11/e5.pdf": PDF,
        "site/2026/11/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>",
        ".secret": b"hidden",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def test_images_are_served_inline_with_long_caching(client, media):
    """Covers, logos and QR codes load in production (DEBUG off): nothing served /media/."""
    response = client.get("/media/covers/2026/11/a1.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PNG


@pytest.mark.parametrize(
    "path",
    [
        "attachments/2026/11/b2.pdf",
        "pages/2026/11/c3.txt",
        "attachments/2026/11/d4.docx",
        "site/2026/11/logo.svg",
    ],
)
def test_every_other_public_file_is_a_download(client, media, path):
    """A hostile attachment can never render in the site's origin: attachment + nosniff."""
    response = client.get(f"/media/{path}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_magazine_pdfs_are_inline_in_a_sandbox(client, media):
    response = client.get("/media/magazine/pdf/2026/11/e5.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"] == "inline"


def test_issue_pdf_view_sends_the_sandbox_policy(client):
    issue = Issue.objects.create(
        year=2026, number=11, total_number=300, published=True,
        publish_date=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    issue.pdf.save("a.pdf", ContentFile(PDF))
    response = client.get(issue.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize(
    "path",
    [
        "/media/.secret",
        "/media/../config/settings.py",
        "/media/%2e%2e/config/settings.py",
        "/media/covers/",
        "/media/covers/2026/11/missing.png",
        "/media/covers/..%2f..%2fprivate",
    ],
)
def test_nothing_outside_public_files_is_served(client, media, path):
    assert client.get(path).status_code == 404


def test_a_symlink_out_of_the_media_folder_is_not_followed(client, media, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"private")
    os.symlink(outside, media / "covers" / "link.png")
    assert client.get("/media/covers/link.png").status_code == 404


def test_unchanged_file_answers_304(client, media):
    first = client.get("/media/covers/2026/11/a1.png")
    again = client.get("/media/covers/2026/11/a1.png", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(
        "/media/covers/2026/11/a1.png", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304


@pytest.mark.parametrize(
    ("header", "expected", "content_range"),
    [
        ("bytes=0-3", PDF[:4], "bytes 0-3/"),
        ("bytes=5-", PDF[5:], "bytes 5-"),
        ("bytes=-6", PDF[-6:], f"bytes {len(PDF) - 6}-"),
    ],
)
def test_byte_ranges_are_answered_with_206(client, media, header, expected, content_range):
    """PDF readers and resumed downloads ask for parts of a file."""
    response = client.get("/media/magazine/pdf/2026/11/e5.pdf", HTTP_RANGE=header)
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == expected
    assert response["Content-Range"].startswith(content_range)
    assert response["Content-Length"] == str(len(expected))


def test_unsatisfiable_range_answers_416(client, media):
    response = client.get("/media/magazine/pdf/2026/11/e5.pdf", HTTP_RANGE="bytes=9999-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(PDF)}"


def test_media_refuse_writes(client, media):
    assert client.post("/media/covers/2026/11/a1.png").status_code == 405
