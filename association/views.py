from collections import Counter
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from articles.models import Article
from portal.media import INLINE_DOCUMENT_POLICY
from portal.pagination import page_or_404
from portal.preview import can_preview, preview_response
from portal.trees import Tree

from .directory import ZoneSearch
from .models import Issue, MemberAssociation, Page, TocEntry, Zone
from .regions import Province

ZONES_PER_PAGE = 20
ARTICLES_PER_PAGE = 15
MEMBERS_PER_PAGE = 30


def _linked_articles(request, **lookup):
    """A page of the publicly visible articles linked to a zone or a member association."""
    articles = Article.objects.published().filter(**lookup).select_related("channel")
    return page_or_404(Paginator(articles, ARTICLES_PER_PAGE), request.GET.get("page"))


@require_GET
def page_detail(request, slug):
    preview = can_preview(request.user, Page)
    pages = Page.objects.all() if preview else Page.objects.published()
    page = get_object_or_404(pages, slug=slug)
    # The path and the side menu come from one query for all pages, however deep.
    tree = Tree(list(Page.objects.defer("body")))
    ancestors = tree.ancestors(page.pk)
    if not preview:
        # Readers must not see the title of (or a link to) a parent that is not published.
        ancestors = [ancestor for ancestor in ancestors if ancestor.is_published]
    parent = tree.by_id.get(page.parent_id)
    menu_root = parent if parent in ancestors else page
    menu = [child for child in tree.children(menu_root.pk) if child.is_published]
    crumbs = [(ancestor.title, ancestor.get_absolute_url()) for ancestor in ancestors]
    crumbs.append((page.title, None))
    response = render(
        request,
        "association/page_detail.html",
        {
            "page": page,
            "menu_root": menu_root,
            "menu": menu,
            "attachments": list(page.attachments.all()),
            "crumbs": crumbs,
        },
    )
    return preview_response(response) if preview else response


@require_GET
def member_list(request):
    """Active members by province (the template groups them), with a province filter."""
    members = list(MemberAssociation.objects.published())
    order = {value: index for index, value in enumerate(Province.values)}
    members.sort(key=lambda m: (order.get(m.province, 99), m.order, m.pk))
    counts = Counter(member.province for member in members)
    selected = request.GET.get("province", "")
    if selected not in counts:
        selected = ""
    provinces = [
        {"value": value, "label": label, "count": counts[value], "selected": value == selected}
        for value, label in Province.choices
        if value in counts
    ]
    shown = [member for member in members if not selected or member.province == selected]
    return render(
        request,
        "association/member_list.html",
        {
            "page_obj": page_or_404(Paginator(shown, MEMBERS_PER_PAGE), request.GET.get("page")),
            "provinces": provinces,
            "selected": selected,
            "total": len(members),
            "crumbs": [(_("Member associations"), None)],
        },
    )


@require_GET
def member_detail(request, pk):
    member = get_object_or_404(MemberAssociation.objects.published(), pk=pk)
    return render(
        request,
        "association/member_detail.html",
        {
            "member": member,
            "articles": _linked_articles(request, member_associations=member),
            "crumbs": [
                (_("Member associations"), MemberAssociation.get_list_url()),
                (member.name, None),
            ],
        },
    )


@require_GET
def zone_list(request):
    search = ZoneSearch(request.GET)
    page = page_or_404(Paginator(search.results(), ZONES_PER_PAGE), request.GET.get("page"))
    # Pagination links keep every recognised value (`params()` omits `page` itself).
    params = QueryDict(urlencode(search.params()))
    return render(
        request,
        "association/zone_list.html",
        {
            "search": search,
            "facets": search.facets(),
            "chips": search.chips(),
            "canonical_query": urlencode(search.canonical_params())
            if search.value_count > 1
            else None,
            "page_obj": page,
            "zones": page.object_list,
            "params": params,
            "crumbs": [(_("Development zone directory"), None)],
        },
    )


@require_GET
def zone_detail(request, pk):
    zone = get_object_or_404(Zone.objects.published().prefetch_related("industries"), pk=pk)
    return render(
        request,
        "association/zone_detail.html",
        {
            "zone": zone,
            "articles": _linked_articles(request, zones=zone),
            "crumbs": [
                (_("Development zone directory"), Zone.get_list_url()),
                (zone.name, None),
            ],
        },
    )


@require_GET
def magazine(request):
    """Published issues by year, newest first, with their covers."""
    issues = list(Issue.objects.published())
    years = sorted({issue.year for issue in issues}, reverse=True)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        year = None
    shown = [issue for issue in issues if year is None or issue.year == year]
    return render(
        request,
        "association/magazine.html",
        {
            "issues": shown,
            "years": years,
            "year": year,
            "latest": issues[0] if issues else None,
            "crumbs": [(_("《China Development Zones》"), None)],
        },
    )


def _issue_or_404(request, year, number):
    preview = can_preview(request.user, Issue)
    issues = Issue.objects.all() if preview else Issue.objects.published()
    return get_object_or_404(issues, year=year, number=number), preview


@require_GET
def issue_detail(request, year, number):
    issue, preview = _issue_or_404(request, year, number)
    entries = list(
        TocEntry.objects.filter(issue=issue).select_related("article").order_by("order", "id")
    )
    neighbours = Issue.objects.published().exclude(pk=issue.pk)
    previous_issue = neighbours.filter(total_number__lt=issue.total_number).order_by(
        "-total_number"
    )
    next_issue = neighbours.filter(total_number__gt=issue.total_number).order_by("total_number")
    response = render(
        request,
        "association/issue_detail.html",
        {
            "issue": issue,
            "entries": entries,
            "previous_issue": previous_issue.first(),
            "next_issue": next_issue.first(),
            "crumbs": [
                (_("《China Development Zones》"), Issue.get_list_url()),
                (issue.label, None),
            ],
        },
    )
    return preview_response(response) if preview else response


@require_GET
@xframe_options_sameorigin  # the issue page embeds the PDF; every other page stays DENY
def issue_pdf(request, year, number):
    issue, preview = _issue_or_404(request, year, number)
    if not issue.pdf:
        raise Http404
    try:
        handle = issue.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = _("China Development Zones %(year)s No. %(number)s.pdf") % {
        "year": issue.year,
        "number": issue.number,
    }
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment="download" in request.GET,
        filename=filename,
    )
    # Shown inline, but as a sandboxed document: no script of its own, no access to the site.
    response["Content-Security-Policy"] = INLINE_DOCUMENT_POLICY
    return preview_response(response) if preview else response
