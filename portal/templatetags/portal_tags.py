from django import template
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


@register.simple_tag
def page_numbers(page_obj):
    """The numbers to link around the current page, Paginator.ELLIPSIS marking the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
