"""`reverse()` remembered: the addresses of articles, channels and topics, computed once.

A list page asks for twenty or more `get_absolute_url()`s, and Django's `reverse()`
costs about as much as rendering the line it goes into. The URLconf does not change while
the process runs, so an address is a pure function of the view name, its arguments, the
URLconf and the script prefix (all four are in the key).
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=8192)
def _reverse(urlconf, prefix, viewname, args):
    return reverse(viewname, urlconf=urlconf, args=args)


def cached_reverse(viewname, *args):
    return _reverse(get_urlconf(), get_script_prefix(), viewname, args)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
