"""Named places in shared templates that apps fill, so core templates never load app tags.

An app registers what it adds in its `AppConfig.ready()`, the way navigation targets are
registered in `portal.chrome`:

    slots.register("home", "association/_home.html", context=home_context, order=20)

and a template renders every contribution to a slot with `{% slot "home" %}` (portal_tags).
`context(**kwargs)` receives the tag's keyword arguments (`{% slot "article" article=article %}`)
and returns the contribution's template context, or None to leave it out.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Contribution:
    template_name: str
    context: object  # callable(**kwargs) -> dict | None
    order: int


_slots: dict[str, list[Contribution]] = {}


def register(slot, template_name, *, context=None, order=0):
    contributions = _slots.setdefault(slot, [])
    # ready() may run twice in tests; one template contributes once.
    contributions[:] = [c for c in contributions if c.template_name != template_name]
    contributions.append(Contribution(template_name, context or (lambda **kwargs: kwargs), order))
    contributions.sort(key=lambda c: c.order)


def contributions(slot):
    return tuple(_slots.get(slot, ()))
