"""The article workflow, written once: who may move an article from which status to which.

Every save of an article goes through `articles.services.plan()`, which asks this module
which transition the save makes (and the admin form asks it for the status choices). The
reviewer-only fields are declared here too. The state
diagram is in articles/README.md. An editor holds `articles.change_article`, a reviewer
also `articles.publish_article`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from editorial import review, revisions
from editorial.models import Revision

from .models import Article, Channel

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"
EDIT_PERMISSION = "articles.change_article"
REVIEWER_GROUP = "审核"  # who is told that something waits for review (migration 0003)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str | None  # the status it leads to; None for the headline flag
    reviewer_only: bool


def _t(name, sources, target, reviewer_only):
    return Transition(name, frozenset(sources), target, reviewer_only)


# The table. A status change not listed here is refused, to everyone.
TRANSITIONS = {
    t.name: t
    for t in (
        _t("submit", {Status.DRAFT, Status.WITHDRAWN}, Status.PENDING, False),
        _t("retract", {Status.PENDING, Status.WITHDRAWN}, Status.DRAFT, False),
        _t("publish", {Status.DRAFT, Status.PENDING, Status.WITHDRAWN}, Status.PUBLISHED, True),
        _t("reject", {Status.PENDING}, Status.DRAFT, True),
        _t("withdraw", {Status.PUBLISHED}, Status.WITHDRAWN, True),
        _t("unpublish", {Status.PUBLISHED}, Status.DRAFT, True),
        _t("pin", {Status.PUBLISHED, Status.PENDING, Status.DRAFT}, None, True),
        _t("unpin", set(Status.values), None, True),
    )
}
# Moves chosen in the form's status field: the transition for each (from, to) pair. Reject
# has its own page (it needs a reason), so the form's pending → draft is a retraction.
FORM_MOVES = {
    (source, t.target): t
    for t in TRANSITIONS.values()
    if t.target and t.name != "reject"
    for source in t.sources
}


# Fields only a reviewer sets: read-only in an editor's form, and `services.plan()` refuses
# an editor's save that changes them.
REVIEWER_FIELDS = ("is_pinned", "headline_position")
# Once an article is live, taking it down (its status) or moving it in time is a reviewer's
# decision too: these are disabled in an editor's form of a published article.
REVIEWER_FIELDS_WHEN_PUBLISHED = ("status", "publish_at")


def reviewer_only_fields(status):
    """The fields an editor may not change in an article now in `status`."""
    if status == Status.PUBLISHED:
        return (*REVIEWER_FIELDS, *REVIEWER_FIELDS_WHEN_PUBLISHED)
    return REVIEWER_FIELDS


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def may(user, transition):
    """Whether `user`'s role allows `transition` at all (status aside)."""
    if isinstance(transition, str):
        transition = TRANSITIONS[transition]
    return can_publish(user) if transition.reviewer_only else user.has_perm(EDIT_PERMISSION)


def can(user, article, name):
    """Whether `user` may apply transition `name` to `article` in its current state."""
    transition = TRANSITIONS[name]
    if name in ("publish", "reject") and article.pk and review_stages(article) > 1:
        return _staged(user, article, name)
    if not may(user, transition):
        return False
    if name in ("publish", "reject") and article.has_pending_changes:
        return True  # pending changes of a live article: publish them or reject them
    if name == "pin":
        return not article.is_pinned and article.status in transition.sources
    if name == "unpin":
        return article.is_pinned
    if name == "submit" and article.status == Status.PUBLISHED:
        return False
    return article.status in transition.sources


def move(user, current, target):
    """The transition a form save makes from status `current` to `target`.

    None when the status does not change; raises `PermissionError` when the move is not
    in the table or not for this user's role.
    """
    if current is None:  # a new article starts as a draft
        current = Status.DRAFT
        if target == current:
            return None
    if current == target:
        return None
    transition = FORM_MOVES.get((current, target))
    if transition is None or not may(user, transition):
        raise PermissionError(f"{current} → {target}")
    return transition


def form_statuses(user, current):
    """The statuses `user` may choose in the form for an article now in `current`."""
    start = current or Status.DRAFT
    allowed = {start}
    for (source, target), transition in FORM_MOVES.items():
        if source == start and may(user, transition):
            allowed.add(target)
    return [value for value in Status.values if value in allowed]


def changes_need_review(user, original_status):
    """An editor's save of a published article becomes pending changes, not a live edit."""
    return original_status == Status.PUBLISHED and not can_publish(user)


@dataclass(frozen=True)
class BulkAction:
    """A bulk action of the article list: which transition, and what the list says."""

    transition: str
    description: object
    done: object  # ngettext_lazy with %(count)d
    permission: str  # the ModelAdmin permission that shows the action: "change" or "publish"


BULK_ACTIONS = {
    "submit_for_review": BulkAction(
        "submit",
        _("Submit for review"),
        ngettext_lazy(
            "%(count)d article submitted for review.",
            "%(count)d articles submitted for review.",
            "count",
        ),
        "change",
    ),
    "publish": BulkAction(
        "publish",
        _("Publish"),
        ngettext_lazy("%(count)d article published.", "%(count)d articles published.", "count"),
        "publish",
    ),
    "withdraw": BulkAction(
        "withdraw",
        _("Withdraw"),
        ngettext_lazy("%(count)d article withdrawn.", "%(count)d articles withdrawn.", "count"),
        "publish",
    ),
    "pin": BulkAction(
        "pin",
        _("Pin as headline"),
        ngettext_lazy("%(count)d article pinned.", "%(count)d articles pinned.", "count"),
        "publish",
    ),
    "unpin": BulkAction(
        "unpin",
        _("Remove from headlines"),
        ngettext_lazy("%(count)d article unpinned.", "%(count)d articles unpinned.", "count"),
        "publish",
    ),
}


# --- Review stages (editorial.review): 初审 / 复审 / 终审 per channel ---------------------------


def review_stages(article):
    """1, 2 or 3: set on the article's channel or inherited from a parent channel."""
    return Channel.review_stages_of(article.channel_id)


def _staged(user, article, name):
    """Several review stages: publishing needs every stage approved (the review page's
    last approval comes first), sending back the role of the stage the change waits for."""
    if not (article.has_pending_changes or article.status == Status.PENDING):
        return False
    revision = (
        article.pending_revision
        if article.has_pending_changes
        else revisions.revisions_of(article).first()
    )
    if revision is None:
        return False
    stages = review_stages(article)
    steps = review.steps_of(revision)
    if name == "publish":
        return can_publish(user) and review.is_complete(stages, steps)
    return may_review(user, review.next_stage(revision, stages, steps))


def still_under_review(article, revision):
    """Whether `revision` is still the change waiting for review (a sign-off link's page)."""
    if article.has_pending_changes:
        return article.pending_revision_id == revision.pk
    if article.status != Status.PENDING:
        return False
    latest = revisions.revisions_of(article).values_list("pk", flat=True).first()
    return latest == revision.pk


def goes_through_stages(article, channel=None):
    """Whether the article's channel (or `channel`, chosen in a form) has several stages."""
    channel_id = channel.pk if channel is not None else article.channel_id
    return channel_id is not None and Channel.review_stages_of(channel_id) > 1


def change_under_review(article):
    """The revision that the reviewers approve: the pending changes of a live article, or
    the newest revision of a new one waiting for review (any later save needs new
    approvals). One is recorded if an article waits without any (made outside the admin)."""
    if article.has_pending_changes:
        return article.pending_revision
    latest = revisions.revisions_of(article).first()
    if latest is None:
        latest = revisions.record(article, article.updated_by, Revision.Kind.SUBMITTED)
    return latest


def authors_of(article, revision):
    """Who may not approve this change: whoever wrote it (and who created a new article)."""
    authors = {revision.user}
    if not article.has_pending_changes:
        authors.add(article.created_by)
    return {user for user in authors if user is not None}


def next_stage(article, revision, steps=None):
    return review.next_stage(revision, review_stages(article), steps)


def may_review(user, stage):
    return review.may_review(user, stage, PUBLISH_PERMISSION)
