"""Uploads through the admin: content is checked, not names; errors are in Chinese."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from association.models import Issue, MemberAssociation
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db

DAMAGED = "无法读取该图片：文件已损坏或不完整。请重新保存为 PNG 或 JPEG 格式后再上传。"
MEMBER_ADD = "/admin/association/memberassociation/add/"
ISSUE_ADD = "/admin/association/issue/add/"


def executable_named_pdf():
    """An ELF header followed by code-like bytes, saved as report.pdf."""
    return SimpleUploadedFile(
        "report.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x90" * 2000, "application/pdf"
    )


def truncated_png():
    data = png_bytes(size=(300, 300), color="red")
    noisy = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(noisy, "PNG")
    data = noisy.getvalue()
    return SimpleUploadedFile("logo.png", data[: len(data) // 2], "image/png")


def bomb_png(width=8000, height=8000):
    """A tiny file that claims 64 megapixels: built by hand so nothing big is allocated."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressed = zlib.compress(row * height, 9)

    def chunk(kind, payload):
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", compressed)
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile("logo.png", data, "image/png")


def member_form(logo):
    return {"name": "新协会", "province": "jiangsu", "order": "0", "active": "on", "logo": logo}


def issue_form(**files):
    data = {
        "year": "2026",
        "number": "11",
        "total_number": "300",
        "publish_date": "2026-11-10",
        "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    data.update(files)
    return data


def field_errors(response, field):
    return [str(error) for error in response.context["adminform"].form.errors.get(field, [])]


def test_executable_renamed_pdf_is_rejected(admin_client):
    """An executable named .pdf is refused with a clear Chinese message."""
    response = admin_client.post(ISSUE_ADD, issue_form(pdf=executable_named_pdf()))
    assert response.status_code == 200
    assert field_errors(response, "pdf") == ["文件内容与其类型（pdf）不符。"]
    assert "文件内容与其类型（pdf）不符。" in response.content.decode()
    assert not Issue.objects.exists()


def test_truncated_png_is_rejected(admin_client):
    """A damaged logo is refused with a clear Chinese message."""
    response = admin_client.post(MEMBER_ADD, member_form(truncated_png()))
    assert field_errors(response, "logo") == [DAMAGED]
    assert DAMAGED in response.content.decode()
    assert not MemberAssociation.objects.exists()


def test_truncated_cover_is_rejected_with_the_same_clear_message(admin_client):
    """A damaged issue cover is refused with the same message."""
    response = admin_client.post(ISSUE_ADD, issue_form(cover=truncated_png()))
    assert field_errors(response, "cover") == [DAMAGED]
    assert not Issue.objects.exists()


def test_decompression_bomb_png_is_rejected(admin_client):
    """A small file that decompresses to a huge image is refused, naming its size."""
    upload = bomb_png()
    assert upload.size < 100_000
    response = admin_client.post(MEMBER_ADD, member_form(upload))
    assert field_errors(response, "logo") == ["图片尺寸过大（8000×8000 像素）。"]
    assert not MemberAssociation.objects.exists()


def test_valid_cover_and_pdf_are_stored_under_random_names(admin_client):
    """Valid uploads are stored under random names, never the uploader's."""
    cover = SimpleUploadedFile("我的封面.png", png_bytes(), "image/png")
    pdf = SimpleUploadedFile(
        "第11期.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "application/pdf"
    )
    response = admin_client.post(ISSUE_ADD, issue_form(cover=cover, pdf=pdf, published="on"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    issue = Issue.objects.get()
    assert issue.cover.name.startswith("magazine/covers/") and issue.cover.name.endswith(".png")
    assert issue.pdf.name.startswith("magazine/pdf/") and "第11期" not in issue.pdf.name
