"""The 网站体检 page in the admin: the last run, its date, a button to run again, a trend;
for 审核 and above only."""

import pytest
from django.urls import reverse

from health import services
from health.models import HealthRun
from tests import factories
from tests.soup import parse

pytestmark = pytest.mark.django_db

REPORT = "admin:health_healthrun_changelist"


def test_reviewer_sees_the_report_with_its_date_and_a_button(channel, reviewer, message):
    """The page shows the verdict, when it was computed, each check and the button."""
    message(95, subject="三个月前的留言")
    health_run = services.run()
    page = parse(reviewer.get(reverse(REPORT)))
    verdict = page.select_one("#health-verdict").get_text()
    assert "不合格" in verdict
    assert f"{health_run.started_at:%Y}" in page.select_one(".health-meta").get_text()
    messages = page.select_one("#check-messages")
    assert "三个月前的留言" in messages.get_text()
    answer = reverse(
        "admin:submissions_message_change", args=[health_run.report["checks"][2]["items"][0]["pk"]]
    )
    assert messages.select_one(f'a[href^="{answer}"]') is not None
    assert page.select_one(f'form[action="{reverse("admin:health_healthrun_run")}"] button')


def test_the_button_runs_the_check_again(channel, reviewer):
    """Posting the button stores a new run started by the reviewer and shows it."""
    response = reviewer.post(reverse("admin:health_healthrun_run"))
    assert response.status_code == 302
    assert HealthRun.objects.get().user == reviewer.user


def test_the_trend_draws_one_point_per_run(channel, reviewer):
    """The trend chart is an SVG with one point per run, the failed runs marked."""
    services.run()
    factories.make_article(channel, body='<a href="/gone/">x</a>')
    services.run()
    page = parse(reviewer.get(reverse(REPORT)))
    svg = page.select_one(".health-trend svg")
    assert len(svg.select("circle")) == 2
    assert svg.select("circle title")[1].get_text().endswith("：1")


def test_channel_types_are_shown(channel, reviewer):
    """The channels table names each channel's type and state."""
    factories.make_channel("政策法规", "policy", kind="policy")
    services.run()
    table = parse(reviewer.get(reverse(REPORT))).select_one("#check-channels table")
    rows = [
        [cell.get_text(strip=True) for cell in row.select("td")] for row in table.select("tbody tr")
    ]
    assert rows[1][:2] == ["政策法规", "政策"] and rows[1][-1] == "空栏目"


def test_editors_and_the_message_desk_may_not_see_it(editor, django_user_model):
    """The page needs the permission the reviewers' group has (roles table)."""
    from tests.editors.conftest import role_client

    desk = role_client(django_user_model, "留言管理", "desk")
    for client in (editor, desk):
        assert client.get(reverse(REPORT)).status_code in (403, 404)
        assert client.post(reverse("admin:health_healthrun_run")).status_code in (403, 404)
    assert HealthRun.objects.count() == 0


def test_the_admin_index_lists_both_pages_for_a_reviewer(reviewer):
    """网站体检 and 统计 appear in the admin's index for a reviewer."""
    index = parse(reviewer.get(reverse("admin:index")))
    links = {a.get_text(strip=True) for a in index.select("#content-main a")}
    assert {"网站体检", "统计"} <= links
