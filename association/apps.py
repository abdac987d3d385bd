from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationConfig(AppConfig):
    name = "association"
    verbose_name = _("Association")

    def ready(self):
        from portal import chrome, pagecache, slots
        from portal.views import register_robots_disallow

        from . import blocks
        from .directory import robots_disallow
        from .models import MemberAssociation, Page, Zone

        for view_name, max_age, params in (
            ("association:page", 300, ("page",)),
            ("association:members", 300, ("province",)),
            ("association:member-detail", 300, ("page",)),
            ("association:zones", 300, ("page", "q", *(f[0] for f in _zone_facets()))),
            ("association:zone-detail", 300, ("page",)),
            ("association:magazine", 300, ("year",)),
            ("association:issue-detail", 300, ()),
        ):
            pagecache.cacheable(view_name, max_age=max_age, params=params, free_text=("q",))
        for model in self.get_models():
            pagecache.watch(model)
        pagecache.register_schedule(next_issue_date)
        chrome.register_nav_target(
            Page, children=page_children, queryset=lambda: Page.objects.published()
        )
        chrome.register_link_provider("associations", member_links, models=[MemberAssociation])
        slots.register("home", "association/_home.html", context=blocks.home_context)
        slots.register("article", "association/_article.html", context=blocks.article_context)
        slots.register(
            "site_map", "association/_site_map.html", context=blocks.site_map_context, order=20
        )
        slots.register(
            "channel", "association/_channel.html", context=blocks.channel_context, order=20
        )
        # Pages that combine several facet values of the zone directory (see directory.py).
        register_robots_disallow("zones", lambda: robots_disallow(Zone.get_list_url()))


def page_children(pages):
    """{page pk: [(title, url), ...]} of the published sub-pages, in one query."""
    from .models import Page

    children = {page.pk: [] for page in pages}
    for child in Page.objects.published().filter(parent__in=list(children)):
        children[child.parent_id].append((child.title, child.get_absolute_url()))
    return children


def member_links():
    """The footer's 行业协会 group: active members, linking to their own site when known."""
    from .models import MemberAssociation

    return [
        (member.name, member.website or member.get_absolute_url())
        for member in MemberAssociation.objects.published()
    ]


def _zone_facets():
    from .directory import ZoneSearch

    return ZoneSearch.FACETS


def next_issue_date(after):
    """Magazine issues appear on their publish date (local midnight): for the page cache."""
    import datetime

    from django.utils import timezone

    from .models import Issue

    today = timezone.localdate(after)
    day = (
        Issue.objects.filter(published=True, publish_date__gt=today)
        .order_by("publish_date")
        .values_list("publish_date", flat=True)
        .first()
    )
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())
