import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.models import Message, MessageCategory
from tests.soup import parse, text

from .factories import csrf_client, make_message, post_with_csrf

pytestmark = pytest.mark.django_db

NEW = "/messages/new/"
LIST = "/messages/"
LOOKUP = "/messages/lookup/"


def test_message_urls_match_the_site_chrome():
    """The message addresses are the ones the chrome links to."""
    assert reverse("submissions:message-create") == NEW
    assert reverse("submissions:message-list") == LIST


def test_header_and_footer_link_to_the_message_form(client):
    """The page chrome links to the message form."""
    html = client.get("/").content.decode()
    assert f'href="{NEW}"' in html


def test_message_sent_through_csrf_checked_client_shows_number_and_code(message_data):
    """A sent message shows its number and a working 留言码, and waits for moderation."""
    response = post_with_csrf(csrf_client(), NEW, message_data, follow=True)
    html = response.content.decode()
    message = Message.objects.get()
    assert message.number in html
    code = text(parse(html).select_one("#query-code"))
    assert message.check_query_code(code)
    assert message.state == Message.State.PENDING


def test_query_code_is_not_stored_in_clear(client, message_data):
    """The 留言码 is stored hashed, never in clear."""
    client.post(NEW, message_data, follow=True)
    code = text(parse(client.get(reverse("submissions:message-done"))).select_one("#query-code"))
    assert code not in Message.objects.get().query_code_hash


def test_new_message_is_routed_to_its_category_department(client, message_data):
    """A new message is mailed to its category's department."""
    client.post(NEW, message_data)
    assert [m.to for m in mail.outbox] == [["advice@example.org"]]
    assert Message.objects.get().number in mail.outbox[0].subject


def test_category_without_address_goes_to_the_editors(client, message_data, category, settings):
    """A message of a category without an address goes to the editors."""
    settings.EDITORS_EMAIL = "editors@example.org"
    category.email = ""
    category.save()
    client.post(NEW, message_data)
    assert mail.outbox[0].to == ["editors@example.org"]


def test_pending_message_is_not_listed(client, category):
    """A message waiting for moderation is not listed."""
    make_message(category, subject="待审核的留言", agree_to_publish=True)
    assert "待审核的留言" not in client.get(LIST).content.decode()


def test_approved_message_with_consent_is_listed_with_reply(client, category):
    """An approved message whose writer agreed is listed with its reply."""
    make_message(
        category,
        subject="公开的留言",
        agree_to_publish=True,
        state=Message.State.APPROVED,
        reply="感谢您的建议。",
    )
    html = client.get(LIST).content.decode()
    assert "公开的留言" in html
    assert "感谢您的建议。" in html


def test_approved_message_without_consent_is_not_listed(client, category):
    """An approved message whose writer did not agree is not listed."""
    make_message(category, subject="不愿公开", agree_to_publish=False, state=Message.State.APPROVED)
    assert "不愿公开" not in client.get(LIST).content.decode()


def test_rejected_message_is_not_listed(client, category):
    """A rejected message is not listed."""
    make_message(category, subject="被拒绝", agree_to_publish=True, state=Message.State.REJECTED)
    assert "被拒绝" not in client.get(LIST).content.decode()


def test_contact_is_never_shown(client, category):
    """A writer's contact is never shown."""
    make_message(
        category,
        contact="13912345678",
        agree_to_publish=True,
        state=Message.State.APPROVED,
    )
    assert "13912345678" not in client.get(LIST).content.decode()


def test_xss_in_a_message_is_rendered_escaped(client, category):
    """Markup in a message is shown escaped."""
    make_message(
        category,
        subject="<img src=x onerror=alert(1)>",
        content="<script>alert('x')</script>",
        agree_to_publish=True,
        state=Message.State.APPROVED,
    )
    html = client.get(LIST).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x" not in html


def test_list_is_newest_first_and_paginated(client, category):
    """The message list is newest first, ten a page."""
    for index in range(12):
        make_message(category, subject=f"留言{index:02d}", agree_to_publish=True, state="approved")
    first_page = client.get(LIST)
    subjects = [m.subject for m in first_page.context["messages_page"]]
    assert subjects[0] == "留言11"
    assert len(subjects) == 10
    second_page = client.get(LIST, {"page": 2})
    assert [m.subject for m in second_page.context["messages_page"]] == ["留言01", "留言00"]


def test_list_is_filtered_by_category(client, category):
    """The message list filters by category."""
    other = MessageCategory.objects.create(name="投诉", slug="complaint")
    make_message(category, subject="一条建议", agree_to_publish=True, state="approved")
    make_message(other, subject="一条投诉", agree_to_publish=True, state="approved")
    html = client.get(LIST, {"category": "complaint"}).content.decode()
    assert "一条投诉" in html
    assert "一条建议" not in html


@pytest.mark.parametrize("query", [{"category": "<x>"}, {"category": "x" * 500}, {"page": "9"}])
@pytest.mark.usefixtures("category")
def test_bad_list_parameters_never_cause_a_500(client, query):
    """Bad list parameters never cause a 500."""
    assert client.get(LIST, query).status_code in {200, 404}


def test_list_query_count_does_not_grow_with_messages(client, category):
    """The message list costs the same queries for 1 or 9 messages."""
    client.get(LIST)  # warms the site chrome cache
    make_message(category, agree_to_publish=True, state="approved")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    other = MessageCategory.objects.create(name="咨询", slug="question")
    for _ in range(8):
        make_message(other, agree_to_publish=True, state="approved")
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(few) == len(many)


def test_writer_reads_the_reply_with_number_and_code_even_unpublished(client, category):
    """With number and 留言码 a writer reads the reply, even to an unlisted message."""
    message = make_message(category, code="QWER5678", reply="已转交相关部门处理。")
    response = client.post(LOOKUP, {"number": message.number, "query_code": "qwer5678"})
    html = response.content.decode()
    assert "已转交相关部门处理。" in html
    assert message.subject in html


def test_lookup_through_csrf_checked_client(category):
    """The message lookup works through a CSRF-checked client."""
    message = make_message(category, code="QWER5678")
    data = {"number": message.number, "query_code": "QWER5678"}
    response = post_with_csrf(csrf_client(), LOOKUP, data)
    assert message.subject in response.content.decode()


def test_wrong_code_answers_like_an_unknown_number(client, category):
    """A wrong 留言码 gets the same answer as an unknown number."""
    message = make_message(category, code="QWER5678")
    wrong = client.post(LOOKUP, {"number": message.number, "query_code": "ZZZZ2222"})
    unknown = client.post(LOOKUP, {"number": "LY20990101-ZZZZZZ", "query_code": "ZZZZ2222"})
    assert wrong.status_code == unknown.status_code == 200
    assert message.subject not in wrong.content.decode()
    assert "没有与该留言编号和留言码相符的留言" in wrong.content.decode()
    assert "没有与该留言编号和留言码相符的留言" in unknown.content.decode()


def test_message_lookups_are_rate_limited(client, category, settings):
    """Message lookups are rate limited, even with the right code."""
    settings.SUBMISSIONS_LOOKUP_LIMIT = 2
    message = make_message(category, code="QWER5678")
    for _ in range(2):
        client.post(LOOKUP, {"number": message.number, "query_code": "BAD22222"})
    response = client.post(LOOKUP, {"number": message.number, "query_code": "QWER5678"})
    assert response.status_code == 429
    assert message.subject not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("subject", "", "这个字段是必须的"),
        ("subject", "\u3000 \u200b ", "这个字段是必须的"),
        ("content", "字" * 2001, "2000"),
        ("content", "内容\x00", "空字符"),
        ("name", "名" * 51, "50"),
        ("category", "999", "选择一个有效的选项"),
        ("category", "abc", "选择一个有效的选项"),
    ],
)
def test_bad_message_input_gets_a_chinese_error(client, message_data, field, value, text):
    """Bad message input gets a Chinese error, stores nothing and keeps what was typed."""
    response = client.post(NEW, {**message_data, field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(text in error for error in errors), errors
    assert not Message.objects.exists()
    assert message_data["contact"] in response.content.decode()


def test_emoji_and_xss_are_kept_as_plain_text(client, message_data):
    """Emoji and markup in a message are stored as typed."""
    content = "园区环境很好👍<b>加油</b>"
    client.post(NEW, {**message_data, "content": content})
    assert Message.objects.get().content == content


def test_honeypot_blocks_the_message(client, message_data):
    """A filled honeypot stores no message."""
    response = client.post(NEW, {**message_data, "website": "x"})
    assert response.status_code == 200
    assert not Message.objects.exists()


def test_message_posts_are_rate_limited(client, message_data, settings):
    """Message posts are rate limited."""
    settings.SUBMISSIONS_RATE_LIMIT = 1
    settings.SUBMISSIONS_CAPTCHA_AFTER = 100
    client.post(NEW, message_data)
    response = client.post(NEW, message_data)
    assert response.status_code == 429
    assert Message.objects.count() == 1


def test_inactive_category_is_not_offered(client, category, message_data):
    """An inactive category cannot be chosen."""
    category.active = False
    category.save()
    response = client.post(NEW, message_data)
    assert "category" in response.context["form"].errors
