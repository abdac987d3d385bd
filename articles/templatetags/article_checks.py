from django import template

from articles import contentpanel

register = template.Library()


@register.simple_tag
def content_checks(form):
    """The results of the content checks panel for the article form as shown."""
    return contentpanel.for_form(form)
