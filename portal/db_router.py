"""Read replica routing: reads of public pages go to the replica, all else to the primary.

Configured by `DATABASE_REPLICA_URL` (settings.py adds the "replica" database, this router
and the middleware). A request is public when it is a GET or HEAD without a session
cookie outside the admin: anonymous readers, whose pages tolerate the replica's lag of a
moment. Staff (session cookie), every POST and everything outside a request (management
commands, the view counter's flush) read and write on the primary, so an editor always
sees what was just saved.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_public_read = ContextVar("portal_public_read", default=False)


def is_public_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/" + settings.ADMIN_URL)
    )


class ReplicaRoutingMiddleware:
    """Marks the request's reads as public (replica) or not (primary) for ReplicaRouter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class ReplicaRouter:
    @staticmethod
    def replica_available():
        return REPLICA in settings.DATABASES

    def db_for_read(self, model, **hints):
        if _public_read.get() and self.replica_available():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica copies the primary
