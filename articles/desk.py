"""我的工作台 (the desk): what waits for each person, on the admin home.

The desk is a list of sections. Each section is one small definition: who sees it, which
articles belong to it (a `Q` on `Article`), in which order, which time it shows and where
each entry leads. A stage-aware section ("waits for my stage") is one more definition in
`SECTIONS`. The desk costs a fixed number of queries whatever the number of articles: one
per section shown (at most `SHOWN` rows each) plus one that counts every section.

The counts of the sections marked `in_nav` also show as badges next to 文章 in the admin's
navigation (`nav_badges`, one query per page, shared with the desk on the home page).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.models import Revision

from . import workflow
from .models import Article

Status = Article.Status
SHOWN = 10  # entries listed per section; the count says how many there are in all
AHEAD = timedelta(days=7)  # how far ahead the scheduled publications and take-downs go
VIEW_PERMISSION = "articles.view_article"


@dataclass(frozen=True)
class Entry:
    article: Article
    url: str
    when: object  # the time the section is about (submitted, changed, scheduled)
    note: str = ""  # the reviewer's reason, for what was sent back


@dataclass
class Section:
    key: str
    title: str
    when_label: str
    empty: str
    entries: list = field(default_factory=list)
    count: int = 0
    show_age: bool = False


@dataclass(frozen=True)
class Definition:
    key: str
    title: object
    when_label: object
    empty: object
    applies: object  # callable(user) -> bool
    condition: object  # callable(user, now) -> Q on Article
    order: tuple  # order_by() of the entries, on `desk_when` and fields
    link: str = "change"  # the admin view the entries open: "change" or "review"
    in_nav: bool = False  # its count shows in the admin's navigation
    show_age: bool = False
    note: bool = False  # entries show the review note (the reason it was sent back)


def _content_type():
    return ContentType.objects.get_for_model(Article)  # cached after the first call


def _submitted_at():
    """When the article went to review: its pending changes' time, else its last
    "submitted" revision's, else its last change."""
    submitted = Revision.objects.filter(
        content_type=_content_type(), object_id=OuterRef("pk"), kind=Revision.Kind.SUBMITTED
    ).order_by("-id")
    return Coalesce(
        F("pending_revision__created_at"),
        Subquery(submitted.values("created_at")[:1]),
        F("updated_at"),
    )


# --- Who sees what --------------------------------------------------------------------------


def _edits(user):
    return user.has_perm(workflow.EDIT_PERMISSION)


def _edits_without_review(user):
    return _edits(user) and not workflow.can_publish(user)


def _reads(user):
    return user.has_perm(VIEW_PERMISSION) or _edits(user)


def waiting_for_review(user=None, now=None):
    """Everything that waits for a reviewer: submitted articles and changes to live ones.
    (One stage today; review stages will narrow this per stage.)"""
    return Q(status=Status.PENDING) | Q(pending_revision__isnull=False)


def _my_drafts(user, now):
    return Q(status=Status.DRAFT, created_by=user, review_note="")


def _sent_back(user, now):
    """Sent back with a reason and not submitted again: my article, or my changes to a
    live one (the rejected change keeps its author as the revision's user; the revision of
    a rejected draft names the reviewer, so there the article's author counts)."""
    rejected_mine = Revision.objects.filter(
        content_type=_content_type(),
        object_id=OuterRef("pk"),
        kind=Revision.Kind.REJECTED,
        user=user,
    )
    return (
        ~Q(review_note="")
        & ~Q(status=Status.PENDING)
        & Q(pending_revision__isnull=True)
        & (
            (~Q(status=Status.PUBLISHED) & Q(created_by=user))
            | (Q(status=Status.PUBLISHED) & Exists(rejected_mine))
        )
    )


def _mine_in_review(user, now):
    # Changes I submitted, as a subquery: a join in the counting query would drop rows.
    my_changes = Revision.objects.filter(user=user, kind=Revision.Kind.CHANGES).values("pk")
    submitted = Q(status=Status.PENDING) & (Q(created_by=user) | Q(updated_by=user))
    return submitted | Q(pending_revision__in=my_changes)


def _publications(user, now):
    return Q(status=Status.PUBLISHED, publish_at__gt=now, publish_at__lte=now + AHEAD)


def _takedowns(user, now):
    return Q(status=Status.PUBLISHED, offline_at__gt=now, offline_at__lte=now + AHEAD)


SECTIONS = [
    Definition(
        key="review",
        title=_("Waiting for review"),
        when_label=_("submitted on"),
        empty=_("Nothing waits for review."),
        applies=workflow.can_publish,
        condition=waiting_for_review,
        order=("desk_when", "pk"),  # oldest first
        link="review",
        in_nav=True,
        show_age=True,
    ),
    Definition(
        key="sent_back",
        title=_("Sent back to me"),
        when_label=_("sent back on"),
        empty=_("Nothing was sent back."),
        applies=_edits,
        condition=_sent_back,
        order=("-desk_when", "-pk"),
        in_nav=True,
        note=True,
    ),
    Definition(
        key="drafts",
        title=_("My drafts"),
        when_label=_("changed on"),
        empty=_("You have no drafts."),
        applies=_edits,
        condition=_my_drafts,
        order=("-desk_when", "-pk"),
    ),
    Definition(
        key="mine_in_review",
        title=_("My articles waiting for review"),
        when_label=_("submitted on"),
        empty=_("None of your articles waits for review."),
        applies=_edits_without_review,
        condition=_mine_in_review,
        order=("desk_when", "pk"),
        show_age=True,
    ),
    Definition(
        key="publications",
        title=_("Scheduled publications, next 7 days"),
        when_label=_("goes online on"),
        empty=_("No publication is scheduled."),
        applies=_reads,
        condition=_publications,
        order=("desk_when", "pk"),
    ),
    Definition(
        key="takedowns",
        title=_("Scheduled take-downs, next 7 days"),
        when_label=_("goes offline on"),
        empty=_("No take-down is scheduled."),
        applies=_reads,
        condition=_takedowns,
        order=("desk_when", "pk"),
    ),
]

WHEN = {
    "review": _submitted_at,
    "mine_in_review": _submitted_at,
    "publications": lambda: F("publish_at"),
    "takedowns": lambda: F("offline_at"),
}


def _when(definition):
    return WHEN.get(definition.key, lambda: F("updated_at"))()


def _url(definition, pk):
    name = "admin:articles_article_review" if definition.link == "review" else None
    return reverse(name or "admin:articles_article_change", args=[pk])


def definitions_for(user):
    return [definition for definition in SECTIONS if definition.applies(user)]


def counts(user, definitions, now):
    """How many articles each section holds, in one query."""
    if not definitions:
        return {}
    return Article.objects.aggregate(
        **{d.key: Count("pk", filter=d.condition(user, now)) for d in definitions}
    )


def _request_counts(request, now):
    """The counts of every section the user sees, computed once per request."""
    found = getattr(request, "_desk_counts", None)
    if found is None:
        found = counts(request.user, definitions_for(request.user), now)
        request._desk_counts = found
    return found


def build(request, now=None):
    """The sections of `request.user`'s desk, each with its first `SHOWN` entries."""
    now = now or timezone.now()
    user = request.user
    found = _request_counts(request, now)
    sections = []
    for definition in definitions_for(user):
        section = Section(
            definition.key,
            str(definition.title),
            str(definition.when_label),
            str(definition.empty),
            count=found.get(definition.key, 0),
            show_age=definition.show_age,
        )
        if section.count:
            rows = (
                Article.objects.filter(definition.condition(user, now))
                .annotate(desk_when=_when(definition))
                .order_by(*definition.order)
                .only("pk", "title", "status", "review_note", "pending_revision_id")[:SHOWN]
            )
            section.entries = [
                Entry(
                    article,
                    _url(definition, article.pk),
                    article.desk_when,
                    article.review_note if definition.note else "",
                )
                for article in rows
            ]
        sections.append(section)
    return sections


def desk_context(request=None, **kwargs):
    """The admin home's slot "admin_desk" (templates/admin/index.html)."""
    if request is None or not _reads(request.user):
        return None
    return {"desk_sections": build(request), "desk_shown": SHOWN}


@dataclass(frozen=True)
class Badge:
    label: str
    count: int


def nav_badges(request=None, model=None, **kwargs):
    """The slot "admin_model_badge" of the admin's app list: on the 文章 row, how many
    articles wait for this person (for review, or sent back to them)."""
    if request is None or model is None or model.get("model") is not Article:
        return None
    if not _reads(request.user):
        return None
    found = _request_counts(request, timezone.now())
    badges = [
        Badge(str(definition.title), found[definition.key])
        for definition in definitions_for(request.user)
        if definition.in_nav and found.get(definition.key)
    ]
    return {"desk_badges": badges} if badges else None
