"""What the association app adds to pages it does not own, through portal's slots.

Registered in `AssociationConfig.ready()`: the home page's magazine and member strip
(slot "home") and, under an article, the issue, zones and members it concerns (slot
"article"). The articles app renders the slots without knowing this app.
"""

from .models import Issue, MemberAssociation, TocEntry

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
