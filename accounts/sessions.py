"""Staff session limits, kept in the session itself (the database session backend), so every
app server sees the same times: when the user logged in and when they were last seen.

- idle: no request for STAFF_SESSION_IDLE_SECONDS ends the session;
- absolute: STAFF_SESSION_ABSOLUTE_SECONDS after the login it ends whatever happens.

"Last seen" is written at most once a minute (a session save is an UPDATE), which is all
the precision a 30-minute limit needs. The admin's idle warning asks `remaining()` through
a view that does not count as activity.
"""

import time

from django.conf import settings

LOGIN_AT = "accounts_login_at"
SEEN_AT = "accounts_seen_at"
# Writing "last seen" more often than this buys nothing but UPDATEs.
SEEN_RESOLUTION = 60


def now():
    """Seconds since the epoch; tests move the clock by replacing this function."""
    return time.time()


def start(session):
    """At login: both clocks start now, and the cookie lives no longer than the session."""
    stamp = int(now())
    session[LOGIN_AT] = stamp
    session[SEEN_AT] = stamp
    session.set_expiry(settings.STAFF_SESSION_ABSOLUTE_SECONDS)


def remaining(session, at=None):
    """(idle seconds left, absolute seconds left); negative when over. Sessions from before
    this feature count from now."""
    at = now() if at is None else at
    login_at = session.get(LOGIN_AT, at)
    seen_at = session.get(SEEN_AT, at)
    return (
        settings.STAFF_SESSION_IDLE_SECONDS - (at - seen_at),
        settings.STAFF_SESSION_ABSOLUTE_SECONDS - (at - login_at),
    )


def expired(session, at=None):
    """None, "idle" or "absolute"."""
    idle, absolute = remaining(session, at)
    if absolute <= 0:
        return "absolute"
    if idle <= 0:
        return "idle"
    return None


def touch(session, at=None, force=False):
    """The user did something: note it (at most once a minute unless forced)."""
    at = int(now() if at is None else at)
    if LOGIN_AT not in session:
        session[LOGIN_AT] = at
    if force or at - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
        session[SEEN_AT] = at
