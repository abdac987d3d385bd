import datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from .. import slots

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


@register.filter
def iso(value):
    """The one machine-readable time (`<time datetime>`, meta tags): ISO 8601 in the site's
    time zone, to the second. `date:"c"` adds microseconds, which HTML does not accept."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.simple_tag
def page_numbers(page_obj):
    """The numbers to link around the current page, Paginator.ELLIPSIS marking the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
