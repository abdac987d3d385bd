"""What the association app adds to pages it does not own, through portal's slots.

Registered in `AssociationConfig.ready()`: the home page's magazine and member strip
(slot "home") and, under an article, the issue, zones and members it concerns (slot
"article"). The articles app renders the slots without knowing this app.
"""

from django.conf import settings
from django.db.models import CharField, F, IntegerField, Value
from django.utils.translation import gettext as _

from articles.models import ChannelTree
from portal import pagecache

from .models import Issue, MemberAssociation, Page, TocEntry, Zone

HOME_MEMBERS = 12


def home_context():
    """The latest published magazine issue and a strip of member associations: 2 queries
    once per content generation (and at an issue's publish date, `scheduled`), none on the
    other cold renders of the home page."""

    def build():
        return {
            "issue": Issue.objects.published().first(),
            "members": list(MemberAssociation.objects.published()[:HOME_MEMBERS]),
        }

    shown = pagecache.memo("association:home", build, settings.CHROME_CACHE_TIMEOUT, scheduled=True)
    return {
        **shown,
        "magazine_url": Issue.get_list_url(),
        "members_url": MemberAssociation.get_list_url(),
    }


def linked_article_ids():
    """The ids of the articles that some magazine entry, zone or member links to.

    Few articles have such links, and every article page asks: one small query per content
    generation (any save of association content or articles renews it) spares all the
    others their query.
    """

    def build():
        entries = TocEntry.objects.filter(article__isnull=False).values_list("article_id")
        zones = Zone.articles.through.objects.values_list("article_id")
        members = MemberAssociation.articles.through.objects.values_list("article_id")
        entries, zones, members = (q.order_by() for q in (entries, zones, members))
        return frozenset(pk for (pk,) in entries.union(zones, members))

    return pagecache.memo("association:linked-articles", build, settings.CHROME_CACHE_TIMEOUT)


def article_context(article=None):
    """Where an article also appeared in print, and the zones and members it concerns.

    One query whatever the number of links (a UNION ALL of the three), and none for an
    article nothing links to; only public issues, zones and members.
    """
    if article is None or not getattr(article, "pk", None):
        return None
    if article.pk not in linked_article_ids():
        return None
    latest_issue = (
        Issue.objects.published()
        .filter(entries__article=article)
        .order_by("-year", "-number")
        .values("pk")[:1]
    )

    def rows(queryset, kind, label, year, number, sort_text, sort_number):
        # The same columns for the three kinds; each keeps what its ordering needs.
        return queryset.annotate(
            kind=Value(kind, output_field=CharField()),
            label=label,
            issue_year=year,
            issue_number=number,
            sort_text=sort_text,
            sort_number=sort_number,
        ).values_list(
            "kind", "pk", "label", "issue_year", "issue_number", "sort_text", "sort_number"
        )

    zero = Value(0, output_field=IntegerField())
    empty = Value("", output_field=CharField())
    issues = Issue.objects.filter(pk__in=latest_issue).order_by()
    zones = article.zones.published().order_by()
    members = article.member_associations.published().order_by()
    union = rows(issues, "issue", F("theme"), F("year"), F("number"), empty, zero).union(
        rows(zones, "zone", F("name"), zero, zero, F("province"), zero),
        rows(members, "member", F("name"), zero, zero, empty, F("order")),
        all=True,
    )
    found = {"issue": None, "zones": [], "members": []}
    for kind, pk, label, year, number, sort_text, sort_number in union:
        if kind == "issue":
            found["issue"] = Issue(pk=pk, year=year, number=number, theme=label)
        elif kind == "zone":
            found["zones"].append(((sort_text, label), Zone(pk=pk, name=label)))
        else:
            found["members"].append(((sort_number, pk), MemberAssociation(pk=pk, name=label)))
    for key in ("zones", "members"):  # as the models' Meta.ordering
        found[key] = [obj for _sort, obj in sorted(found[key], key=lambda pair: pair[0])]
    return found


def site_map_context():
    """The association's pages (as a tree) and its directories, for the 网站地图 (one query)."""
    pages = list(Page.objects.published())
    children = {}
    for page in pages:
        children.setdefault(page.parent_id, []).append(page)

    def node(page):
        return {
            "title": page.title,
            "url": page.get_absolute_url(),
            "children": [node(child) for child in children.get(page.pk, [])],
        }

    directories = [
        {"title": _("Development zone directory"), "url": Zone.get_list_url()},
        {"title": _("Member associations"), "url": MemberAssociation.get_list_url()},
        {"title": _("《China Development Zones》"), "url": Issue.get_list_url()},
    ]
    return {
        "sections": [
            {"key": "association", "title": _("Association"), "url": None,
             "entries": [node(page) for page in children.get(None, [])]},
            {"key": "directories", "title": _("Directories and magazine"), "url": None,
             "entries": directories},
        ]
    }  # fmt: skip


def channel_context(channel=None):
    """A link to the zone directory on the channel pages about zones (中国开发区 and its
    sub-channels; `ASSOCIATION_DIRECTORY_CHANNELS` in settings names them). No query."""
    if channel is None:
        return None
    slugs = {c.slug for c in ChannelTree.get().path(channel.pk)} or {channel.slug}
    if not slugs & set(settings.ASSOCIATION_DIRECTORY_CHANNELS):
        return None
    return {"zones_url": Zone.get_list_url()}
