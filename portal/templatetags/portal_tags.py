from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import pagecache, slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name, **kwargs):
    """Render what the apps registered for the slot `name` (see portal/slots.py)."""
    parts = []
    for contribution in slots.contributions(name):
        values = contribution.context(**kwargs)
        if values is None:
            continue
        tmpl = context.template.engine.get_template(contribution.template_name)
        parts.append(tmpl.render(context.new(values)))
    return mark_safe("".join(parts))


class _NoPath:
    """Stands in for the request while a shared fragment renders: nothing is "current"."""

    path = None


@register.simple_tag(takes_context=True)
def chrome_fragment(context, template_name, mark_current=False):
    """A part of the chrome that every page shares (navigation, footer) as ready HTML.

    Rendered once per content generation (any save of public content renders it anew)
    and served from the cache; the footer's copyright year is part of the key. With
    `mark_current`, the link to the page being shown gets `aria-current="page"`.
    """
    values = context.flatten()
    values["request"] = _NoPath()

    def build():
        return context.template.engine.get_template(template_name).render(context.new(values))

    year = timezone.localdate().year
    html = pagecache.memo(f"fragment:{template_name}:{year}", build, settings.CHROME_CACHE_TIMEOUT)
    request = context.get("request")
    if mark_current and request is not None:
        link = f'href="{escape(request.path)}"'
        html = html.replace(link + ">", link + ' aria-current="page">', 1)
    return mark_safe(html)


@register.simple_tag
def page_numbers(page_obj):
    """The numbers to link around the current page, Paginator.ELLIPSIS marking the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
