import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from submissions import forms as submission_forms
from submissions import models as submission_models
from submissions.models import Manuscript, ManuscriptAttachment, StatusChange
from tests.soup import parse, text

from .factories import (
    csrf_client,
    docx_bytes,
    pdf_bytes,
    png_bytes,
    post_with_csrf,
    private_files,
    upload,
)

pytestmark = pytest.mark.django_db

SUBMIT = "/submit/"


def post(client, data, files=None, **extra):
    return client.post(SUBMIT, {**data, "attachments": files or [upload()]}, **extra)


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


def test_submit_url_and_names_match_the_site_chrome():
    """The submit and status addresses are the ones the chrome links to."""
    assert reverse("submissions:submit") == "/submit/"
    assert reverse("submissions:status") == "/submit/status/"


def test_form_page_shows_the_chinese_form(client, channel):
    """The submit page shows the Chinese form, with active channels and file upload."""
    response = client.get(SUBMIT)
    assert response.status_code == 200
    text = response.content.decode()
    assert "我要投稿" in text or "投稿" in text
    assert channel.name in text
    assert 'enctype="multipart/form-data"' in text


def test_valid_manuscript_through_csrf_checked_client_is_stored(manuscript_data):
    """A valid manuscript with files is stored, and its tracking number shown."""
    client = csrf_client()
    response = post_with_csrf(
        client,
        SUBMIT,
        {**manuscript_data, "attachments": [upload(), upload("图.png", png_bytes(), "image/png")]},
        follow=True,
    )
    assert response.status_code == 200
    manuscript = Manuscript.objects.get()
    assert manuscript.title == manuscript_data["title"]
    assert manuscript.status == Manuscript.Status.RECEIVED
    assert manuscript.attachments.count() == 2
    assert manuscript.tracking_number in response.content.decode()
    assert "/submit/status/" in response.content.decode()


def test_post_without_csrf_token_is_refused(manuscript_data):
    """A post without a CSRF token is refused and stores nothing."""
    response = post(Client(enforce_csrf_checks=True), manuscript_data)
    assert response.status_code == 403
    assert not Manuscript.objects.exists()


def test_tracking_number_has_the_dated_random_format(client, manuscript_data):
    """A tracking number is TG, the date and six unambiguous random characters."""
    post(client, manuscript_data)
    number = Manuscript.objects.get().tracking_number
    assert re.fullmatch(r"TG\d{8}-[2-9A-HJKMNP-Z]{6}", number)


def test_tracking_numbers_are_not_sequential():
    """Tracking numbers are random, not sequential."""
    numbers = set()
    for _ in range(5):
        numbers.add(submission_models.dated_number("TG"))
    assert len(numbers) == 5


def test_number_collision_is_retried(monkeypatch, manuscript_data, client):
    """Two equal draws: the second insert retries and gets another number."""
    existing = Manuscript.objects.create(
        tracking_number="TG20260101-AAAAAA", title="t", author_name="a", phone="1", email="a@b.cn"
    )
    draws = iter(["TG20260101-AAAAAA", "TG20260101-BBBBBB"])
    monkeypatch.setattr("submissions.services.dated_number", lambda prefix: next(draws))
    post(client, manuscript_data)
    new = Manuscript.objects.exclude(pk=existing.pk).get()
    assert new.tracking_number == "TG20260101-BBBBBB"


def test_success_sends_mail_to_contributor_and_editors(client, manuscript_data, settings):
    """A submission mails the contributor (with the status link) and the editors."""
    settings.EDITORS_EMAIL = "editors@example.org"
    post(client, manuscript_data)
    number = Manuscript.objects.get().tracking_number
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["editors@example.org", "lixm@example.org"]
    assert all(number in message.subject for message in mail.outbox)
    contributor = next(m for m in mail.outbox if m.to == ["lixm@example.org"])
    assert "http://testserver/submit/status/" in contributor.body


def test_received_step_is_recorded_at_submission(client, manuscript_data):
    """Submission records the 已收稿 step, by nobody on staff."""
    post(client, manuscript_data)
    change = StatusChange.objects.get()
    assert change.status == Manuscript.Status.RECEIVED
    assert change.changed_by is None


def test_attachments_are_stored_privately_under_random_names(client, manuscript_data, settings):
    """Attachments are stored privately under random names; the original name is kept."""
    post(client, manuscript_data, [upload("我的稿件.pdf")])
    attachment = ManuscriptAttachment.objects.get()
    stored = private_files(settings)
    assert len(stored) == 1
    assert stored[0].read_bytes() == pdf_bytes()
    assert "我的稿件" not in stored[0].name
    assert attachment.original_name == "我的稿件.pdf"
    media_root = settings.MEDIA_ROOT
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_private_storage_has_no_public_url(client, manuscript_data):
    """The private storage has no public URL."""
    post(client, manuscript_data)
    with pytest.raises(ValueError):
        _ = ManuscriptAttachment.objects.get().file.url


def test_all_allowed_document_types_are_accepted(client, manuscript_data):
    """PDF, Word, text and image files are accepted."""
    files = [
        upload("a.pdf"),
        upload("b.docx", docx_bytes(), "application/octet-stream"),
        upload("c.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "application/msword"),
        upload("d.txt", "纯文本稿件".encode("gb18030"), "text/plain"),
        upload("e.png", png_bytes(), "image/png"),
    ]
    response = post(client, manuscript_data, files)
    assert response.status_code == 302
    assert ManuscriptAttachment.objects.count() == 5


def assert_rejected_cleanly(response, settings, field, text=None):
    """The form comes back with an error next to `field`, and nothing was stored."""
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors, response.context["form"].errors
    if text:
        assert any(text in str(error) for error in errors), errors
    assert not Manuscript.objects.exists()
    assert not ManuscriptAttachment.objects.exists()
    assert private_files(settings) == []


def test_disguised_executable_is_refused(client, manuscript_data, settings):
    """An executable named .pdf is refused and nothing is stored."""
    fake = upload("报告.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    response = post(client, manuscript_data, [fake])
    assert_rejected_cleanly(response, settings, "attachments", "文件内容与其类型")


def test_unknown_extension_is_refused(client, manuscript_data, settings):
    """A file of a type not allowed is refused."""
    response = post(client, manuscript_data, [upload("setup.exe", b"MZ" + b"\0" * 100)])
    assert_rejected_cleanly(response, settings, "attachments", "不允许的文件类型")


def test_oversized_file_is_refused(client, manuscript_data, settings):
    """A file over 20 MB is refused."""
    big = upload("大文件.pdf", pdf_bytes(padding=20 * 1024 * 1024 + 1))
    response = post(client, manuscript_data, [big])
    assert_rejected_cleanly(response, settings, "attachments", "文件过大")


def test_files_over_the_total_limit_are_refused(client, manuscript_data, settings, monkeypatch):
    """Files over the total size limit are refused."""
    monkeypatch.setattr(submission_forms, "MAX_ATTACHMENTS_TOTAL_BYTES", 3000)
    files = [upload(f"{i}.pdf", pdf_bytes(padding=1200)) for i in range(3)]
    response = post(client, manuscript_data, files)
    assert_rejected_cleanly(response, settings, "attachments", "文件总大小超出限制")


def test_more_than_five_files_are_refused(client, manuscript_data, settings):
    """More than five files are refused."""
    files = [upload(f"{i}.pdf") for i in range(6)]
    response = post(client, manuscript_data, files)
    assert_rejected_cleanly(response, settings, "attachments", "最多")


def test_missing_attachment_is_refused(client, manuscript_data, settings):
    """A manuscript needs at least one file."""
    response = client.post(SUBMIT, manuscript_data)
    assert_rejected_cleanly(response, settings, "attachments", "请至少上传一个文件")


def test_empty_file_is_refused(client, manuscript_data, settings):
    """An empty file is refused."""
    response = post(client, manuscript_data, [upload("空.txt", b"", "text/plain")])
    assert_rejected_cleanly(response, settings, "attachments", "空文件")


def test_file_name_with_directories_is_neutralised(client, manuscript_data, settings):
    """`../` in a name never leaves PRIVATE_MEDIA_ROOT nor reaches the displayed name."""
    response = post(client, manuscript_data, [upload("../../../etc/passwd.pdf")])
    assert response.status_code == 302
    attachment = ManuscriptAttachment.objects.get()
    assert ".." not in attachment.original_name
    assert "/" not in attachment.original_name
    stored = private_files(settings)
    assert len(stored) == 1
    assert stored[0].resolve().is_relative_to(settings.PRIVATE_MEDIA_ROOT.resolve())


def test_valid_file_with_an_invalid_field_leaves_nothing(client, manuscript_data, settings):
    """A failed post, even with a good file, stores no row and no file."""
    response = post(client, {**manuscript_data, "email": "not-an-address"})
    assert_rejected_cleanly(response, settings, "email")


def test_failure_while_storing_deletes_files_already_written(
    client, manuscript_data, settings, monkeypatch
):
    """An error after the first file was written rolls back rows and removes the file."""
    original_save = ManuscriptAttachment.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(ManuscriptAttachment, "save", failing_save)
    client.raise_request_exception = False
    response = post(client, manuscript_data, [upload("1.pdf"), upload("2.pdf")])
    assert response.status_code == 500
    assert not Manuscript.objects.exists()
    assert private_files(settings) == []


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("title", "", "这个字段是必须的"),
        ("title", "   \t  ", "这个字段是必须的"),
        ("title", "\u200b\u200b\u202e", "这个字段是必须的"),
        ("title", "长" * 201, "200"),
        ("abstract", "字" * 2001, "2000"),
        ("title", "标题\x00注入", "空字符"),
        ("email", "lixm@", "有效的 Email 地址"),
        ("phone", "call me maybe", "电话号码"),
        ("preferred_channel", "abc", "选择一个有效的选项"),
        ("preferred_channel", "99999", "选择一个有效的选项"),
    ],
)
def test_bad_input_gets_a_chinese_error_next_to_the_field(
    client, manuscript_data, settings, field, value, text
):
    """Bad input gets a clear Chinese error by its field and stores nothing."""
    response = post(client, {**manuscript_data, field: value})
    assert_rejected_cleanly(response, settings, field, text)


def test_missing_declaration_is_refused(client, manuscript_data, settings):
    """The declaration must be ticked."""
    data = {k: v for k, v in manuscript_data.items() if k != "declaration"}
    response = post(client, data)
    assert_rejected_cleanly(response, settings, "declaration", "请确认")


def test_other_fields_are_kept_after_an_error(client, manuscript_data):
    """After an error the other fields keep what was typed."""
    response = post(client, {**manuscript_data, "email": "bad"})
    html = response.content.decode()
    assert manuscript_data["title"] in html
    assert manuscript_data["organisation"] in html
    assert "errorlist" in html


def test_inactive_channel_cannot_be_chosen(client, manuscript_data, channel, settings):
    """An inactive channel cannot be chosen."""
    channel.active = False
    channel.save()
    response = post(client, manuscript_data)
    assert_rejected_cleanly(response, settings, "preferred_channel")


def test_xss_emoji_and_rtl_are_stored_as_plain_text(client, manuscript_data):
    """Markup and emoji are stored as plain text; direction overrides are dropped."""
    title = "<script>alert(1)</script>园区🚀\u202egnp.exe"
    response = post(client, {**manuscript_data, "title": title})
    assert response.status_code == 302
    stored = Manuscript.objects.get().title
    assert stored == "<script>alert(1)</script>园区🚀gnp.exe"


def test_line_breaks_in_one_line_fields_are_flattened(client, manuscript_data):
    """Line breaks in one-line fields are flattened, so mail headers cannot be injected."""
    post(client, {**manuscript_data, "title": "标题\r\nBcc: x@evil.example"})
    assert Manuscript.objects.get().title == "标题 Bcc: x@evil.example"
    assert len(mail.outbox) == 2


def test_honeypot_filled_stores_nothing(client, manuscript_data, settings):
    """A filled honeypot stores nothing and says so politely."""
    response = post(client, {**manuscript_data, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "无法受理" in response.content.decode()
    assert not Manuscript.objects.exists()
    assert private_files(settings) == []


def test_captcha_appears_after_repeated_attempts(client, manuscript_data, settings):
    """The captcha appears after the set number of attempts."""
    settings.SUBMISSIONS_CAPTCHA_AFTER = 2
    assert "captcha" not in client.get(SUBMIT).context["form"].fields
    post(client, {**manuscript_data, "email": "bad"})
    post(client, {**manuscript_data, "email": "bad"})
    response = client.get(SUBMIT)
    assert "captcha" in response.context["form"].fields
    assert "/captcha/image/" in response.content.decode()


def test_third_attempt_without_the_captcha_answer_is_refused(client, manuscript_data, settings):
    """An attempt past the limit without the captcha answer is refused."""
    settings.SUBMISSIONS_CAPTCHA_AFTER = 2
    post(client, {**manuscript_data, "email": "bad"})
    post(client, {**manuscript_data, "email": "bad"})
    response = post(client, manuscript_data)
    assert_rejected_cleanly(response, settings, "captcha", "验证码")


def test_correct_captcha_answer_is_accepted(client, manuscript_data, settings):
    """The right captcha answer lets the manuscript through."""
    from captcha.models import CaptchaStore

    settings.SUBMISSIONS_CAPTCHA_AFTER = 0
    page = client.get(SUBMIT)
    key = parse(page).select_one('input[name="captcha_0"]')["value"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    response = post(client, {**manuscript_data, "captcha_0": key, "captcha_1": answer})
    assert response.status_code == 302
    assert Manuscript.objects.count() == 1


def test_captcha_image_is_served_by_the_site(client, settings):
    """The captcha image is served by this site as a PNG."""
    settings.SUBMISSIONS_CAPTCHA_AFTER = 0
    image_url = parse(client.get(SUBMIT)).select_one("img.captcha-image")["src"]
    assert image_url.startswith("/captcha/image/")
    response = client.get(image_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_captcha_answer_box_has_its_own_label_and_help(client, settings):
    """Screen readers hear the label and the help text when they reach the answer box."""
    settings.SUBMISSIONS_CAPTCHA_AFTER = 0
    response = client.get(SUBMIT)
    page = parse(response)
    assert text(page.select_one('label[for="id_captcha_1"]')).startswith("验证码")
    box = page.select_one('input[name="captcha_1"]')
    assert box["type"] == "text" and box["id"] == "id_captcha_1"
    assert box["aria-describedby"] == "id_captcha_helptext"
    assert page.legend is None


def test_wrong_captcha_keeps_the_fields_and_asks_for_the_files_again(
    client, manuscript_data, settings
):
    """A wrong captcha keeps the fields, marks the box and asks for the files again."""
    settings.SUBMISSIONS_CAPTCHA_AFTER = 0
    response = post(client, {**manuscript_data, "captcha_0": "no-such-key", "captcha_1": "7"})
    assert_rejected_cleanly(response, settings, "captcha", "验证码错误")
    page = parse(response)
    box = page.select_one('input[name="captcha_1"]')
    assert box["aria-invalid"] == "true"
    assert "id_captcha_error" in box["aria-describedby"].split()
    assert page.select_one('input[name="title"]')["value"] == manuscript_data["title"]
    assert text(page.select_one('textarea[name="abstract"]')) == manuscript_data["abstract"]
    assert page.select_one('input[name="phone"]')["value"] == manuscript_data["phone"]
    assert any("请重新选择" in error for error in field_errors(response, "attachments"))
    file_input = page.select_one('input[type="file"]')
    assert file_input["aria-describedby"] == "id_attachments_helptext id_attachments_error"


def test_chosen_files_are_asked_for_again_after_any_error(client, manuscript_data, settings):
    """The browser empties the file input: the page says so next to it."""
    response = post(client, {**manuscript_data, "phone": "abc"})
    assert_rejected_cleanly(response, settings, "attachments", "请重新选择")


def test_a_valid_post_gets_no_choose_again_message(client, manuscript_data):
    """A valid post goes through without asking for the files again."""
    assert post(client, manuscript_data).status_code == 302


def test_rate_limit_refuses_with_429_and_keeps_the_text(client, manuscript_data, settings):
    """Past the rate limit a post gets 429 and keeps what was typed."""
    settings.SUBMISSIONS_RATE_LIMIT = 2
    settings.SUBMISSIONS_CAPTCHA_AFTER = 100
    post(client, manuscript_data)
    post(client, manuscript_data)
    response = post(client, manuscript_data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "尝试次数过多" in html
    assert manuscript_data["title"] in html
    assert Manuscript.objects.count() == 2


def test_rate_limit_is_per_client_address(manuscript_data, settings):
    """The rate limit counts per client address."""
    settings.SUBMISSIONS_RATE_LIMIT = 1
    settings.SUBMISSIONS_CAPTCHA_AFTER = 100
    assert post(Client(REMOTE_ADDR="127.0.0.2"), manuscript_data).status_code == 302
    assert post(Client(REMOTE_ADDR="127.0.0.3"), manuscript_data).status_code == 302
    assert post(Client(REMOTE_ADDR="127.0.0.3"), manuscript_data).status_code == 429


def test_success_page_without_a_submission_goes_back_to_the_form(client):
    """The success page without a submission sends back to the form."""
    response = client.get(reverse("submissions:submit-done"))
    assert response.status_code == 302
    assert response["Location"] == SUBMIT


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_submissions_get_unique_numbers(manuscript_data, settings):
    """50 concurrent valid posts: all stored, 50 distinct tracking numbers."""
    settings.SUBMISSIONS_RATE_LIMIT = 1000
    settings.SUBMISSIONS_CAPTCHA_AFTER = 1000
    barrier = threading.Barrier(50)
    statuses = []
    errors = []

    def send(index):
        from django.db import connections

        try:
            client = Client()
            barrier.wait(timeout=30)
            response = post(client, {**manuscript_data, "title": f"稿件 {index}"})
            statuses.append(response.status_code)
        except Exception as error:  # pragma: no cover (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert statuses == [302] * 50
    numbers = set(Manuscript.objects.values_list("tracking_number", flat=True))
    assert len(numbers) == 50
    assert ManuscriptAttachment.objects.count() == 50
    assert len(private_files(settings)) == 50
