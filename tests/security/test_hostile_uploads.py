"""Crafted uploads: refused early with a clear message, or stored without hostile bytes."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Attachment, Channel
from association.models import MemberAssociation
from portal import uploads
from portal.uploads import DocumentValidator, ImageValidator
from submissions.models import Manuscript

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(1)</script>"
OFFICE = (".pdf", ".doc", ".docx", ".wps", ".txt")


def image_bytes(fmt="JPEG", size=(40, 20), color="#1f5fa8", **save):
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and save.pop("alpha", False) else "RGB"
    Image.new(mode, size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


def office_zip(extra_entries=0, big_entry=0):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(extra_entries):
            archive.writestr(f"e/{number}", b"")
        if big_entry:
            archive.writestr("word/media/big.bin", b"\0" * big_entry)
    return buffer.getvalue()


def refused(validator, name, content):
    with pytest.raises(ValidationError) as caught:
        validator(SimpleUploadedFile(name, content))
    return " ".join(caught.value.messages)


# --- Office files: the zip directory is capped before it is read ---------------------------


def test_docx_with_thousands_of_entries_is_refused_with_a_clear_message():
    """The crafted .docx (220,000 empty entries) cost 9 s and 230 MB each; now a refusal."""
    message = refused(DocumentValidator(OFFICE), "稿件.docx", office_zip(extra_entries=2500))
    assert "部件过多" in message and "2000" in message


def test_docx_directory_is_not_parsed_when_the_count_is_too_high(monkeypatch):
    """The entry count comes from the end record: zipfile never lists the entries."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the central directory was parsed")

    bomb = SimpleUploadedFile("a.docx", office_zip(extra_entries=2500))
    monkeypatch.setattr(zipfile.ZipFile, "__init__", forbidden)
    with pytest.raises(ValidationError):
        DocumentValidator(OFFICE)(bomb)


def test_docx_too_large_once_unpacked_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_UNCOMPRESSED_BYTES", 1024 * 1024)
    message = refused(DocumentValidator(OFFICE), "a.docx", office_zip(big_entry=2 * 1024 * 1024))
    assert "解压后过大" in message


def test_ordinary_docx_is_accepted():
    DocumentValidator(OFFICE)(SimpleUploadedFile("a.docx", office_zip(extra_entries=30)))


def test_public_form_answers_a_docx_bomb_with_a_form_error(client):
    """POST /submit/ with the crafted file: the form says why, nothing is stored, no 500."""
    Channel.objects.create(name="园区动态", slug="zone-news")
    data = {
        "title": "调研报告", "author_name": "李晓明", "phone": "0512-6688 1234",
        "email": "li@example.org", "abstract": "摘要。", "declaration": "on",
    }  # fmt: skip
    bomb = SimpleUploadedFile("稿件.docx", office_zip(extra_entries=2500))
    response = client.post("/submit/", {**data, "attachments": [bomb]})
    assert response.status_code == 200
    assert "部件过多" in response.content.decode()
    assert not Manuscript.objects.exists()


def test_manuscript_total_size_is_checked_before_any_file_is_opened(client, monkeypatch):
    """Files that are too large together are refused without looking inside one of them."""
    from submissions import forms

    monkeypatch.setattr(forms, "MAX_ATTACHMENTS_TOTAL_BYTES", 100)
    monkeypatch.setattr(uploads, "detect_kind", lambda *a: pytest.fail("a file was inspected"))
    files = [SimpleUploadedFile(f"{n}.docx", office_zip()) for n in range(2)]
    response = client.post("/submit/", {"title": "x", "attachments": files})
    assert "文件总大小超出限制" in response.content.decode()


# --- Text and PDF attachments -------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body><script>alert(1)</script></body></html>",
        "通知\n<img src=x onerror=alert(1)>".encode(),
        "<!DOCTYPE html><p>说明</p>".encode("gb18030"),
        b"<svg onload=alert(1)>",
    ],
)
def test_text_attachment_with_markup_is_refused(content):
    """HTML was accepted as .txt."""
    assert "HTML" in refused(DocumentValidator(OFFICE), "说明.txt", content)


def test_plain_text_with_a_less_than_sign_is_accepted():
    DocumentValidator(OFFICE)(SimpleUploadedFile("a.txt", "若 a<b，则 3 > 2。".encode()))


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n",
        b"%PDF-1.4\n1 0 obj<<>>endobj\n<script>alert(1)</script>\n%%EOF\n",
        b"<html>%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
    ],
)
def test_html_dressed_as_pdf_is_refused(content):
    """'%PDF-' at the start and '%%EOF' at the end made any HTML a PDF."""
    assert "不符" in refused(DocumentValidator(OFFICE), "a.pdf", content)


# --- Public images: re-encoded from their pixels ------------------------------------------


def stored_bytes(field):
    field.open("rb")
    try:
        return field.read()
    finally:
        field.close()


def test_cover_with_html_in_a_jpeg_comment_is_stored_without_it():
    channel = Channel.objects.create(name="资讯", slug="news")
    cover = SimpleUploadedFile("c.jpg", image_bytes(comment=SCRIPT))
    article = Article.objects.create(title="t", channel=channel, cover=cover)
    data = stored_bytes(article.cover)
    assert b"<script" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert "comment" not in image.info and not image.getexif()


def test_gif_with_a_script_tail_named_pdf_is_stored_as_png():
    """GIF content was stored as .pdf; now the extension comes from the output format."""
    channel = Channel.objects.create(name="资讯", slug="news")
    hostile = image_bytes("GIF") + SCRIPT
    article = Article.objects.create(
        title="t", channel=channel, cover=SimpleUploadedFile("cover.pdf", hostile)
    )
    assert article.cover.name.endswith(".png")
    assert SCRIPT not in stored_bytes(article.cover)


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    logo = SimpleUploadedFile("l.png", image_bytes("PNG", pnginfo=info))
    member = MemberAssociation.objects.create(name="协会", province="jiangsu", logo=logo)
    data = stored_bytes(member.logo)
    assert b"<script" not in data and b"tEXt" not in data
    assert member.logo.name.endswith(".png")


def test_exif_orientation_is_applied_then_exif_removed():
    """A phone photo taken upright (EXIF orientation 6) stays upright, without EXIF."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    photo = SimpleUploadedFile("p.jpg", image_bytes(size=(40, 20), exif=exif.tobytes()))
    channel = Channel.objects.create(name="资讯", slug="news")
    article = Article.objects.create(title="t", channel=channel, cover=photo)
    with Image.open(io.BytesIO(stored_bytes(article.cover))) as image:
        assert image.size == (20, 40)
        assert not image.getexif()
    assert b"PhoneMaker" not in stored_bytes(article.cover)


def test_large_photo_is_scaled_down_when_stored():
    channel = Channel.objects.create(name="资讯", slug="news")
    photo = SimpleUploadedFile("p.jpg", image_bytes(size=(4000, 3000)))
    article = Article.objects.create(title="t", channel=channel, cover=photo)
    with Image.open(io.BytesIO(stored_bytes(article.cover))) as image:
        assert max(image.size) == uploads.MAX_STORED_IMAGE_SIDE


def test_body_image_upload_drops_the_jpeg_comment(admin_client):
    """The editor's image upload kept the JPEG comment."""
    upload = SimpleUploadedFile("图.jpg", image_bytes(comment=SCRIPT))
    response = admin_client.post("/admin/articles/article/upload-image/", {"image": upload})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.endswith(".jpg")
    from django.conf import settings

    path = settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)
    assert b"<script" not in path.read_bytes()


def test_camera_photo_of_several_megabytes_is_accepted():
    """Photos straight from a phone (over the old 5 MB limit) are accepted up to 20 MB."""
    noise = Image.effect_noise((1600, 1200), 100).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=100)
    assert buffer.tell() > 0
    big = SimpleUploadedFile("photo.jpg", buffer.getvalue() + b"\0" * (6 * 1024 * 1024))
    ImageValidator()(big)


def test_image_over_twenty_megabytes_is_refused_naming_the_limit():
    message = refused(ImageValidator(), "p.jpg", image_bytes() + b"\0" * (20 * 1024 * 1024))
    assert "上限为 20.0 MB" in message.replace("\xa0", " ")


def test_manuscript_images_are_checked_without_decoding_pixels(monkeypatch):
    """Public requests could make the server decode five 40-megapixel PNGs."""
    png = SimpleUploadedFile("图.png", image_bytes("PNG"))
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded"))
    DocumentValidator((".png",))(png)


def test_attachment_model_keeps_documents_as_they_are():
    """Only images are re-encoded; documents are stored byte for byte."""
    channel = Channel.objects.create(name="资讯", slug="news")
    article = Article.objects.create(title="t", channel=channel)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    attachment = Attachment.objects.create(article=article, file=SimpleUploadedFile("a.pdf", pdf))
    assert stored_bytes(attachment.file) == pdf


def test_images_stored_by_code_are_re_encoded_by_the_command():
    """field.save() (an import) stores bytes as given; reencode_images cleans them after."""
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    channel = Channel.objects.create(name="资讯", slug="news")
    article = Article.objects.create(title="t", channel=channel)
    article.cover.save("old.gif", ContentFile(image_bytes("GIF") + SCRIPT), save=True)
    old_name = article.cover.name
    assert SCRIPT in stored_bytes(article.cover)
    call_command("reencode_images")
    article.refresh_from_db()
    assert article.cover.name.endswith(".png") and article.cover.name != old_name
    assert SCRIPT not in stored_bytes(article.cover)
    assert not article.cover.storage.exists(old_name)
