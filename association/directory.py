"""Faceted search of the development-zone directory.

Each facet (region, province, level, type, industry) takes one value from the GET
parameters; facets combine with AND. The count next to a facet value is the number
of zones the list would show if that value were chosen, the other facets kept:
the standard "drill sideways" rule, so clicking a value always shows exactly the
number it promised. Every facet costs one GROUP BY query, whatever the data size.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Industry, Zone
from .regions import Province, Region

MAX_QUERY_LENGTH = 100


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)
    clear_url: str = ""
    selected_label: str = ""


class ZoneSearch:
    """Parses the GET parameters, ignoring unknown values, and builds results and facets."""

    FACETS = [
        ("region", _("Region"), "region"),
        ("province", _("Province"), "province"),
        ("level", _("Level"), "level"),
        ("type", _("Type"), "type"),
        ("industry", _("Leading industry"), "industries__slug"),
    ]

    def __init__(self, params):
        self.industries = list(Industry.objects.all())
        self.choices = {
            "region": list(Region.choices),
            "province": list(Province.choices),
            "level": list(Zone.Level.choices),
            "type": list(Zone.Type.choices),
            "industry": [(industry.slug, industry.name) for industry in self.industries],
        }
        self.selected = {}
        for name, _label, _lookup in self.FACETS:
            value = params.get(name, "")
            if value in dict(self.choices[name]):
                self.selected[name] = value
        self.query = " ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH]
        self.base = Zone.objects.published()

    def _filters(self, *, without=None):
        conditions = Q()
        for name, _label, lookup in self.FACETS:
            if name in self.selected and name != without:
                conditions &= Q(**{lookup: self.selected[name]})
        if self.query:
            conditions &= Q(name__icontains=self.query) | Q(short_name__icontains=self.query)
        return conditions

    def results(self):
        return (
            self.base.filter(self._filters())
            .prefetch_related("industries")
            .order_by("province", "name")
        )

    def url(self, **changes):
        """The directory URL with the current filters, some changed (None removes one)."""
        params = dict(self.selected)
        if self.query:
            params["q"] = self.query
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return "?" + urlencode(params) if params else "?"

    def facets(self):
        facets = []
        for name, label, lookup in self.FACETS:
            rows = (
                self.base.filter(self._filters(without=name))
                .values(lookup)
                .annotate(n=Count("id", distinct=True))
                .order_by()
            )
            counts = {row[lookup]: row["n"] for row in rows if row[lookup] is not None}
            facet = Facet(name=name, label=label, clear_url=self.url(**{name: None}))
            for value, option_label in self.choices[name]:
                selected = self.selected.get(name) == value
                if selected:
                    facet.selected_label = option_label
                if counts.get(value) or selected:
                    facet.options.append(
                        FacetOption(
                            value=value,
                            label=str(option_label),
                            count=counts.get(value, 0),
                            selected=selected,
                            url=self.url(**{name: value}),
                        )
                    )
            facets.append(facet)
        return facets

    @property
    def is_filtered(self):
        return bool(self.selected or self.query)
