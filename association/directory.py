"""Faceted search of the development-zone directory.

Each facet (region, province, level, type, industry) takes any number of values from
the GET parameters (`?province=jiangsu&province=zhejiang&level=national`). Values of
one facet combine with OR, facets with AND. Unknown values are dropped and repeated
ones counted once; the selection is kept in the order of the facet's choices, so
equivalent URLs are spelled the same way.

The count next to a value v of facet F is the number of zones matching every other
facet's selection (and the name search) that have v, F's own selection ignored:
"disjunctive" faceting. So when F has no selection, ticking v shows exactly that
many zones; when F already has a selection S, ticking v shows the zones having any
value of S or v. For the single-valued facets (a zone has one region, province,
level and type) that is the current total plus v's count; a zone may have several
industries, so for that facet it is the size of the union.

Every facet costs one GROUP BY query, whatever the number of selected values or
zones. The industry filter is a subquery on the through table rather than a join,
so a zone with two selected industries is listed once.

A bounded link graph: no page links to a combination of two or more facet values, so a
crawler that follows every link (and ignores nofollow and robots.txt) finds the plain
directory, one page per facet value, their numbered pages and the zones, and nothing
more. A value's link leads to that value alone; combinations are reached through the
filter form only (GET: the checkboxes, the chips' remove buttons, a facet's 全部 and the
numbered pages are submit buttons of that form where their target combines values; the
form sends `remove=<facet>:<value>` and `clear=<facet>` for those, read here).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Value
from django.utils.translation import gettext_lazy as _

from portal import pagecache

from .models import Industry, Zone
from .regions import Province, Region

MAX_QUERY_LENGTH = 100


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool  # ticked: part of the current selection
    url: str  # the page of this value alone (never a combination)
    current: bool = False  # the page shown is exactly that page


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)
    clear_url: str = ""  # "" when clearing leaves a combination: a form button does it
    selected_labels: list = field(default_factory=list)


@dataclass
class Chip:
    """A current filter shown above the results, and how to remove it: a link when what
    remains is at most one value, else a button of the filter form (`remove_value`)."""

    facet_label: str
    label: str
    remove_url: str
    button_name: str = ""  # the form button's name and value: remove=<facet>:<value>, clear=q
    button_value: str = ""


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
        self.industries = industries()
        self.choices = {
            "region": list(Region.choices),
            "province": list(Province.choices),
            "level": list(Zone.Level.choices),
            "type": list(Zone.Type.choices),
            "industry": [(industry.slug, industry.name) for industry in self.industries],
        }
        self.selected = {}
        for name, _label, _lookup in self.FACETS:
            asked = set(_values(params, name))
            values = [value for value, _choice in self.choices[name] if value in asked]
            if values:
                self.selected[name] = values
        # The form's buttons for what links must not reach (see the module's docstring).
        for token in _values(params, "remove"):
            name, _sep, value = str(token).partition(":")
            if value in self.selected.get(name, []):
                self.selected[name] = [v for v in self.selected[name] if v != value]
        cleared = set(_values(params, "clear"))
        for name in cleared:
            self.selected.pop(name, None)
        self.selected = {name: values for name, values in self.selected.items() if values}
        query = [] if "q" in cleared else _values(params, "q")
        # NUL never occurs in a name, and PostgreSQL refuses it in a query parameter.
        text = query[-1].replace("\x00", "") if query else ""
        self.query = " ".join(text.split())[:MAX_QUERY_LENGTH]
        self.base = Zone.objects.published()

    def _facet_condition(self, name, values):
        if name == "industry":
            through = Zone.industries.through.objects.filter(industry__slug__in=values)
            return Q(pk__in=through.values("zone_id"))
        return Q(**{f"{name}__in": values})

    def _filters(self, *, without=None):
        conditions = Q()
        for name, values in self.selected.items():
            if name != without:
                conditions &= self._facet_condition(name, values)
        if self.query:
            conditions &= Q(name__icontains=self.query) | Q(short_name__icontains=self.query)
        return conditions

    def results(self):
        return (
            self.base.filter(self._filters())
            .prefetch_related("industries")
            .order_by("province", "name")
        )

    def params(self, *, add=None, remove=None, clear=None):
        """The current filters as (name, value) pairs, one value added or removed,
        or one facet cleared; choice order is kept so URLs are canonical."""
        pairs = []
        for name, _label, _lookup in self.FACETS:
            if name == clear:
                continue
            chosen = set(self.selected.get(name, []))
            if add and add[0] == name:
                chosen.add(add[1])
            if remove and remove[0] == name:
                chosen.discard(remove[1])
            pairs += [(name, value) for value, _choice in self.choices[name] if value in chosen]
        if self.query:
            pairs.append(("q", self.query))
        return pairs

    def url(self, **changes):
        """The directory URL with the current filters, changed as `params()` says."""
        pairs = self.params(**changes)
        return "?" + urlencode(pairs) if pairs else "?"

    def combines(self, **changes):
        """Whether `url(**changes)` selects more than one facet value: such a page is
        reached through the filter form only, never by a link."""
        return sum(1 for name, _value in self.params(**changes) if name != "q") > 1

    @staticmethod
    def single_url(name, value):
        """The page of one facet value alone: what every option links to."""
        return "?" + urlencode([(name, value)])

    @property
    def value_count(self):
        return sum(len(values) for values in self.selected.values())

    def canonical_params(self):
        """The single-facet page standing for a multi-value page: its first selected value."""
        for name, _label, _lookup in self.FACETS:
            if self.selected.get(name):
                return [(name, self.selected[name][0])]
        return []

    def facets(self):
        # All five facets' counts in one query: a UNION ALL of one GROUP BY per facet.
        per_facet = [
            self.base.filter(self._filters(without=name))
            .annotate(facet=Value(name), key=F(lookup))
            .values("facet", "key")
            .annotate(n=Count("id", distinct=True))
            .values_list("facet", "key", "n")
            .order_by()
            for name, _label, lookup in self.FACETS
        ]
        all_counts = {}
        for facet_name, key, n in per_facet[0].union(*per_facet[1:], all=True):
            if key is not None:
                all_counts.setdefault(facet_name, {})[key] = n
        facets = []
        for name, label, _lookup in self.FACETS:
            counts = all_counts.get(name, {})
            chosen = self.selected.get(name, [])
            facet = Facet(
                name=name,
                label=label,
                clear_url="" if self.combines(clear=name) else self.url(clear=name),
            )
            for value, option_label in self.choices[name]:
                selected = value in chosen
                if selected:
                    facet.selected_labels.append(str(option_label))
                if counts.get(value) or selected:
                    facet.options.append(
                        FacetOption(
                            value=value,
                            label=str(option_label),
                            count=counts.get(value, 0),
                            selected=selected,
                            url=self.single_url(name, value),
                            current=selected and self.value_count == 1 and not self.query,
                        )
                    )
            facets.append(facet)
        return facets

    def chips(self):
        """One removable chip per selected value (and the name search), in facet order."""
        labels = {name: dict(self.choices[name]) for name in self.choices}
        chips = [
            Chip(str(label), str(labels[name][value]), self.url(remove=(name, value)))
            if not self.combines(remove=(name, value))
            else Chip(str(label), str(labels[name][value]), "", "remove", f"{name}:{value}")
            for name, label, _lookup in self.FACETS
            for value in self.selected.get(name, [])
        ]
        if self.query:
            pairs = [pair for pair in self.params() if pair[0] != "q"]
            if len(pairs) > 1:  # a combination remains: the form's button (clear=q)
                chips.append(Chip(str(_("Zone name")), self.query, "", "clear", "q"))
            else:
                chips.append(
                    Chip(str(_("Zone name")), self.query, "?" + urlencode(pairs) if pairs else "?")
                )
        return chips

    @property
    def is_filtered(self):
        return bool(self.selected or self.query)


INDUSTRIES_KEY = "association:industries:v1"


def industries():
    """The short list of industries, kept under the content generation (apps.py watches
    every model of the app, so a saved industry moves it on)."""
    return pagecache.memo(INDUSTRIES_KEY, lambda: list(Industry.objects.all()), 60 * 60 * 24)


def robots_disallow(prefix):
    """robots.txt lines that keep crawlers off pages combining two or more facet values
    (any two facet parameters, in any order: the facet checkboxes submit in page order)."""
    names = [name for name, _label, _lookup in ZoneSearch.FACETS]
    return [f"{prefix}*{first}=*{second}=" for first in names for second in names]


def _values(params, name):
    """All values of a GET parameter, from a QueryDict or a plain dict (tests)."""
    if hasattr(params, "getlist"):
        return params.getlist(name)
    value = params.get(name, [])
    return list(value) if isinstance(value, list | tuple) else [value]
