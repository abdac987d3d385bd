"""What the association app adds to pages it does not own, through portal's slots.

Registered in `AssociationConfig.ready()`: the home page's magazine and member strip
(slot "home") and, under an article, the issue, zones and members it concerns (slot
"article"). The articles app renders the slots without knowing this app.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from articles.models import ChannelTree

from .models import Issue, MemberAssociation, Page, TocEntry, Zone

HOME_MEMBERS = 12


def home_context():
    """The latest published magazine issue and a strip of member associations (2 queries)."""
    return {
        "issue": Issue.objects.published().first(),
        "members": list(MemberAssociation.objects.published()[:HOME_MEMBERS]),
        "magazine_url": Issue.get_list_url(),
        "members_url": MemberAssociation.get_list_url(),
    }


def article_context(article=None):
    """Where an article also appeared in print, and the zones and members it concerns.

    Three queries whatever the number of links; only public issues, zones and members.
    """
    if article is None or not getattr(article, "pk", None):
        return None
    entry = (
        TocEntry.objects.filter(article=article, issue__in=Issue.objects.published())
        .select_related("issue")
        .order_by("-issue__year", "-issue__number")
        .first()
    )
    return {
        "issue": entry.issue if entry else None,
        "zones": list(article.zones.published().only("pk", "name")),
        "members": list(article.member_associations.published().only("pk", "name")),
    }


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
