from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .chrome import get_chrome, mourning_active


def site_chrome(request):
    """`chrome` in every template: site settings, navigation and footer link groups.

    Lazy, so responses that never render the chrome (feeds, JSON) never touch the cache.
    """
    chrome = SimpleLazyObject(get_chrome)
    return {
        "chrome": chrome,
        "site": SimpleLazyObject(lambda: chrome.settings),
        # Computed at each render from the cached settings: it starts and ends on time.
        "mourning": SimpleLazyObject(lambda: mourning_active(site=chrome.settings)),
        # 长者模式 from its cookie (portal.views.elder_mode sets it), rendered as html.elder.
        "elder": request.COOKIES.get(settings.ELDER_COOKIE_NAME) == "1",
        "elder_cookie_name": settings.ELDER_COOKIE_NAME,
    }
