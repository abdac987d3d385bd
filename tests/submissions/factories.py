"""Helpers for the submissions tests: every file they send is generated here."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from submissions.models import Manuscript, Message, StatusChange
from tests.soup import parse


def pdf_bytes(padding=0):
    return b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * padding + b"\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), "#1f5fa8").save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name="稿件.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type)


def csrf_client():
    """A client that enforces CSRF, with its token fetched like a browser would."""
    return Client(enforce_csrf_checks=True)


def post_with_csrf(client, url, data, **extra):
    form = parse(client.get(url)).select_one('input[name="csrfmiddlewaretoken"]')
    return client.post(url, {**data, "csrfmiddlewaretoken": form["value"]}, **extra)


def make_manuscript(**overrides):
    from submissions.services import insert_with_unique_number

    fields = {
        "title": "开发区营商环境调研",
        "author_name": "张伟",
        "phone": "010-12345678",
        "email": "zhangwei@example.org",
        "abstract": "调研摘要。",
        "declaration": True,
        **overrides,
    }
    manuscript = Manuscript(**fields)
    insert_with_unique_number(manuscript, "tracking_number", "TG")
    StatusChange.objects.create(manuscript=manuscript, status=manuscript.status)
    return manuscript


def make_message(category, code="ABCD2345", **overrides):
    from submissions.services import insert_with_unique_number

    fields = {
        "category": category,
        "name": "读者",
        "contact": "reader@example.org",
        "subject": "留言主题",
        "content": "留言内容。",
        **overrides,
    }
    message = Message(**fields)
    message.set_query_code(code)
    insert_with_unique_number(message, "number", "LY")
    return message


def private_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
