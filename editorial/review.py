"""Review stages (初审 / 复审 / 终审), sign-off links, scheduled changes and review comments,
for any kind of content that keeps revisions.

A content app passes in what it knows, so this module imports no content app:

    stage = review.next_stage(revision, stages=3)
    review.approve(request, article, revision, stages=3, authors={editor}, note="")
    review.send_back(request, article, revision, stages=3, note="…")
    link, token = review.create_signoff_link(request, article, revision, hours=48)
    review.schedule(request, article, revision, at)      # applied by apply_due_changes()
    review.register_applier(Article, publish_scheduled)   # from AppConfig.ready()

The change under review is one `Revision`: a new approval is needed whenever the content
changes (a new revision), so an approval never covers text its reviewer did not see.

Separation of duties: nobody approves their own change (`authors`), nobody approves two
stages of the same change; a superuser may override either only with a written reason,
which the step and the audit log keep.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import pagecache

from . import audit
from .models import STAGE_NAMES, ReviewComment, ReviewStep, ScheduledChange, SignoffLink

MAX_STAGES = 3
DEFAULT_LINK_HOURS = 48
MAX_LINK_HOURS = 24 * 14
# The permission a stage asks for, besides the content's own publish permission at the
# final stage. Groups 初审 / 复审 / 终审 hold them (editorial migration 0004).
STAGE_PERMISSIONS = {
    "first": "editorial.review_first",
    "second": "editorial.review_second",
    "final": "editorial.review_final",
}


class ReviewRefused(Exception):
    """A decision this user may not take now; the message says why, in the interface language."""


@dataclass(frozen=True)
class Stage:
    number: int
    of: int

    @property
    def name(self):
        return STAGE_NAMES[self.of][self.number - 1]

    @property
    def is_final(self):
        return self.number == self.of

    @property
    def permission(self):
        """None for the only stage of a single review (the publish permission decides)."""
        if self.of == 1:
            return None
        if self.is_final:
            return STAGE_PERMISSIONS["final"]
        return STAGE_PERMISSIONS["first" if self.number == 1 else "second"]


def clamp_stages(value):
    return min(MAX_STAGES, max(1, int(value or 1)))


def steps_of(revision):
    """Every decision taken on `revision`, oldest first (one query)."""
    return list(ReviewStep.objects.filter(revision=revision).select_related("user"))


def approvals(steps):
    return [step for step in steps if step.decision == ReviewStep.Decision.APPROVED]


def next_stage(revision, stages, steps=None):
    """The stage that `revision` waits for, among `stages`; approved stages count once."""
    stages = clamp_stages(stages)
    steps = steps_of(revision) if steps is None else steps
    done = {step.stage for step in approvals(steps)}
    for number in range(1, stages + 1):
        if number not in done:
            return Stage(number, stages)
    return Stage(stages, stages)


def is_complete(stages, steps):
    """Every stage approved (a scheduled change that was cancelled waits to go live)."""
    done = {step.stage for step in approvals(steps)}
    return all(number in done for number in range(1, clamp_stages(stages) + 1))


def holds_a_stage(user):
    return any(user.has_perm(permission) for permission in STAGE_PERMISSIONS.values())


def may_review(user, stage, publish_permission):
    """Whether `user`'s role lets them decide at `stage` (separation of duties aside)."""
    if stage.is_final and not user.has_perm(publish_permission):
        return False
    return stage.permission is None or user.has_perm(stage.permission)


def _conflict(user, authors, steps):
    """Why `user` may not approve this change (separation of duties), or ''."""
    if user.pk in {author.pk for author in authors if author is not None}:
        return _("You cannot approve your own change.")
    if any(step.user_id == user.pk for step in approvals(steps)):
        return _(
            "You already approved a stage of this change; another person must approve this one."
        )
    return ""


def check_approve(user, revision, *, stages, authors, publish_permission, override_reason=""):
    """The stage `user` may approve now, or raise `ReviewRefused` with the reason."""
    steps = steps_of(revision)
    stage = next_stage(revision, stages, steps)
    if not may_review(user, stage, publish_permission):
        raise ReviewRefused(
            _("Your role does not include the stage “%(stage)s”.") % {"stage": stage.name}
        )
    conflict = _conflict(user, authors, steps)
    if conflict:
        if not user.is_superuser:
            raise ReviewRefused(conflict)
        if not override_reason.strip():
            raise ReviewRefused(
                conflict
                + " "
                + _("As a superuser you may override this only with a written reason.")
            )
    return stage, bool(conflict)


@transaction.atomic
def approve(
    request, obj, revision, *, stages, authors, publish_permission, note="", override_reason=""
):
    """Record `request.user`'s approval of the next stage; returns the step. The caller
    publishes when `step.stage == step.stages`."""
    user = request.user
    stage, overridden = check_approve(
        user,
        revision,
        stages=stages,
        authors=authors,
        publish_permission=publish_permission,
        override_reason=override_reason,
    )
    step = ReviewStep.objects.create(
        revision=revision,
        stage=stage.number,
        stages=stage.of,
        decision=ReviewStep.Decision.APPROVED,
        user=user,
        username=user.get_username(),
        note=note,
        override_reason=override_reason.strip() if overridden else "",
    )
    detail = f"{stage.name} ({stage.number}/{stage.of})" + (f": {note}" if note else "")
    audit.record(request, audit.Action.STAGE_APPROVED, obj, detail=detail)
    if overridden:
        audit.record(
            request, audit.Action.STAGE_OVERRIDDEN, obj, detail=f"{stage.name}: {override_reason}"
        )
    return step


def send_back(request, obj, revision, *, stages, note):
    """Record that the change was sent back at its current stage (the caller returns it to
    its author and writes the audit entry of the rejection)."""
    stage = next_stage(revision, stages)
    user = request.user
    return ReviewStep.objects.create(
        revision=revision,
        stage=stage.number,
        stages=stage.of,
        decision=ReviewStep.Decision.SENT_BACK,
        user=user,
        username=user.get_username(),
        note=note,
    )


def history(obj):
    """Every review step of every revision of `obj`, newest first, with its revision (one
    query): for the object's history page."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return list(
        ReviewStep.objects.filter(
            revision__content_type=content_type, revision__object_id=obj.pk
        ).order_by("-id")
    )


# --- Sign-off links ----------------------------------------------------------------------------


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_signoff_link(request, obj, revision, *, hours=DEFAULT_LINK_HOURS):
    """A new link to `revision`, valid `hours`; returns (link, token). The token is shown
    once and only its hash is stored."""
    hours = min(MAX_LINK_HOURS, max(1, int(hours)))
    token = secrets.token_urlsafe(24)
    link = SignoffLink.objects.create(
        token_hash=_hash(token),
        revision=revision,
        created_by=request.user,
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    audit.record(
        request,
        audit.Action.SIGNOFF_CREATED,
        obj,
        detail=_("link #%(id)s, valid %(hours)s hours") % {"id": link.pk, "hours": hours},
    )
    return link, token


def find_signoff_link(token):
    """The link of `token` whatever its state (the caller tells expired from valid), or None."""
    if not token or len(token) > 100:
        return None
    return (
        SignoffLink.objects.select_related("revision", "revision__content_type")
        .filter(token_hash=_hash(token))
        .first()
    )


def record_opening(request, obj, link):
    audit.record(request, audit.Action.SIGNOFF_OPENED, obj, detail=f"link #{link.pk}")


def revoke_signoff_link(request, obj, link):
    if link.revoked_at is None:
        SignoffLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
        audit.record(request, audit.Action.SIGNOFF_REVOKED, obj, detail=f"link #{link.pk}")


@transaction.atomic
def sign_off(request, obj, link, name, *, stages):
    """A named 同意发布 through a link: kept in the stage history, not a stage approval."""
    name = " ".join(name.split())[:150]
    if not name:
        raise ReviewRefused(_("Enter your name to sign off."))
    stage = next_stage(link.revision, stages)
    step = ReviewStep.objects.create(
        revision=link.revision,
        stage=stage.number,
        stages=stage.of,
        decision=ReviewStep.Decision.SIGNED_OFF,
        username=name,
        note=_("through sign-off link #%(id)s") % {"id": link.pk},
    )
    audit.record(request, audit.Action.SIGNED_OFF, obj, detail=f"{name} (link #{link.pk})")
    return step


def signoff_links_of(revision):
    return list(SignoffLink.objects.filter(revision=revision).select_related("created_by"))


# --- Comments ----------------------------------------------------------------------------------


def add_comment(request, obj, revision, body):
    body = body.strip()
    if not body:
        raise ReviewRefused(_("Write a comment first."))
    user = request.user
    comment = ReviewComment.objects.create(
        revision=revision, user=user, username=user.get_username(), body=body[:2000]
    )
    audit.record(request, audit.Action.COMMENTED, obj, detail=body[:200])
    return comment


def comments_of(revision):
    return list(ReviewComment.objects.filter(revision=revision))


# --- Scheduled changes (no cron) -------------------------------------------------------------
# The live version stays until `go_live_at`. The page cache knows the time
# (`next_scheduled_change`, a registered schedule), so no cached page outlives it; the
# first read of content after it applies the change (`apply_if_due()`, called by the
# content app where its public querysets start), in a transaction that locks the schedule
# row, so of several workers exactly one applies it.

_appliers = {}
DUE_KEY = "editorial:next-scheduled-change"
# Scheduling, cancelling and applying a change all move the generation; this only bounds
# how long a value may sit in the cache.
DUE_SECONDS = 24 * 60 * 60


def register_applier(model, func):
    """`func(obj, revision, user)` puts the approved `revision` live (from AppConfig.ready)."""
    _appliers[model._meta.concrete_model._meta.label_lower] = func


def schedule(request, obj, revision, at):
    if at <= timezone.now():
        raise ReviewRefused(_("Choose a time in the future."))
    change, _created = ScheduledChange.objects.update_or_create(
        revision=revision,
        defaults={
            "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=True),
            "object_id": obj.pk,
            "object_repr": str(obj)[:200],
            "go_live_at": at,
            "created_by": request.user,
            "cancelled_at": None,
            "applied_at": None,
        },
    )
    audit.record(request, audit.Action.SCHEDULED, obj, detail=timezone.localtime(at).isoformat())
    pagecache.bump()  # cached pages learn the new time (the page cache's schedule)
    return change


def cancel_schedule(request, obj, change):
    updated = (
        ScheduledChange.objects.waiting().filter(pk=change.pk).update(cancelled_at=timezone.now())
    )
    if updated:
        audit.record(request, audit.Action.UNSCHEDULED, obj)
        pagecache.bump()
    return bool(updated)


def scheduled_of(revision):
    return ScheduledChange.objects.waiting().filter(revision=revision).first()


def scheduled_changes(within=timedelta(days=7), model=None):
    """Changes waiting to go live in the next `within`, soonest first."""
    queryset = ScheduledChange.objects.waiting().filter(go_live_at__lte=timezone.now() + within)
    if model is not None:
        queryset = queryset.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=True)
        )
    return queryset.select_related("created_by", "revision").order_by("go_live_at", "id")


def next_scheduled_change(after):
    """For the page cache (`pagecache.register_schedule`): the next go-live time after `after`."""
    return (
        ScheduledChange.objects.waiting()
        .filter(go_live_at__gt=after)
        .order_by("go_live_at")
        .values_list("go_live_at", flat=True)
        .first()
    )


def _next_due():
    """Epoch seconds of the earliest waiting change (inf if none): kept under the content
    generation like every shared value (`pagecache.memo`), so one query per generation."""

    def earliest():
        first = (
            ScheduledChange.objects.waiting()
            .order_by("go_live_at")
            .values_list("go_live_at", flat=True)
            .first()
        )
        return first.timestamp() if first else float("inf")

    return pagecache.memo(DUE_KEY, earliest, DUE_SECONDS)


def apply_due_changes(now=None):
    """Put live every scheduled change whose time has come; returns how many. Safe to call
    from several workers at once: each row is taken under `SELECT … FOR UPDATE SKIP LOCKED`
    and marked applied in the same transaction."""
    now = now or timezone.now()
    if now.timestamp() < _next_due():
        return 0
    applied = 0
    while True:
        with transaction.atomic():
            change = (
                ScheduledChange.objects.due(now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("revision", "created_by", "content_type")
                .order_by("go_live_at", "id")
                .first()
            )
            if change is None:
                break
            model = change.content_type.model_class()
            func = _appliers.get(model._meta.label_lower) if model else None
            obj = model._default_manager.filter(pk=change.object_id).first() if model else None
            if func is not None and obj is not None:
                func(obj, change.revision, change.created_by)
            ScheduledChange.objects.filter(pk=change.pk).update(applied_at=now)
            if obj is not None:
                audit.record(
                    None, audit.Action.PUBLISHED, obj, detail=_("scheduled change applied")
                )
            applied += 1
    pagecache.bump()
    return applied


def apply_if_due():
    """Apply due changes if any: called where content is read (lazily, on read). One cache
    read once the request's generation is known; one query per content generation."""
    if timezone.now().timestamp() >= _next_due():
        apply_due_changes()
