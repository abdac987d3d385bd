from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from portal import ratelimit

from . import terms
from .forms import SearchForm
from .query import (
    MAX_QUERY_LENGTH,
    MIN_TERM_LENGTH,
    PAGE_SIZE,
    base_queryset,
    parse_query,
    run_search,
)
from .text import SNIPPET_WIDTH, highlight, html_to_text, snippet

LATEST_COUNT = 10


def _page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _decorate(articles, needles):
    """Highlighted title and a snippet of the text around the first match."""
    for article in articles:
        article.title_marked = highlight(article.title, needles)
        # The source is searched but not in the snippet: marked, it shows why a result
        # that matched only there was found.
        article.source_marked = highlight(article.source.name, needles) if article.source else ""
        body = html_to_text(article.body)
        article.snippet = (
            snippet(body, needles)
            or snippet(article.summary, needles)
            or snippet(article.subtitle, needles)
            or snippet(body, [""])
            or article.summary[:SNIPPET_WIDTH]
            or body[:SNIPPET_WIDTH]
        )
    return articles


def search(request):
    form = SearchForm(request.GET or None)
    raw = request.GET.get("q", "")
    parsed = parse_query(raw)
    notices = []
    if parsed.truncated:
        notices.append(
            _("Your search was too long and was cut to its first %(count)d characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    if parsed.ignored and parsed.terms:
        notices.append(
            _("Ignored: %(terms)s (too short, or too many words).")
            % {"terms": " ".join(parsed.ignored)}
        )
    if raw.strip() and not parsed.terms:
        notices.append(
            _("Please enter at least %(count)d letters or Chinese characters to search for.")
            % {"count": MIN_TERM_LENGTH}
        )

    channel_ids, start, end = None, None, None
    if form is not None:
        form.is_valid()  # invalid filters show their error and are left out of the search
        channel_ids = form.channel_ids()
        start, end = form.time_range()
    by_date = request.GET.get("sort") == "date"
    asked = _page_number(request.GET.get("page"))
    result = run_search(
        parsed.terms, base_queryset(channel_ids, start, end), page=asked, by_date=by_date
    )
    if asked > result.page and not result.at_limit:
        raise Http404(_("No such page."))  # past the last page: one address per page
    by_id = {}
    if result.ids:
        by_id = {
            article.pk: article
            # Filtered through the one visibility rule again (belt and braces).
            for article in Article.objects.published()
            .filter(pk__in=result.ids)
            .select_related("channel", "source")
        }
    articles = _decorate([by_id[pk] for pk in result.ids if pk in by_id], parsed.needles)
    latest = []
    if not articles:
        latest = list(Article.objects.published().select_related("channel")[:LATEST_COUNT])

    context = {
        "form": form or SearchForm(),
        "query": parsed.text,
        "search_query": parsed.text,
        "parsed": parsed,
        "notices": notices,
        "result": result,
        "articles": articles,
        "latest": latest,
        "first_number": (result.page - 1) * PAGE_SIZE + 1,
        # The results are counted, not fetched: a Paginator over their count makes the page
        # links of the shared pagination include.
        "page_obj": Paginator(range(result.count), PAGE_SIZE).get_page(result.page),
        "by_date": by_date,
        "crumbs": [(_("Search"), None)],
        "query_string": urlencode({"q": parsed.text}),
        # The first page of a search is what readers searched for: its script counts it.
        "count_token": terms.token(terms.normalized_query(parsed), not result.count)
        if parsed.terms and result.page == 1
        else "",
    }
    return render(request, "search/results.html", context)


# A beacon per search page; more from one address in the period are not counted.
COUNT_LIMIT = 60
COUNT_PERIOD = 10 * 60


@csrf_exempt
@require_POST
def count_search(request):
    """Count one search (the token of its results page, see search/terms.py): 204."""
    found = terms.read_token(request.POST.get("t"))
    if found is None:
        return HttpResponseBadRequest()
    if ratelimit.hit("search-count", ratelimit.client_ip(request), COUNT_LIMIT, COUNT_PERIOD):
        terms.record(*found)
    return HttpResponse(status=204)
