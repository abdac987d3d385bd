"""Read replica routing: reads of public pages go to the replica, all else to the primary.

Configured by `DATABASE_REPLICA_URL` (settings.py adds the "replica" database, this router
and the middleware). A request is public when it is a GET or HEAD without a session
cookie outside the admin: anonymous readers, whose pages tolerate the replica's lag of a
moment. Staff (session cookie), every POST and everything outside a request (management
commands, the view counter's flush) read and write on the primary, so an editor always
sees what was just saved.

Two rules keep the replica's lag out of what readers see and out of every cache:

- **A lagging replica is not read.** Before a request's first read, the replica's
  generation row (portal.generation) is compared with the primary's: the row moves in the
  same transaction as every change of public content, so a replica whose row has caught up
  has replayed every change committed before the request began. Otherwise the request
  reads the primary. A page rendered from the replica is therefore never stored under a
  generation whose changes it lacks.
- **Who wrote reads their writes.** A reader's POST (a message, a manuscript) pins their
  reads to the primary for PRIMARY_PIN_SECONDS through a cookie, which also keeps their
  pages out of the page cache; staff carry a session and always read the primary.
"""

from contextvars import ContextVar

from django.conf import settings

from portal import generation

REPLICA = "replica"
# Per request: None (not a public read), "unchecked", "replica" or "primary".
_public_read = ContextVar("portal_public_read", default=None)


def is_public_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.PRIMARY_PIN_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/" + settings.ADMIN_URL)
    )


class ReplicaRoutingMiddleware:
    """Marks the request's reads as public (replica) or not (primary) for ReplicaRouter,
    and pins a reader who posted to the primary for a moment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set("unchecked" if is_public_read(request) else None)
        try:
            response = self.get_response(request)
        finally:
            _public_read.reset(token)
        if request.method == "POST" and not request.path.startswith("/" + settings.ADMIN_URL):
            response.set_cookie(
                settings.PRIMARY_PIN_COOKIE_NAME,
                "1",
                max_age=settings.PRIMARY_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


class ReplicaRouter:
    @staticmethod
    def replica_available():
        return REPLICA in settings.DATABASES

    def db_for_read(self, model, **hints):
        state = _public_read.get()
        if state is None or not self.replica_available():
            return "default"
        if state == "unchecked":
            state = REPLICA if generation.replica_is_current(REPLICA) else "primary"
            _public_read.set(state)
        return REPLICA if state == REPLICA else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica copies the primary
