"""Running the site health check and keeping its result (`manage.py site_health`, the
网站体检 page's button)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .checks import EXTERNAL, run_checks
from .models import HealthRun

# Runs kept: a year of daily runs, for the trend.
RUNS_KEPT = 400


def run(*, external=False, user=None, now=None, checker=None):
    """Compute every check and store the run; returns the HealthRun."""
    now = now or timezone.now()
    report = run_checks(now=now, external=external, checker=checker)
    with transaction.atomic():
        health_run = HealthRun.objects.create(
            started_at=now,
            duration=report["duration"],
            passed=report["passed"],
            vetoes=report["vetoes"],
            problems=report["problems"],
            external=external,
            user=user,
            report=report,
        )
        old = HealthRun.objects.order_by("-started_at", "-id").values_list("pk", flat=True)[
            RUNS_KEPT:
        ]
        HealthRun.objects.filter(pk__in=list(old)).delete()
    return health_run


def latest_run():
    return HealthRun.objects.order_by("-started_at", "-id").first()


def trend(count=None):
    """The last runs, oldest first: (started_at, problems, vetoes, passed)."""
    count = count or settings.HEALTH_RUNS_SHOWN
    rows = HealthRun.objects.order_by("-started_at", "-id").values_list(
        "started_at", "problems", "vetoes", "passed"
    )[:count]
    return list(reversed(rows))


def https_hosts():
    """Hosts the last external link check found answering over https (for the editors'
    "use https://" rule, see portal.contentcheck.register_https_hosts)."""
    run = (
        HealthRun.objects.filter(external=True)
        .order_by("-started_at", "-id")
        .only("report")
        .first()
    )
    if run is None:
        return set()
    for check in run.check_results():
        if check.get("key") == EXTERNAL:
            return set(check.get("https_hosts", []))
    return set()
