from django.utils.functional import SimpleLazyObject

from .chrome import get_chrome


def site_chrome(request):
    """`chrome` in every template: site settings, navigation and footer link groups.

    Lazy, so responses that never render the chrome (feeds, JSON) never touch the cache.
    """
    chrome = SimpleLazyObject(get_chrome)
    return {
        "chrome": chrome,
        "site": SimpleLazyObject(lambda: chrome.settings),
    }
