"""Read replica routing: anonymous public reads to the replica, staff and writes to the primary."""

import os
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from config.db_router import ReplicaRouter, ReplicaRoutingMiddleware
from portal import generation


@pytest.fixture
def with_replica(settings, monkeypatch):
    """A replica as configured and caught up (the router only needs to know both)."""
    monkeypatch.setattr(ReplicaRouter, "replica_available", staticmethod(lambda: True))
    monkeypatch.setattr(generation, "replica_is_current", lambda alias: True)
    return settings


def read_database(request):
    """The database the router picks for a read made while `request` is handled."""
    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Article))
        return HttpResponse()

    ReplicaRoutingMiddleware(view)(request)
    return seen[0]


def test_anonymous_public_reads_go_to_the_replica(with_replica):
    """A reader's GET (no session) reads from the replica."""
    assert read_database(RequestFactory().get("/channels/news/")) == "replica"
    assert read_database(RequestFactory().head("/")) == "replica"


def test_a_lagging_replica_is_not_read(with_replica, monkeypatch):
    """A replica whose generation row has not caught up with the primary's is skipped for
    the whole request: a page is never rendered from data older than its generation."""
    asked = []

    def lagging(alias):
        asked.append(alias)
        return False

    monkeypatch.setattr(generation, "replica_is_current", lagging)
    seen = []

    def view(request):
        seen.extend(ReplicaRouter().db_for_read(Article) for _ in range(3))
        return HttpResponse()

    ReplicaRoutingMiddleware(view)(RequestFactory().get("/channels/news/"))
    assert seen == ["default"] * 3
    assert asked == ["replica"]  # checked once per request, on its first read


def test_a_reader_who_posted_reads_the_primary_for_a_moment(with_replica):
    """A POST pins its sender to the primary through a short-lived cookie."""
    factory = RequestFactory()
    response = ReplicaRoutingMiddleware(lambda request: HttpResponse())(
        factory.post("/messages/new/")
    )
    pin = response.cookies[with_replica.PRIMARY_PIN_COOKIE_NAME]
    assert pin["max-age"] == with_replica.PRIMARY_PIN_SECONDS and pin["httponly"]
    after = factory.get("/messages/")
    after.COOKIES[with_replica.PRIMARY_PIN_COOKIE_NAME] = "1"
    assert read_database(after) == "default"


def test_staff_posts_and_the_admin_read_from_the_primary(with_replica):
    """Anyone with a session, any POST, and the admin see the primary: no replica lag."""
    factory = RequestFactory()
    staff = factory.get("/articles/1/")
    staff.COOKIES[with_replica.SESSION_COOKIE_NAME] = "abc"
    assert read_database(staff) == "default"
    assert read_database(factory.post("/messages/new/")) == "default"
    assert read_database(factory.get("/" + with_replica.ADMIN_URL)) == "default"


def test_writes_and_work_outside_requests_use_the_primary(with_replica):
    """Writes always go to the primary; so do reads outside a request (commands, flushes)."""
    router = ReplicaRouter()
    assert router.db_for_write(Article) == "default"
    assert router.db_for_read(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_without_a_replica_everything_reads_the_primary(settings):
    """With no replica configured the router never names one."""
    assert "replica" not in settings.DATABASES
    assert read_database(RequestFactory().get("/")) == "default"


def test_database_replica_url_configures_the_replica_router_and_middleware():
    """DATABASE_REPLICA_URL adds the database, the router and its middleware."""
    code = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.DATABASES['replica']['NAME'], s.DATABASE_ROUTERS, "
        "'config.db_router.ReplicaRoutingMiddleware' in s.MIDDLEWARE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_REPLICA_URL": "postgres://reader:pw@replica.example:5432/portal",
    }
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["portal", "['config.db_router.ReplicaRouter']", "True"]
