"""Staff preview: who may see content before readers do, and how such a page is served."""

from django.utils.cache import add_never_cache_headers


def can_preview(user, model):
    """Active staff who may view or change `model` in the admin."""
    if not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def preview_response(response):
    """A page shown to staff: never cached (it may hold unpublished content), never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
