"""The site chrome: settings, main navigation and footer link groups, built once and cached.

Every page shows the chrome, so it must cost no queries once warm. It is kept as plain
data under the content generation (`pagecache.memo`), which every save of anything it is
made of moves on (see `register_*` below and portal/signals.py). Other apps plug in:

- `register_nav_target(Model, children=...)` makes a model choosable as a navigation
  target (channels, topics, association pages); `children(objects)` returns, for
  "list sub-entries automatically", a dict {object pk: [(title, url), ...]}.
- `register_link_provider(slug, provider, models)` fills the footer group with that
  slug from a function returning [(name, url), ...] (the member associations).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.utils import timezone

_nav_targets = {}  # "app_label.modelname" -> {"children": callable or None, "queryset": callable}
_link_providers = {}  # group slug -> callable
_link_provider_models = {}  # group slug -> models that fill it


@dataclass
class MenuEntry:
    title: str
    url: str
    new_window: bool = False
    children: list = field(default_factory=list)


@dataclass
class FooterGroup:
    name: str
    slug: str
    links: list  # [(name, url)]


@dataclass
class Chrome:
    settings: object
    navigation: list
    link_groups: list


def invalidate(**kwargs):
    """For changes that send no signal (QuerySet.update): a new content generation."""
    from . import pagecache

    pagecache.bump()


def watch(model):
    """Renew the chrome (and cached pages) whenever `model` is saved or deleted."""
    from . import pagecache

    pagecache.watch(model)


def register_nav_target(model, *, children=None, queryset=None):
    """Allow navigation items to link to `model` instances (which need get_absolute_url)."""
    _nav_targets[model._meta.label_lower] = {
        "children": children,
        "queryset": queryset or (lambda: model._default_manager.all()),
    }
    watch(model)


def register_link_provider(slug, provider, models=()):
    _link_providers[slug] = provider
    _link_provider_models[slug] = list(models)
    for model in models:
        watch(model)


def link_provider_models(slug):
    """The models whose records fill the footer group `slug` automatically (for the admin)."""
    return _link_provider_models.get(slug, [])


def nav_target_labels(targets):
    """{"label:pk": "Channels: 资讯中心"} for the given targets, one query per model."""
    wanted = {}
    for target in targets:
        label, _sep, pk = (target or "").partition(":")
        if label in _nav_targets and pk.isdigit():
            wanted.setdefault(label, set()).add(int(pk))
    labels = {}
    for label, pks in wanted.items():
        model = apps.get_model(label)
        for pk, obj in _nav_targets[label]["queryset"]().in_bulk(pks).items():
            labels[f"{label}:{pk}"] = f"{model._meta.verbose_name}：{obj}"
    return labels


def nav_target_choices():
    """(value, label) pairs for the admin: every registered target, grouped by model."""
    groups = []
    for label, spec in _nav_targets.items():
        model = apps.get_model(label)
        options = [(f"{label}:{obj.pk}", str(obj)) for obj in spec["queryset"]()]
        groups.append((str(model._meta.verbose_name_plural), options))
    return groups


def _resolve_targets(items):
    """Map each "label:pk" target to (object url, sub-entries): per model, one query for the
    objects and what its `children` costs (channels: none, from the cached tree)."""
    wanted = {}
    for item in items:
        if item.target and ":" in item.target:
            label, _sep, pk = item.target.partition(":")
            if label in _nav_targets and pk.isdigit():
                wanted.setdefault(label, set()).add(int(pk))
    resolved = {}
    for label, pks in wanted.items():
        spec = _nav_targets[label]
        objects = spec["queryset"]().in_bulk(pks)
        children = spec["children"](list(objects.values())) if spec["children"] else {}
        for pk, obj in objects.items():
            resolved[f"{label}:{pk}"] = (obj.get_absolute_url(), children.get(pk, []))
    return resolved


def build_navigation():
    from .models import NavItem

    items = list(NavItem.objects.filter(active=True).order_by("order", "id"))
    resolved = _resolve_targets(items)

    def entry(item):
        url, auto_children = resolved.get(item.target, (None, []))
        if url is None:
            if item.target and not item.url:
                return None  # its target is gone or hidden: leave it out rather than 404
            url = item.url
        menu = MenuEntry(item.title, url, item.open_in_new_window)
        if item.include_children:
            menu.children.extend(MenuEntry(title, link) for title, link in auto_children)
        return menu

    top = {}
    for item in items:
        if item.parent_id is None:
            menu = entry(item)
            if menu:
                top[item.pk] = menu
    for item in items:
        if item.parent_id in top:
            menu = entry(item)
            if menu:
                top[item.parent_id].children.append(menu)
    return list(top.values())


def build_link_groups():
    from .models import LinkGroup

    groups = []
    for group in LinkGroup.objects.filter(active=True).prefetch_related("links"):
        links = [(link.name, link.url) for link in group.links.all() if link.active]
        provider = _link_providers.get(group.slug)
        if provider:
            links = list(provider()) + links
        groups.append(FooterGroup(group.name, group.slug, links))
    return groups


def build():
    from .models import SiteSettings

    return Chrome(
        settings=SiteSettings.load(),
        navigation=build_navigation(),
        link_groups=build_link_groups(),
    )


def get_chrome():
    from . import pagecache

    return pagecache.memo("portal:chrome", build, settings.CHROME_CACHE_TIMEOUT)


def mourning_active(now=None, site=None):
    """Whether the site is in mourning mode (grayscale) at `now`.

    Derived from the time at render, so it starts and ends on time without a job; a page
    cache must not keep an entry past `mourning_next_change()`.
    """
    site = site if site is not None else get_chrome().settings
    now = now or timezone.now()
    if not site.mourning:
        return False
    if site.mourning_start and now < site.mourning_start:
        return False
    return not (site.mourning_end and now >= site.mourning_end)


def mourning_next_change(now=None, site=None):
    """The next time at which `mourning_active()` changes its answer after `now`, or None.

    For caches of rendered pages: an entry stored at `now` must expire by then.
    """
    site = site if site is not None else get_chrome().settings
    now = now or timezone.now()
    if not site.mourning:
        return None
    upcoming = [t for t in (site.mourning_start, site.mourning_end) if t and t > now]
    return min(upcoming, default=None)
