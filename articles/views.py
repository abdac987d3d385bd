import hashlib

from django.conf import settings
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from taggit.models import Tag

from editorial import review, revisions
from portal import pagecache, ratelimit
from portal.pagination import LongListPaginator
from portal.preview import can_preview, preview_response
from portal.sanitize import clean_html

from . import counter, mostread, queries, sharing, workflow
from .models import Article, ArticleTag, Channel, ChannelTree, Topic

PAGE_SIZE = 20


def home(request):
    """Headlines, latest news, the editors' channel blocks, topics, and what other apps add."""
    return render(request, "articles/home.html", queries.home_context())


class PublishedArticlesMixin:
    """Lists start from the one definition of visible: `Article.objects.published()`
    (queries.listed); the page shown is read through SQL compiled once (queries.Listing)."""

    paginate_by = PAGE_SIZE

    def count_key(self):
        """What the list is, for the cached count of its articles (see LongListPaginator)."""
        raise NotImplementedError

    def get_paginator(self, listing, per_page, **kwargs):
        return LongListPaginator(
            listing.queryset, per_page, count_key=self.count_key(), rows=listing.page, **kwargs
        )


def channel_crumbs(channel_id):
    path = ChannelTree.get().path(channel_id)
    return [(channel.name, channel.get_absolute_url()) for channel in path]


class ChannelView(PublishedArticlesMixin, ListView):
    template_name = "articles/channel_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        tree = ChannelTree.get()
        self.channel = tree.by_slug.get(self.kwargs["slug"])
        if self.channel is None:
            raise Http404
        return queries.Listing("channel", tree.subtree_ids(self.channel.pk))

    def count_key(self):
        return f"articles:channel:{self.channel.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree = ChannelTree.get()
        path = tree.path(self.channel.pk)
        # Tabs: the sub-channels of this channel, or its siblings when it has none.
        tab_parent = (
            self.channel if tree.children(self.channel.pk) else path[-2] if len(path) > 1 else None
        )
        context.update(
            channel=self.channel,
            tab_parent=tab_parent,
            tabs=tree.children(tab_parent.pk) if tab_parent else [],
            crumbs=channel_crumbs(self.channel.pk),
            most_read=mostread.most_read(),
        )
        return context


class TopicListView(ListView):
    template_name = "articles/topic_list.html"
    context_object_name = "topics"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Topic.objects.published().order_by("order", "-id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[(_("Special topics"), None)], **kwargs)


class TopicView(PublishedArticlesMixin, ListView):
    template_name = "articles/topic_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic.objects.published(), slug=self.kwargs["slug"])
        return queries.Listing("topic", [self.topic.pk])

    def count_key(self):
        return f"articles:topic:{self.topic.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            topic=self.topic,
            crumbs=[
                (_("Special topics"), reverse("articles:topic-list")),
                (self.topic.title, None),
            ],
        )
        return context


class TagView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        slug = self.kwargs["slug"]
        if "\x00" in slug:  # PostgreSQL refuses NUL in a query parameter
            raise Http404
        # Only tags that some visible article carries: a tag page must not reveal the name
        # of a tag that only drafts or scheduled articles have so far.
        visible = ArticleTag.objects.filter(content_object__in=Article.objects.published()).values(
            "tag_id"
        )
        self.tag = get_object_or_404(Tag.objects.filter(pk__in=visible), slug=slug)
        return queries.Listing("tag", [self.tag.pk])

    def count_key(self):
        return f"articles:tag:{self.tag.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(tag=self.tag, crumbs=[(_("Tag: %(tag)s") % {"tag": self.tag.name}, None)])
        return context


def _render_article(request, article, *, preview=False):
    tree = ChannelTree.get()
    crumbs = channel_crumbs(article.channel_id)
    extras = queries.article_extras(article)
    topics = [topic for topic in extras.topics if topic.active]
    if topics:
        # As the legacy page: 首页 > 资讯中心 > 省级开发区动态 > 专题文章列表 <topic>, then the
        # article itself, so the trail ends where the reader is.
        crumbs.append(
            (_("Special topic articles: %(title)s") % {"title": topics[0].title},
             topics[0].get_absolute_url())
        )  # fmt: skip
    crumbs.append((article.title, None))
    previous, following, related = queries.around(article, extras)
    page_url = request.build_absolute_uri(article.get_absolute_url())
    context = {
        "article": article,
        "channel": tree.by_id.get(article.channel_id),  # None: inactive, not to be named
        "crumbs": crumbs,
        "topics": topics,
        "tags": extras.tags,
        "attachments": extras.attachments,
        # The figure as of rendering (the page may be cached); the page's script counts
        # the view and shows the current figure (see articles/counter.py).
        "view_count": article.view_count,
        "most_read": mostread.most_read(),
        "previous": previous,
        "next": following,
        "related": related,
        "page_url": page_url,
        "qr_size": sharing.QR_SIZE,
        "preview": preview,
    }
    return render(request, "articles/article_detail.html", context)


def article_qr(request, pk):
    """The QR code of an article's address as an SVG file, for the share popover's <img>.

    A file of its own rather than inline SVG: pages stay light, and the image is fetched
    only when a reader opens the popover, then kept by browsers and the front server (an
    address's code never changes). Staff who may preview get it for any article, privately.
    """
    staff = can_preview(request.user, Article)
    articles = Article.objects.all() if staff else Article.objects.reachable()
    article = get_object_or_404(articles.only("pk"), pk=pk)
    svg = sharing.qr_svg(request.build_absolute_uri(article.get_absolute_url()))
    etag = quote_etag(hashlib.sha256(svg).hexdigest()[:32])
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(svg, content_type="image/svg+xml")
    response["ETag"] = etag
    response["Cache-Control"] = (
        "private, no-cache" if staff else pagecache.public_cache_control(60 * 60 * 24)
    )
    return response


def article_detail(request, pk):
    review.apply_if_due()  # a scheduled change whose time has come replaces the live text
    article = queries.reachable_article(pk)
    if article is None:
        raise Http404
    return _render_article(request, article)


def article_preview(request, pk):
    """Any article, whatever its status, for staff who may see articles in the admin.

    Everyone else gets 404, as for anything not visible; views are not counted.
    """
    if not can_preview(request.user, Article):
        raise Http404
    article = get_object_or_404(queries.detail_queryset(), pk=pk)
    if article.has_pending_changes:
        # Staff preview the text waiting for review, not the live one (topics and tags are
        # shown as they are live).
        fields = [name for name in Article.restore_fields if name not in ("topics", "tags")]
        revisions.apply(article, article.pending_revision.data, [*fields, "offline_at"])
    return preview_response(_render_article(request, article, preview=True))


def _signoff_gone(request, message, status):
    response = render(request, "articles/signoff_gone.html", {"message": message}, status=status)
    return preview_response(response)


@never_cache
def signoff(request, token):
    """审签: the version waiting for review, read-only, for whoever holds the link (a
    leader on a phone, no account). Each opening is audited; "同意发布" records a named
    sign-off in the stage history. Never cached, never indexed; no referrer leaks the token
    to another site. An unknown, expired or revoked link, or one whose version was decided,
    answers a page saying so (404 / 410)."""
    link = review.find_signoff_link(token)
    article = None
    if link is not None and link.revision.content_type.model_class() is Article:
        article = (
            Article.objects.select_related("channel").filter(pk=link.revision.object_id).first()
        )
    if article is None:
        return _signoff_gone(request, _("This sign-off link does not exist."), 404)
    if link.revoked_at is not None:
        return _signoff_gone(request, _("This sign-off link was revoked."), 410)
    if not link.is_valid():
        return _signoff_gone(request, _("This sign-off link has expired."), 410)
    if not workflow.still_under_review(article, link.revision):
        return _signoff_gone(
            request, _("This version no longer waits for review (published or sent back)."), 410
        )
    data = link.revision.data
    error, signed = "", None
    if request.method == "POST":
        try:
            signed = review.sign_off(
                request,
                article,
                link,
                request.POST.get("name", ""),
                stages=Channel.review_stages_of(article.channel_id),
            )
        except review.ReviewRefused as refused:
            error = str(refused)
    else:
        review.record_opening(request, article, link)
    context = {
        "link": link,
        "title": data.get("title", ""),
        "subtitle": data.get("subtitle", ""),
        "author": data.get("author", ""),
        "channel": (data.get("channel") or [None, ""])[1],
        "body": clean_html(data.get("body") or ""),
        "error": error,
        "signed": signed,
    }
    response = preview_response(render(request, "articles/signoff.html", context))
    # The token is in the address: no other site learns it as a referrer. (Not
    # "no-referrer": the browser would then send "Origin: null" with 同意发布, which the
    # CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


def _sent_by_this_site(request):
    """A beacon from one of our pages: the browser says same-origin (Sec-Fetch-Site), or at
    least names our origin (Origin). Clients that send neither are counted, once."""
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        return site == "same-origin"
    origin = request.META.get("HTTP_ORIGIN")
    return origin is None or origin == f"{request.scheme}://{request.get_host()}"


@csrf_exempt  # a beacon from a cached page carries no token; it changes nothing but a count
@require_POST
@never_cache
def count_view(request, pk):
    """Count one reading of a visible article (sent by the page's script); answer the figure.

    A reading counts once per reader and article in VIEW_ONCE_SECONDS (a salted hash of the
    address, nothing else kept), never from another site, and an address that sends more
    than VIEW_BEACON_LIMIT beacons a minute is refused: these counts rank 点击排行."""
    if not _sent_by_this_site(request):
        return JsonResponse({"error": _("Not counted.")}, status=403)
    if ratelimit.is_limited(request, "view-beacon", settings.VIEW_BEACON_LIMIT, 60):
        return JsonResponse({"error": _("Too many requests.")}, status=429)
    reader = f"{pk}:{ratelimit.client_ip(request)}"
    first = ratelimit.first_time("view-once", reader, settings.VIEW_ONCE_SECONDS)
    views = counter.record(pk, count=first)
    if views is None:
        raise Http404
    return JsonResponse({"views": views})


def legacy_article(request, legacy_id):
    """/index.php/News/info/id/<id>.html of the old site: 301 to the imported article.

    One primary-key lookup on the legacy ids joined to the articles a reader can open
    (`reachable()`, as the article page itself); the query string is dropped; anything
    unknown or not reachable gets the site's 404.
    """
    pk = (
        Article.objects.reachable()
        .filter(legacy__legacy_id=legacy_id)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise Http404
    return HttpResponsePermanentRedirect(reverse("articles:detail", args=[pk]))
