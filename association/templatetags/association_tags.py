"""Blocks the association app adds to pages it does not own (home page, article page)."""

from django import template

from ..models import Issue, MemberAssociation, TocEntry

register = template.Library()

HOME_MEMBERS = 12


@register.inclusion_tag("tags/home_association.html")
def home_association():
    """The latest published magazine issue and a strip of member associations (2 queries)."""
    return {
        "issue": Issue.objects.published().first(),
        "members": list(MemberAssociation.objects.published()[:HOME_MEMBERS]),
        "magazine_url": Issue.get_list_url(),
        "members_url": MemberAssociation.get_list_url(),
    }


@register.inclusion_tag("tags/article_association.html")
def article_association(article):
    """Where an article also appeared in print, and the zones and members it concerns.

    Three queries whatever the number of links; only public issues, zones and members.
    """
    if article is None or not getattr(article, "pk", None):
        return {}
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
