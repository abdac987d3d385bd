"""manage.py site_health: text for people, JSON for monitoring, exit status for alarms."""

import io
import json

import pytest
from django.core.management import call_command

from health.models import HealthRun
from tests import factories

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("site_health", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_exit_status_is_0_when_no_veto_item_fails(channel):
    """An up-to-date site exits 0 and says it passed, in Chinese."""
    status, output = run()
    assert status == 0
    assert "通过" in output and "首页更新" in output


def test_exit_status_is_1_when_a_veto_item_fails(channel, message):
    """A message unanswered for 91 days fails the site: exit 1, and the run is kept."""
    message(91, subject="久未答复")
    status, output = run()
    assert status == 1
    assert "久未答复" in output
    assert HealthRun.objects.get().passed is False


def test_a_broken_link_alone_does_not_fail_the_site(channel):
    """Broken links lose points but are no veto: exit 0, the link listed."""
    factories.make_article(channel, body='<a href="/channels/gone/">旧栏目</a>')
    status, output = run()
    assert status == 0 and "/channels/gone/" in output


def test_json_for_monitoring(channel):
    """--json prints the whole report: every check with its count and items."""
    factories.make_article(factories.make_channel("旧闻", "old"), publish_at=days_ago(30))
    status, output = run("--json")
    report = json.loads(output)
    assert status == 0 and report["passed"] is True
    keys = [check["key"] for check in report["checks"]]
    assert keys == ["home", "channels", "messages", "links", "accessibility", "words"]
    channels = next(check for check in report["checks"] if check["key"] == "channels")
    assert [item["name"] for item in channels["items"]] == ["旧闻"]
    assert report["run"] == HealthRun.objects.get().pk


def test_list_of_checks_and_thresholds(db):
    """--list-checks names every check with its threshold and runs nothing."""
    status, output = run("--list-checks")
    assert status == 0 and HealthRun.objects.count() == 0
    assert "14 天" in output and "90 天" in output and "5 个工作日" in output
