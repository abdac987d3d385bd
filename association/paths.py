"""Whether addresses of this app lead to something readers see (for `portal.contentcheck`).

Registered in `AssociationConfig.ready()`; one query per view for all addresses found.
None: fine; NOT_FOUND: nothing there; NOT_PUBLIC: there, but readers get a 404.
"""

from portal.contentcheck import NOT_FOUND, NOT_PUBLIC, register_path_check


def _answers(keys, rows):
    """`rows`: {key: visible} of the records found."""
    return [NOT_FOUND if key not in rows else None if rows[key] else NOT_PUBLIC for key in keys]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def pages(kwargs_list):
    from .models import Page

    slugs = [kwargs.get("slug") for kwargs in kwargs_list]
    return _answers(
        slugs, dict(Page.objects.filter(slug__in=set(slugs)).values_list("slug", "active"))
    )


def _by_pk(model):
    def check(kwargs_list):
        pks = [_int(kwargs.get("pk")) for kwargs in kwargs_list]
        rows = model.objects.filter(pk__in={pk for pk in pks if pk is not None})
        return _answers(pks, dict(rows.values_list("pk", "active")))

    return check


def issues(kwargs_list, *, pdf=False):
    from django.db.models import Q
    from django.utils import timezone

    from .models import Issue

    keys = [(_int(kwargs.get("year")), _int(kwargs.get("number"))) for kwargs in kwargs_list]
    wanted = Q(pk__in=[])
    for year, number in set(keys):
        wanted |= Q(year=year, number=number)
    today = timezone.localdate()
    rows = {}
    for year, number, published, day, has_pdf in Issue.objects.filter(wanted).values_list(
        "year", "number", "published", "publish_date", "pdf"
    ):
        # What Issue.objects.published() says, for the rows already fetched.
        rows[(year, number)] = published and day <= today and (bool(has_pdf) or not pdf)
    return _answers(keys, rows)


def register():
    from .models import MemberAssociation, Zone

    register_path_check("association:page", pages)
    register_path_check("association:member-detail", _by_pk(MemberAssociation))
    register_path_check("association:zone-detail", _by_pk(Zone))
    register_path_check("association:issue-detail", issues)
    register_path_check("association:issue-pdf", lambda kwargs: issues(kwargs, pdf=True))
