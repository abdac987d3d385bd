from django import template
from django.utils import timezone

from articles import services

register = template.Library()


@register.simple_tag
def latest_notices():
    """The notices ticker's items (cached; see services.notices)."""
    return services.notices()


@register.filter
def cn_datetime(value):
    """2026年07月01日 08:50, in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local:%Y}年{local:%m}月{local:%d}日 {local:%H:%M}"


@register.filter
def cn_date(value):
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local:%Y-%m-%d}"
