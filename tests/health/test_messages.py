"""留言: unanswered messages are listed after 5 working days and fail the site after 90 days."""

import datetime

import pytest
from django.utils import timezone

from health import checks

pytestmark = pytest.mark.django_db

# A Friday at 10:00 in the site's time zone, so working days do not depend on today.
FRIDAY = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=timezone.get_default_timezone())


def at(days_before):
    return FRIDAY - datetime.timedelta(days=days_before)


def test_a_message_of_91_days_fails_the_site(message):
    """One message unanswered for 91 days fails the site, with a link to answer it."""
    old = message(sent=at(91), subject="关于统计数据")
    result = checks.check_messages(FRIDAY)
    assert result["failed"]
    item = result["items"][0]
    assert (item["pk"], item["state"], item["age_days"]) == (old.pk, "fail", 91)


def test_four_working_days_pass_and_six_are_listed(message):
    """Sent on Monday, by Friday it waited 4 working days: not listed. Sent the Thursday
    before, 6 working days (the weekend does not count): listed, but no veto."""
    message(sent=at(4), subject="周一的留言")  # Monday 2026-11-30
    waited = message(sent=at(8), subject="上周四的留言")  # Thursday 2026-11-26
    result = checks.check_messages(FRIDAY)
    assert [item["pk"] for item in result["items"]] == [waited.pk]
    assert result["items"][0]["working_days"] == 6
    assert result["items"][0]["state"] == "warn" and not result["failed"]


def test_answered_and_rejected_messages_are_not_listed(message):
    """An answered message and a rejected one (spam needs no answer) are not listed."""
    message(sent=at(120), reply="感谢您的建议。")
    message(sent=at(120), state="rejected")
    result = checks.check_messages(FRIDAY)
    assert result["items"] == [] and not result["failed"]


def test_working_days_skip_weekends():
    """Friday to the next Monday is one working day; a whole week is five."""
    friday = datetime.date(2026, 12, 4)
    assert checks.working_days_between(friday, friday + datetime.timedelta(days=3)) == 1
    assert checks.working_days_between(friday, friday + datetime.timedelta(days=7)) == 5
    assert checks.working_days_between(friday, friday) == 0
