from django import template

register = template.Library()


@register.filter
def with_csp_nonce(media, request):
    """Form media whose inline tags (the rich-text editor's import map) carry the request's
    CSP nonce, so the policy needs no 'unsafe-inline' for scripts (django-js-asset media)."""
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None or not hasattr(media, "with_nonce"):
        return media
    return media.with_nonce(str(nonce))
