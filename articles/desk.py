"""我的工作台 (the desk): what waits for each person, on the admin home.

The desk is a list of sections. Each section is one small definition: who sees it, which
articles belong to it (a `Q` on `Article`), in which order, which time it shows and where
each entry leads. "Waiting for review" is stage-aware: it lists what waits for a review
stage the person decides (初审 / 复审 / 终审 on channels with several stages, 审核 on the
others), computed in the query. The desk costs a fixed number of queries whatever the
number of articles: one per section shown (at most `SHOWN` rows each) plus one that counts
every section.

The counts of the sections marked `in_nav` also show as badges next to 文章 in the admin's
navigation (`nav_badges`, one query per page, shared with the desk on the home page).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial import review
from editorial.models import ReviewStep, Revision
from portal import pagecache

from . import workflow
from .models import Article, Channel, ChannelTree

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
    title_for: object = None  # callable(user) -> title, when it depends on the user


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


# --- Waiting for my review stage, in SQL -------------------------------------------------------
# The change under review is the pending revision of a live article, else the newest
# revision of a submitted one (workflow.change_under_review). The stage it waits for is
# the number of its approved stages + 1 (stages are approved in order, editorial.review);
# the channel's stages come from a map of every channel, kept under the content generation.


def _under_review(nested=True):
    """The id of the change under review: for a subquery of the article's query (`nested`),
    else for the article's query itself."""
    ref = OuterRef if nested else F
    article = OuterRef(OuterRef("pk")) if nested else OuterRef("pk")
    latest = Revision.objects.filter(content_type=_content_type(), object_id=article).order_by(
        "-created_at", "-id"
    )
    return Coalesce(ref("pending_revision_id"), Subquery(latest.values("pk")[:1]))


def _approved_steps():
    """The approvals of the change under review (a queryset inside the article's query)."""
    return ReviewStep.objects.filter(
        revision_id=_under_review(), decision=ReviewStep.Decision.APPROVED
    ).order_by()


def _approved_stages():
    """How many stages of the change under review are approved (0 when none)."""
    counted = (
        _approved_steps().values("revision_id").annotate(n=Count("stage", distinct=True))
    ).values("n")
    return Coalesce(Subquery(counted[:1]), Value(0))


def _stage_reached_at():
    """When the change reached the stage it waits for: its last approval, else submitted."""
    last = _approved_steps().order_by("-created_at").values("created_at")[:1]
    # SQLite's (and MySQL's) GREATEST is NULL when any argument is: no approval yet must
    # leave the submission time, as PostgreSQL's GREATEST does by skipping NULLs.
    return Greatest(_submitted_at(), Coalesce(Subquery(last), _submitted_at()))


def _channels_by_stages():
    """{number of stages: channel ids} for channels with more than one stage (the others
    have one): one query per content generation (channel saves move it on)."""

    def build():
        tree = ChannelTree.get()
        found = {}
        for channel_id in [*tree.by_id, *tree.hidden_ids]:
            stages = Channel.review_stages_of(channel_id)
            if stages > 1:
                found.setdefault(stages, []).append(channel_id)
        return found

    return pagecache.memo("articles:desk-channels-by-stages", build, 60 * 60 * 24)


def stages_to_decide(user):
    """The stages `user`'s role decides: [Stage(number, of)] for channels of 1 to 3 stages."""
    return [
        stage
        for of in range(1, review.MAX_STAGES + 1)
        for stage in (review.Stage(number, of) for number in range(1, of + 1))
        if workflow.may_review(user, stage)
    ]


def decides_a_stage(user):
    return bool(stages_to_decide(user))


def _at_stage(stage, channels):
    """Articles whose change waits for `stage` (its channel has `stage.of` stages)."""
    done = Exact(_approved_stages(), Value(stage.number - 1))
    if stage.of == 1:
        multi = [pk for ids in channels.values() for pk in ids]
        return ~Q(channel_id__in=multi) & Q(done)
    return Q(channel_id__in=channels.get(stage.of, [])) & Q(done)


def waiting_for_review(user, now=None):
    """What waits for a decision `user`'s role takes: submitted articles and changes to
    live ones whose next stage is one of `stages_to_decide(user)`; not their own change,
    nor a change of which they approved a stage (separation of duties)."""
    stages = stages_to_decide(user)
    if not stages:
        return Q(pk__in=[])
    channels = _channels_by_stages()
    at_my_stage = Q()
    for stage in stages:
        at_my_stage |= _at_stage(stage, channels)
    written = Revision.objects.filter(pk=_under_review(), user=user)
    return (
        (Q(status=Status.PENDING) | Q(pending_revision__isnull=False))
        & at_my_stage
        & ~Exists(written)
        & ~(Q(pending_revision__isnull=True) & Q(created_by=user))
        & ~Exists(_approved_steps().filter(user=user))
    )


def _stages_of_channel(channels):
    """The channel's number of review stages, as an expression on the article."""
    return Case(
        *(When(channel_id__in=ids, then=Value(of)) for of, ids in sorted(channels.items())),
        default=Value(1),
    )


def waiting_changes(user):
    """`waiting_for_review(user)` as a queryset, oldest first, each article annotated with
    `desk_revision` (the change under review), `desk_stage` and `desk_stages` (the stage
    it waits for, of how many) and `desk_when` (since when). One query."""
    return (
        Article.objects.filter(waiting_for_review(user))
        .annotate(
            desk_revision=_under_review(nested=False),
            desk_stage=_approved_stages() + 1,
            desk_stages=_stages_of_channel(_channels_by_stages()),
            desk_when=_stage_reached_at(),
        )
        .order_by("desk_when", "pk")
    )


def _review_title(user):
    """待审核 for today's single review; else the stages, e.g. 待初审, 待复审、终审."""
    names = list(dict.fromkeys(str(stage.name) for stage in stages_to_decide(user)))
    if names == [str(review.Stage(1, 1).name)]:
        return _("Waiting for review")
    return _("Waiting for %(stages)s") % {"stages": "、".join(names)}


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
        when_label=_("waiting since"),  # submitted, or its previous stage approved
        empty=_("Nothing waits for review."),
        applies=decides_a_stage,
        condition=waiting_for_review,
        order=("desk_when", "pk"),  # oldest first
        link="review",
        in_nav=True,
        show_age=True,
        title_for=_review_title,
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
    "review": _stage_reached_at,
    "mine_in_review": _submitted_at,
    "publications": lambda: F("publish_at"),
    "takedowns": lambda: F("offline_at"),
}


def _when(definition):
    return WHEN.get(definition.key, lambda: F("updated_at"))()


def _url(definition, pk):
    name = "admin:articles_article_review" if definition.link == "review" else None
    return reverse(name or "admin:articles_article_change", args=[pk])


def _title(definition, user):
    return str(definition.title_for(user) if definition.title_for else definition.title)


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
            _title(definition, user),
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
        Badge(_title(definition, request.user), found[definition.key])
        for definition in definitions_for(request.user)
        if definition.in_nav and found.get(definition.key)
    ]
    return {"desk_badges": badges} if badges else None
