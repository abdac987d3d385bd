import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from submissions.models import Manuscript, StatusChange
from tests.factories import make_article
from tests.soup import texts

from .factories import csrf_client, make_manuscript, post_with_csrf

pytestmark = pytest.mark.django_db

STATUS = "/submit/status/"


def lookup(client, number, email):
    return client.post(STATUS, {"tracking_number": number, "email": email})


def without_csrf_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_right_pair_shows_title_status_and_reply(client):
    """The right number and e-mail show the title, status and reply."""
    manuscript = make_manuscript(reply="稿件质量较高，已转交复审。")
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    html = response.content.decode()
    assert response.status_code == 200
    assert manuscript.title in html
    assert "已收稿" in html
    assert "稿件质量较高，已转交复审。" in html


def test_lookup_through_csrf_checked_client():
    """The status lookup works through a CSRF-checked client."""
    manuscript = make_manuscript()
    data = {"tracking_number": manuscript.tracking_number, "email": manuscript.email}
    response = post_with_csrf(csrf_client(), STATUS, data)
    assert response.status_code == 200
    assert manuscript.title in response.content.decode()


def test_lookup_ignores_case_and_spaces(client):
    """The lookup ignores case and surrounding spaces."""
    manuscript = make_manuscript()
    response = lookup(client, f" {manuscript.tracking_number.lower()} ", "ZhangWei@Example.org")
    assert manuscript.title in response.content.decode()


def test_wrong_email_answers_exactly_like_an_unknown_number(client):
    """Nobody can learn whether a tracking number exists without its e-mail."""
    manuscript = make_manuscript()
    wrong_email = lookup(client, manuscript.tracking_number, "someone@example.org")
    unknown = lookup(client, "TG20990101-ZZZZZZ", "someone@example.org")
    assert wrong_email.status_code == unknown.status_code == 200
    assert wrong_email.templates[0].name == unknown.templates[0].name
    number = manuscript.tracking_number
    assert without_csrf_tokens(wrong_email.content.decode()).replace(number, "N") == (
        without_csrf_tokens(unknown.content.decode()).replace("TG20990101-ZZZZZZ", "N")
    )
    assert manuscript.title not in wrong_email.content.decode()
    assert "没有与该稿件编号和电子邮箱相符的稿件" in unknown.content.decode()


def test_another_contributors_manuscript_is_never_shown(client):
    """Another contributor's manuscript is never shown."""
    mine = make_manuscript(email="me@example.org", title="我的稿件")
    other = make_manuscript(email="other@example.org", title="别人的稿件")
    html = lookup(client, mine.tracking_number, "me@example.org").content.decode()
    assert "我的稿件" in html
    assert other.title not in html
    assert other.tracking_number not in html


def test_lookups_are_rate_limited(client, settings):
    """Status lookups are rate limited, even with the right pair."""
    settings.SUBMISSIONS_LOOKUP_LIMIT = 3
    for _ in range(3):
        assert lookup(client, "TG20990101-ZZZZZZ", "a@example.org").status_code == 200
    manuscript = make_manuscript()
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    assert response.status_code == 429
    assert manuscript.title not in response.content.decode()
    assert "尝试次数过多" in response.content.decode()


def test_invalid_lookup_input_gets_field_errors_not_500(client):
    """Invalid lookup input gets field errors, not a 500."""
    response = client.post(STATUS, {"tracking_number": "x" * 500 + "\x00", "email": "nope"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "tracking_number" in form.errors
    assert "email" in form.errors


def test_timeline_shows_each_reached_step_with_its_date(client):
    """The timeline shows each step reached with its date, and the steps to come."""
    manuscript = make_manuscript()
    first = timezone.now() - timedelta(days=3)
    StatusChange.objects.filter(manuscript=manuscript).update(changed_at=first)
    manuscript.status = Manuscript.Status.FIRST_REVIEW
    manuscript.save()
    StatusChange.objects.create(
        manuscript=manuscript,
        status=Manuscript.Status.FIRST_REVIEW,
        changed_at=timezone.now() - timedelta(days=1),
    )
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    timeline = response.context["timeline"]
    assert [step["label"] for step in timeline] == ["已收稿", "初审", "复审", "已录用", "已刊发"]
    assert [step["state"] for step in timeline] == ["done", "current", "todo", "todo", "todo"]
    assert timeline[0]["date"] == first
    assert timeline[2]["date"] is None
    assert timezone.localtime(first).strftime("%Y-%m-%d") in response.content.decode()


def test_rejected_manuscript_ends_at_not_accepted(client):
    """A rejected manuscript's timeline ends at 未录用."""
    manuscript = make_manuscript(status=Manuscript.Status.REJECTED)
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    labels = [step["label"] for step in response.context["timeline"]]
    assert labels[-1] == "未录用"
    assert "已刊发" not in labels


def test_lookup_query_count_does_not_grow_with_history(client):
    """A lookup costs at most three queries, however long the history (not counting the
    shared rate-limit counter and the generation read, which are the same for every lookup)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    short = make_manuscript()
    long = make_manuscript()
    for status in ["first_review", "second_review", "accepted", "published"] * 3:
        StatusChange.objects.create(manuscript=long, status=status)
    client.get(STATUS)  # warms the site chrome cache
    counts = []
    for manuscript in (short, long):
        with CaptureQueriesContext(connection) as queries:
            lookup(client, manuscript.tracking_number, manuscript.email)
        counts.append(
            len(
                [
                    q
                    for q in queries
                    if not any(
                        word in q["sql"]
                        for word in ("portal_generation", "portal_sharedcounter", "SAVEPOINT")
                    )
                ]
            )
        )
    assert counts[0] == counts[1] <= 3


def test_published_article_is_linked_and_its_page_opens(client, channel):
    """A published manuscript links to its article, which opens."""
    article = make_article(channel, status=Article.Status.PUBLISHED)
    manuscript = make_manuscript(status=Manuscript.Status.PUBLISHED, article=article)
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    url = reverse("articles:detail", args=[article.pk])
    assert f'href="{url}"' in response.content.decode()
    assert "阅读已刊发的文章" in response.content.decode()
    assert client.get(url).status_code == 200


def test_unpublished_article_is_not_linked(client, channel):
    """An unpublished article is not linked."""
    article = make_article(channel, status=Article.Status.DRAFT)
    manuscript = make_manuscript(status=Manuscript.Status.ACCEPTED, article=article)
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    assert reverse("articles:detail", args=[article.pk]) not in response.content.decode()
    assert "阅读已刊发的文章" not in response.content.decode()


def test_scheduled_article_is_not_linked_yet(client, channel):
    """A scheduled article is not linked, and the manuscript is not yet 已刊发."""
    article = make_article(
        channel,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + timedelta(days=1),
    )
    manuscript = make_manuscript(status=Manuscript.Status.ACCEPTED, article=article)
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    assert "阅读已刊发的文章" not in response.content.decode()
    assert response.context["timeline"][-1]["state"] == "todo"
    assert response.context["current_status"] == Manuscript.Status.ACCEPTED


def test_manuscript_shows_as_published_once_its_article_is_public(client, channel):
    """No save and no job: the article's publish time alone moves the manuscript to 已刊发."""
    publish_at = timezone.now() - timedelta(hours=2)
    article = make_article(channel, status=Article.Status.PUBLISHED, publish_at=publish_at)
    manuscript = make_manuscript(status=Manuscript.Status.ACCEPTED, article=article)
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    timeline = response.context["timeline"]
    assert [step["state"] for step in timeline][-2:] == ["done", "current"]
    assert timeline[-1]["label"] == "已刊发"
    assert timeline[-1]["date"] == publish_at
    assert texts(response, ".status-current") == ["已刊发"]
    manuscript.refresh_from_db()
    assert manuscript.status == Manuscript.Status.ACCEPTED


def test_withdrawn_article_takes_the_manuscript_back_to_its_stored_status(client, channel):
    """A withdrawn article takes the manuscript back to its stored status."""
    article = make_article(channel, status=Article.Status.PUBLISHED)
    manuscript = make_manuscript(status=Manuscript.Status.ACCEPTED, article=article)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    assert response.context["current_status"] == Manuscript.Status.ACCEPTED
    assert texts(response, ".status-current") == ["已录用"]


def test_magazine_issue_link_is_shown(client):
    """A manuscript's magazine link is shown."""
    manuscript = make_manuscript(magazine_url="https://example.org/magazine/2026-11")
    response = lookup(client, manuscript.tracking_number, manuscript.email)
    assert 'href="https://example.org/magazine/2026-11"' in response.content.decode()
