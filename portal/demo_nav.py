"""Demo main navigation. Runs last, so the channels and pages it links to exist."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from .models import NavItem

# (title, spec); a spec's "children" are entries of its dropdown, after the sub-channels or
# sub-pages listed automatically. "url_name" entries are left out when that app is absent.
MENU = [
    ("首页", {"url": "/"}),
    ("资讯中心", {"channel": "news", "include_children": True}),
    (
        "中国开发区",
        {
            "channel": "zones-news",
            "include_children": True,
            "children": [("开发区名录", {"url_name": "association:zones"})],
        },
    ),
    ("协会服务", {"page": "services", "include_children": True}),
    (
        "中国开发区协会",
        {
            "page": "about",
            "include_children": True,
            "children": [("会员协会", {"url_name": "association:members"})],
        },
    ),
    ("专题", {"url_name": "articles:topic-list"}),
    (
        "留言选登",
        {
            "url_name": "submissions:message-list",
            "children": [
                ("我要留言", {"url_name": "submissions:message-create"}),
                ("留言查询", {"url_name": "submissions:message-lookup"}),
            ],
        },
    ),
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


def _url(spec):
    if "url_name" in spec:
        try:
            return reverse(spec["url_name"])
        except NoReverseMatch:
            return ""
    return spec.get("url", "")


def _entry(title, spec, order, parent=None):
    target = _target(spec)
    url = _url(spec)
    if not target and not url:
        if "url_name" in spec:
            return None  # its app is not installed
        url = "/"
    item, created = NavItem.objects.get_or_create(
        title=title,
        parent=parent,
        defaults={
            "order": order,
            "target": target,
            "url": url,
            "include_children": spec.get("include_children", False),
        },
    )
    # A later run fills in a target whose app had no content the first time.
    if not created and target and not item.target:
        item.target = target
        item.save(update_fields=["target"])
    return item


def load(stdout):
    for order, (title, spec) in enumerate(MENU):
        item = _entry(title, spec, order * 10)
        for child_order, (child_title, child_spec) in enumerate(spec.get("children", [])):
            if item is not None:
                _entry(child_title, child_spec, 100 + child_order, parent=item)
    stdout.write("Main navigation ready.")
