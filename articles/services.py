"""The write side of the articles app: the one path that saves an article (`plan()` and
`save()`) with its word gate, revisions, audit entries and e-mails, and the renewal of
what was derived from articles. Reads are in `queries.py`, e-mails in `notifications.py`."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from editorial import audit as audit_log
from editorial import revisions, wordcheck
from editorial.models import Revision
from portal import pagecache
from portal.text import html_to_lines

from . import workflow
from .models import (
    Article,
)
from .notifications import notify_authors, notify_reviewers
from .workflow import TRANSITIONS, Transition


def invalidate_article_caches():
    """Renew what was derived from articles (the notices ticker, cached pages): a new
    content generation, for changes that send no signal (QuerySet.update)."""
    pagecache.bump()


# --- Workflow: the write side ------------------------------------------------------------------
# One path saves an article: `plan()` decides, once, what a save does (the transition of
# the workflow table, whether it waits for review, the word gate) and `save()` does it, so
# each save keeps a revision, sends its e-mails and leaves its audit entry in one place.
# The admin form, the bulk actions, the review page and restoring a revision call them.

KIND_OF = {
    "submit": Revision.Kind.SUBMITTED,
    "retract": Revision.Kind.SAVED,
    "publish": Revision.Kind.PUBLISHED,
    "reject": Revision.Kind.REJECTED,
    "withdraw": Revision.Kind.WITHDRAWN,
    "unpublish": Revision.Kind.WITHDRAWN,
}
AUDIT_ACTION = {"retract": "changed", "unpublish": "withdrawn", "submit": "submitted"}


def audit(request, action, obj, detail=""):
    """One audit entry: who, when, from where, which article, what was done."""
    audit_log.record(request, action, obj, detail=detail)


# --- Sensitive words and typos (editorial.wordcheck) ------------------------------------------
# Checked when a save sends the text to readers or to review (plan() decides when): a block
# word stops it; a warn word or a typo needs "publish anyway" when the text goes live, which
# is recorded in the audit log.
CHECKED_FIELDS = ("title", "subtitle", "summary", "body")


def check_words(values):
    """Hits in the title, subtitle, summary and body text of `values` (revision data, form
    values or an article; the body is rich text). An automatic summary is made from the
    body, which is checked itself, so only a hand-written summary is checked. The gate is
    `plan()`; the content checks' panel only shows these hits."""
    if not isinstance(values, dict):
        values = {name: getattr(values, name) for name in (*CHECKED_FIELDS, "summary_auto")}
    texts = {name: values.get(name) or "" for name in CHECKED_FIELDS}
    texts["body"] = html_to_lines(texts["body"])
    if values.get("summary_auto") is True:
        texts["summary"] = ""
    return wordcheck.check(texts)


def render_word_hits(hits):
    labels = {name: capfirst(Article._meta.get_field(name).verbose_name) for name in CHECKED_FIELDS}
    return wordcheck.render_hits(hits, labels)


@dataclass(frozen=True)
class WordCheck:
    """The word gate's verdict on the text a save sends to readers or to review."""

    hits: tuple = ()
    publishing: bool = False  # the text goes live now: warn words and typos need a look
    confirmed: bool = False  # "publish anyway" was ticked

    @property
    def blocked(self):
        return wordcheck.has_block(self.hits)

    @property
    def asks_confirmation(self):
        """Whether the page shows the "publish anyway" box."""
        return bool(self.hits) and self.publishing and not self.blocked

    @property
    def passed(self):
        return not self.blocked and (self.confirmed or not self.asks_confirmation)

    @property
    def published_anyway(self):
        return self.asks_confirmation and self.confirmed

    def html(self):
        return render_word_hits(self.hits) if self.hits else ""

    def summary(self):
        return wordcheck.summary(self.hits)


def stamp_publish_time(article, now=None):
    """Publishing dates the article now, unless its publish time was chosen on purpose."""
    if not article.publish_time_chosen:
        article.publish_at = now or timezone.now()
    article.publish_time_chosen = True


def lock(article):
    """The article row, locked until the transaction ends (PostgreSQL; SQLite serialises)."""
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("pending_revision")
        .get(pk=article.pk)
    )


class NotAllowed(Exception):
    """The workflow refuses this save to this user (the form says why; elsewhere 403)."""


@dataclass(frozen=True)
class SavePlan:
    """What saving an article does; made by `plan()`, done by `save()`."""

    article: Article
    user: object
    transition: Transition | None  # the move in the workflow table; None keeps the status
    for_review: bool  # an editor's change to a live article: kept as changes for review
    words: WordCheck
    created: bool = False
    edit: bool = False  # the article carries a form's values (else: a transition or restore)
    restoring: Revision | None = None
    reason: str = ""

    @property
    def allowed(self):
        """Whether the save may go ahead: the words passed the gate."""
        return self.words.passed


def plan(
    user,
    article,
    *,
    status=None,
    changed=(),
    content=None,
    transition=None,
    restoring=None,
    confirmed=False,
    reason="",
    channel=None,
):
    """What saving `article` does for `user`; raises `NotAllowed` if the workflow refuses.

    - The admin form (before its values are put on the article): `status` chosen, the
      names of the `changed` fields and the posted texts as `content`.
    - A bulk action or the review page: the `transition` by name.
    - Restoring a revision: the revision as `restoring`.

    `confirmed` is "publish anyway". `channel` is the one chosen in a form (its review
    stages apply). The word gate checks the text when the save sends it to
    readers or to review and the status or the text changes.
    """
    original = article.status if article.pk else None
    current = original or Article.Status.DRAFT
    if transition is not None:
        if not workflow.can(user, article, transition):
            raise NotAllowed(transition)
        move = TRANSITIONS[transition]
        for_review = False
    else:
        for_review = original is not None and workflow.changes_need_review(user, original)
        staged = workflow.goes_through_stages(article, channel)
        if staged and original == Article.Status.PUBLISHED:
            for_review = True  # several stages: every change to a live article is reviewed
        move = None
        if restoring is None:
            try:
                move = workflow.move(user, original, status or current)
            except PermissionError as error:
                raise NotAllowed(str(error)) from None
            if (
                staged
                and move is not None
                and move.target == Article.Status.PUBLISHED
                and not for_review
            ):
                raise NotAllowed("stages")  # only the review page's last stage publishes
            if not workflow.can_publish(user) and set(changed) & set(
                workflow.reviewer_only_fields(original)
            ):
                raise NotAllowed(", ".join(changed))
    target = move.target if move is not None and move.target else current
    publishing = target == Article.Status.PUBLISHED and not for_review
    submitting = target == Article.Status.PENDING or for_review
    new_text = (
        restoring is not None
        or bool(set(changed) & set(CHECKED_FIELDS))
        # Publishing pending changes puts new text in front of readers.
        or (publishing and article.has_pending_changes and move in (None, TRANSITIONS["publish"]))
    )
    words = WordCheck()
    if (publishing or submitting) and (target != original or new_text):
        if restoring is not None:
            content = {**current_data(article), **restoring.data}
        elif content is None:
            content = current_content(article)
        words = WordCheck(tuple(check_words(content)), publishing, confirmed)
    return SavePlan(
        article,
        user,
        move,
        for_review,
        words,
        created=article.pk is None,
        edit=transition is None and restoring is None,
        restoring=restoring,
        reason=reason,
    )


def current_content(article):
    """The text an article shows its reviewers: its pending changes, else itself."""
    return article.pending_revision.data if article.has_pending_changes else article


def current_data(article):
    """The content an article shows its reviewers, as revision data."""
    if article.has_pending_changes:
        return article.pending_revision.data
    return revisions.snapshot(article)


def save(plan, *, request=None, m2m=None, save_related=None):
    """Do what `plan` says; the article as saved.

    For a form save, `m2m` are the topics and tags as posted and `save_related` writes the
    form's relations (called once the article row is written; not for changes for review,
    which keep them in the revision)."""
    if not plan.allowed:
        raise NotAllowed("words")
    if plan.restoring is not None:
        article = _restore(
            plan.article, plan.restoring, plan.user, request=request, for_review=plan.for_review
        )
    elif plan.for_review:
        article = save_changes_for_review(
            plan.article, plan.article, plan.user, m2m=m2m, request=request
        )
    elif plan.edit:
        article = _save_edit(plan, request=request, m2m=m2m, save_related=save_related)
    else:
        article = _apply_transition(
            plan.article, plan.transition.name, plan.user, request=request, reason=plan.reason
        )
    if plan.words.published_anyway:
        audit(request, "published_anyway", article, detail=plan.words.summary())
    return article


@transaction.atomic
def _save_edit(plan, *, request, m2m, save_related):
    """Save an article with a form's values, making the planned transition."""
    article, user, move = plan.article, plan.user, plan.transition
    created = plan.created
    if move is not None and move.target == Article.Status.PUBLISHED:
        stamp_publish_time(article)
    if move is not None and move.name in ("publish", "submit"):
        article.review_note = ""
    if created:
        article.created_by = user
    article.updated_by = user
    changes_by = None
    if article.has_pending_changes:
        # A reviewer's save publishes the pending changes the form showed.
        changes_by = article.pending_revision.user
        article.pending_revision = None
        article.review_note = ""
        if move is None:
            move = TRANSITIONS["publish"]
    article.save()
    if save_related is not None:
        save_related()
    kind = KIND_OF.get(move.name) if move is not None else None
    kind = kind or (Revision.Kind.SAVED if not created else Revision.Kind.CREATED)
    revisions.record(article, user, kind, m2m=m2m)
    if created:
        audit(request, "created", article)
    if move is not None:
        audit(request, AUDIT_ACTION.get(move.name, KIND_OF[move.name]), article)
        after_transition(article, move.name, user, request=request, changes_by=changes_by)
    elif not created:
        audit(request, "changed", article)
    return article


@transaction.atomic
def _apply_transition(article, name, user, *, request=None, reason=""):
    """Apply transition `name` of the workflow table (plan() asked `workflow.can()`)."""
    article = lock(article)
    if name in ("pin", "unpin"):
        # A save like any other (version and revision), so a form opened before does not
        # silently undo it.
        article.is_pinned = name == "pin"
        article.updated_by = user
        article.save(update_fields=["is_pinned", "updated_by", "updated_at"])
        note = _("pinned as headline") if name == "pin" else _("removed from headlines")
        revisions.record(article, user, Revision.Kind.SAVED, note=note)
        audit(request, "pinned" if name == "pin" else "unpinned", article)
        return article
    if article.has_pending_changes and name == "publish":
        return publish_changes(article, user, request=request)
    if article.has_pending_changes and name == "reject":
        return reject_changes(article, user, reason, request=request)
    target = TRANSITIONS[name].target
    m2m = {}
    if article.has_pending_changes:
        # Taken down, the article is no longer live: the changes waiting for review become
        # its text (publishing it again is a reviewer's decision anyway).
        m2m = revisions.apply(
            article, article.pending_revision.data, [*Article.restore_fields, "offline_at"]
        )
        article.pending_revision = None
    article.status = target
    article.updated_by = user
    if target == Article.Status.PUBLISHED:
        stamp_publish_time(article)
    if name in ("publish", "submit"):
        article.review_note = ""
    if name == "reject":
        article.review_note = reason
    article.save()
    revisions.set_m2m(article, m2m)
    revisions.record(article, user, KIND_OF[name], note=reason)
    audit(request, AUDIT_ACTION.get(name, KIND_OF[name]), article, detail=reason)
    after_transition(article, name, user, request=request, reason=reason)
    return article


def after_transition(article, name, user, *, request=None, reason="", changes_by=None):
    """The e-mails a transition sends (after the transaction commits)."""
    if name == "submit":
        notify_reviewers(article, request=request)
    elif name in ("publish", "reject"):
        authors = {article.created_by, changes_by} - {None, user}
        notify_authors(article, authors, name, reason=reason, request=request)


@transaction.atomic
def save_changes_for_review(article, edited, user, *, m2m=None, request=None, note=""):
    """Keep an editor's changes to a live `article` as pending changes; the public keeps
    seeing the published version. `edited` is the article with the changes applied (not
    saved); `m2m` its topics and tags."""
    live = lock(article)
    data = revisions.snapshot(edited, m2m)
    live.version += 1
    revision = revisions.record(live, user, Revision.Kind.CHANGES, data=data, note=note)
    Article.objects.filter(pk=live.pk).update(
        pending_revision=revision,
        version=live.version,
        review_note="",
        updated_by=user,
        updated_at=timezone.now(),
    )
    live.pending_revision = revision
    audit(request, "submitted", live, detail=str(_("changes to the published article")))
    notify_reviewers(live, request=request, changes=True)
    return live


def publish_changes(article, user, *, request=None):
    """Apply the pending changes of a live article (the caller locked it)."""
    pending = article.pending_revision
    m2m = revisions.apply(article, pending.data, [*Article.restore_fields, "offline_at"])
    if "summary_auto" in pending.data:
        article.summary_auto = pending.data["summary_auto"]
    article.pending_revision = None
    article.review_note = ""
    article.updated_by = user
    article.save()
    revisions.set_m2m(article, m2m)
    revisions.record(article, user, Revision.Kind.PUBLISHED, note=str(_("changes published")))
    audit(request, "published", article, detail=str(_("changes to the published article")))
    after_transition(article, "publish", user, request=request, changes_by=pending.user)
    return article


def reject_changes(article, user, reason, *, request=None):
    """Drop the pending changes of a live article, saying why; they stay in its history."""
    pending = article.pending_revision
    Revision.objects.filter(pk=pending.pk).update(kind=Revision.Kind.REJECTED, note=reason)
    article.pending_revision = None
    article.review_note = reason
    article.updated_by = user
    article.save(update_fields=["pending_revision", "review_note", "updated_by", "updated_at"])
    audit(request, "rejected", article, detail=reason)
    after_transition(
        article, "reject", user, request=request, reason=reason, changes_by=pending.user
    )
    return article


@transaction.atomic
def _restore(article, revision, user, *, request=None, for_review=False):
    """Bring back the content of `revision`: a new revision; for an editor's live article,
    pending changes for review instead."""
    note = _("restored from the revision of %(time)s") % {
        "time": date_format(timezone.localtime(revision.created_at), "Y-m-d H:i")
    }
    article = lock(article)
    if for_review:
        current = article.pending_revision.data if article.has_pending_changes else None
        data = {**(current or revisions.snapshot(article))}
        data.update(
            {name: revision.data[name] for name in Article.restore_fields if name in revision.data}
        )
        data["summary_auto"] = revision.data.get("summary_auto", article.summary_auto)
        article.version += 1
        pending = revisions.record(article, user, Revision.Kind.CHANGES, data=data, note=note)
        Article.objects.filter(pk=article.pk).update(
            pending_revision=pending, version=article.version, updated_by=user,
            updated_at=timezone.now(), review_note="",
        )  # fmt: skip
        audit(request, "restored", article, detail=str(note))
        notify_reviewers(article, request=request, changes=True)
        return article
    m2m = revisions.apply(article, revision.data)
    if "summary_auto" in revision.data:
        article.summary_auto = revision.data["summary_auto"]
    article.pending_revision = None
    article.updated_by = user
    article.save()
    revisions.set_m2m(article, m2m)
    revisions.record(article, user, Revision.Kind.RESTORED, note=note)
    audit(request, "restored", article, detail=str(note))
    return article


# --- Scheduled changes (editorial.review) ------------------------------------------------------


def publish_scheduled_change(article, revision, user):
    """Put an approved, scheduled change live (editorial.review calls it when its time has
    come). A change replaced since by newer edits is not applied."""
    article = lock(article)
    if article.pending_revision_id != revision.pk:
        return None
    return publish_changes(article, user)
