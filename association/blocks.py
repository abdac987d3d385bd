"""What the association app adds to pages it does not own, through portal's slots.

Registered in `AssociationConfig.ready()`: the home page's magazine and member strip
(slot "home") and, under an article, the issue, zones and members it concerns (slot
"article"). The articles app renders the slots without knowing this app.
"""

from django.db.models import CharField, F, IntegerField, Value

from .models import Issue, MemberAssociation, Zone

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

    One query whatever the number of links (a UNION ALL of the three); only public
    issues, zones and members.
    """
    if article is None or not getattr(article, "pk", None):
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
