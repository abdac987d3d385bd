"""A paginator for long public lists: the count kept, deep pages found by their ids first.

- COUNT(*) reads every row of a list (5,000 articles of a channel: 7 ms, growing with the
  channel), and every page of that list asks the same question. The count is kept until
  the content generation changes or the next scheduled publish or take-down time comes,
  exactly as long as it stays true (see `pagecache.memo`).
- A deep page (`OFFSET 980`) would fetch and skip every row before it. Past the first
  pages the ids are found first, which an index holding the list's filter and order
  answers alone (articles: `article_channel_list_idx`), then only the shown rows are read.
"""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from . import pagecache

# From this offset on, a page looks up its ids first (below it, one plain query is cheaper).
DEFERRED_FROM = 100


def page_or_404(paginator, number):
    """Page `number` (a query parameter; None or not a number is the first), or 404 for a
    number that is not a page of the list: past the last, or zero. Only canonical page
    numbers are stored by the page cache (portal.pagecache)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404(_("No such page.")) from error


class LongListPaginator(Paginator):
    """`object_list`: a queryset, or a function returning one (built only when the count
    is not kept). `rows(bottom, top)`: a page's items, for a caller that reads them faster
    than by slicing the queryset (articles.queries.Listing, which finds deep pages by
    their ids first as well)."""

    def __init__(self, object_list, per_page, *, count_key, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.rows = rows

    def _queryset(self):
        return self.object_list() if callable(self.object_list) else self.object_list

    def _check_object_list_is_ordered(self):
        if not callable(self.object_list):
            super()._check_object_list_is_ordered()

    @cached_property
    def count(self):
        return pagecache.memo(
            f"count:{self.count_key}",
            lambda: self._queryset().count(),
            settings.CHROME_CACHE_TIMEOUT,
            scheduled=True,
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.rows is not None:
            return self._get_page(self.rows(bottom, top), number, self)
        queryset = self._queryset()
        if bottom < DEFERRED_FROM:
            return self._get_page(queryset[bottom:top], number, self)
        window = queryset.values("pk")[bottom:top]
        return self._get_page(queryset.filter(pk__in=window), number, self)
