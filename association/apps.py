from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationConfig(AppConfig):
    name = "association"
    verbose_name = _("Association")

    def ready(self):
        from portal import chrome, slots

        from . import blocks
        from .models import MemberAssociation, Page

        chrome.register_nav_target(
            Page, children=page_children, queryset=lambda: Page.objects.published()
        )
        chrome.register_link_provider("associations", member_links, models=[MemberAssociation])
        slots.register("home", "association/_home.html", context=blocks.home_context)
        slots.register("article", "association/_article.html", context=blocks.article_context)


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
