"""`manage.py site_health`: the 网站体检 report, for people or (--json) for monitoring.

Exit status: 0 when no veto item (单项否决) fails, 1 when one does, 2 on a usage error.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from health import services
from health.checks import CHECKS, STATE_LABELS, thresholds


def when(iso):
    """2026-12-07T03:11+08:00 as 2026-12-07 03:11 (the site's time zone)."""
    return (iso or "")[:16].replace("T", " ")


class Command(BaseCommand):
    help = (
        "Site health check (网站体检): freshness of the home page and channels, unanswered "
        "messages, links, accessibility and words. Exits with 1 when a veto item fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--external",
            action="store_true",
            help="Also check external links over HTTP (timeouts, per-host limits).",
        )
        parser.add_argument(
            "--list-checks", action="store_true", help="Print the checks and their thresholds."
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            if options["list_checks"]:
                for key, text in thresholds():
                    self.stdout.write(f"{CHECKS[key].title}：{text}")
                return
            run = services.run(external=options["external"])
            if options["json"]:
                payload = {"run": run.pk, **run.report}
                self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            else:
                self.write_text(run)
        if not run.passed:
            raise SystemExit(1)

    def write_text(self, run):
        report = run.report
        out = self.stdout
        verdict = (
            _("passed")
            if run.passed
            else _("FAILED (%(count)s veto items)") % {"count": run.vetoes}
        )
        out.write(
            _("Site health %(time)s, %(seconds)s s: %(verdict)s, %(problems)s problems")
            % {
                "time": str(run),
                "seconds": f"{run.duration:.1f}",
                "verdict": verdict,
                "problems": run.problems,
            }
        )
        for check in report["checks"]:
            meta = CHECKS[check["key"]]
            mark = "✗" if check["failed"] else ("!" if check["count"] else "✓")
            veto = _("[veto] ") if meta.veto else ""
            out.write(f"\n{mark} {veto}{meta.title}：{check['count']}")
            for item in check["items"][:20]:
                out.write("    " + self.describe(check["key"], item))
            if check["count"] > 20:
                out.write("    " + _("… and %(count)s more") % {"count": check["count"] - 20})

    @staticmethod
    def describe(key, item):
        state = str(STATE_LABELS.get(item.get("state"), ""))
        if key == "home":
            if item.get("state") == "empty":
                return _("no article is visible")
            return _("%(title)s (%(time)s, %(days)s days old)") % {
                "title": item["title"],
                "time": when(item["newest"]),
                "days": item["age_days"],
            }
        if key == "channels":
            age = (
                _("%(days)s days old") % {"days": item["age_days"]}
                if item["age_days"] is not None
                else ""
            )
            return f"{item['name']}（{item['kind_label']}）：{state}" + (f"，{age}" if age else "")
        if key == "messages":
            return _(
                "%(number)s %(title)s (sent %(time)s, %(days)s days, %(working)s working "
                "days) %(state)s"
            ) % {
                "number": item["number"],
                "title": item["title"],
                "time": when(item["sent"]),
                "days": item["age_days"],
                "working": item["working_days"],
                "state": state,
            }
        if key == "external":
            status = item["status"] or item["error"]
            return f"{item['url']} → {status}"
        if key == "words":
            return f"{item['word']}（{item['level']}）{item['title']}：{item['context']}"
        target = item.get("url") or item.get("target", "")
        return f"{item.get('title', '')}：{target} {item['message']}"
