"""Demo main navigation. Runs last, so the channels and pages it links to exist."""

from django.apps import apps

from .models import NavItem

MENU = [
    ("首页", {"url": "/"}),
    ("资讯中心", {"channel": "news", "include_children": True}),
    ("中国开发区", {"channel": "zones-news", "include_children": True}),
    ("协会服务", {"page": "services", "include_children": True}),
    ("中国开发区协会", {"page": "about", "include_children": True}),
    ("投稿", {"url": "/submit/"}),
]


def _target(spec):
    """The "app.model:pk" target for a channel or page slug, when that app provides it."""
    for key, label in (("channel", "articles.channel"), ("page", "association.page")):
        if key in spec:
            try:
                model = apps.get_model(label)
            except LookupError:
                return ""
            obj = model._default_manager.filter(slug=spec[key]).first()
            return f"{label}:{obj.pk}" if obj else ""
    return ""


def load(stdout):
    for order, (title, spec) in enumerate(MENU):
        target = _target(spec)
        url = spec.get("url", "")
        if not target and not url:
            url = "/"
        item, created = NavItem.objects.get_or_create(
            title=title,
            parent=None,
            defaults={
                "order": order * 10,
                "target": target,
                "url": url,
                "include_children": spec.get("include_children", False),
            },
        )
        # A later run fills in a target whose app had no content the first time.
        if not created and target and not item.target:
            item.target = target
            item.save(update_fields=["target"])
    stdout.write("Main navigation ready.")
