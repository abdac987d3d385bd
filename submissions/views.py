"""Public pages where readers write to the site, and the staff-only attachment download."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from portal import ratelimit

from . import services
from .forms import (
    ManuscriptForm,
    MessageForm,
    MessageLookupForm,
    StatusLookupForm,
    make_captcha_field,
)
from .models import Manuscript, ManuscriptAttachment, Message, MessageCategory


class AntiSpamPolicy:
    """Per-IP counting of form posts: a captcha after a few, a refusal after many (why:
    submissions/README.md, "Anti-spam")."""

    def __init__(self, request, scope):
        self.request = request
        self.scope = scope
        self.ip = ratelimit.client_ip(request)
        self.period = settings.SUBMISSIONS_RATE_PERIOD
        self.limit = settings.SUBMISSIONS_RATE_LIMIT
        self.captcha_after = settings.SUBMISSIONS_CAPTCHA_AFTER

    def attempts(self):
        return ratelimit.count(self.scope, self.ip, self.period)

    def captcha_needed(self):
        return self.attempts() >= self.captcha_after

    def hit(self):
        """Count this POST; False when over the limit."""
        return ratelimit.hit(self.scope, self.ip, self.limit, self.period)


def _refused(request, template, form_class, context):
    """Over the limit: answer 429, keep what was typed, validate nothing."""
    data = {k: v for k, v in request.POST.items() if k not in {"website", "csrfmiddlewaretoken"}}
    form = form_class(initial=data)
    context.update({"form": form, "rate_limited": True})
    return render(request, template, context, status=429)


def _public_form(request, *, form_class, scope, template, context, on_valid):
    policy = AntiSpamPolicy(request, scope)
    if request.method == "POST":
        needed = policy.captcha_needed()
        if not policy.hit():
            return _refused(request, template, form_class, context)
        form = form_class(request.POST, request.FILES, require_captcha=needed)
        if form.is_valid():
            return on_valid(form)
        if not form.require_captcha and policy.captcha_needed():
            form.fields["captcha"] = make_captcha_field()
            form.require_captcha = True
    else:
        form = form_class(require_captcha=policy.captcha_needed())
    context["form"] = form
    return render(request, template, context)


@never_cache
def submit(request):
    def on_valid(form):
        manuscript = services.submit_manuscript(form, request)
        request.session["submissions_manuscript"] = manuscript.tracking_number
        return redirect("submissions:submit-done")

    return _public_form(
        request,
        form_class=ManuscriptForm,
        scope="submissions-manuscript",
        template="submissions/manuscript_form.html",
        context={"crumbs": [(_("Submit a manuscript"), None)]},
        on_valid=on_valid,
    )


@never_cache
def submit_done(request):
    number = request.session.get("submissions_manuscript")
    if not number:
        return redirect("submissions:submit")
    return render(
        request,
        "submissions/manuscript_done.html",
        {
            "tracking_number": number,
            "status_url": request.build_absolute_uri(reverse("submissions:status")),
            "crumbs": [
                (_("Submit a manuscript"), reverse("submissions:submit")),
                (_("Received"), None),
            ],
        },
    )


STATUS_STEPS = [
    Manuscript.Status.RECEIVED,
    Manuscript.Status.FIRST_REVIEW,
    Manuscript.Status.SECOND_REVIEW,
    Manuscript.Status.ACCEPTED,
    Manuscript.Status.PUBLISHED,
]


def status_timeline(manuscript, article=None):
    """The steps a contributor sees: done (with the date reached), current, or to come.

    `article` is the manuscript's publicly visible article, if any: its publication
    makes the manuscript 已刊发 (dated by the article's publish time) without any save.
    """
    Status = Manuscript.Status
    dates = {}
    for change in manuscript.status_changes.all():
        dates[change.status] = change.changed_at
    if article is not None:
        dates[Status.PUBLISHED] = article.publish_at
    status = manuscript.public_status(article)
    steps = list(STATUS_STEPS)
    if status == Status.REJECTED:
        steps = [*steps[:3], Status.REJECTED]
    current = steps.index(status)
    return [
        {
            "label": Status(step).label,
            "status": step,
            "date": dates.get(step) if index <= current else None,
            "state": "done" if index < current else "current" if index == current else "todo",
        }
        for index, step in enumerate(steps)
    ]


def _lookup(request, *, form_class, scope, template, context, find):
    """Shared shape of both lookups: POST only, rate-limited, one answer for any miss."""
    context.setdefault("not_found", False)
    if request.method == "POST":
        limit = settings.SUBMISSIONS_LOOKUP_LIMIT
        period = settings.SUBMISSIONS_LOOKUP_PERIOD
        if ratelimit.is_limited(request, scope, limit, period):
            context.update({"form": form_class(), "rate_limited": True})
            return render(request, template, context, status=429)
        form = form_class(request.POST)
        if form.is_valid():
            found = find(form.cleaned_data)
            if found is not None:
                context.update(found)
                context["form"] = form_class()
                return render(request, template, context)
            context["not_found"] = True
    else:
        form = form_class()
    context["form"] = form
    return render(request, template, context)


@never_cache
def status(request):
    def find(data):
        manuscript = (
            Manuscript.objects.filter(
                tracking_number=data["tracking_number"], email__iexact=data["email"]
            )
            .prefetch_related("status_changes")
            .first()
        )
        if manuscript is None:
            return None
        article = manuscript.published_article()
        return {
            "manuscript": manuscript,
            "timeline": status_timeline(manuscript, article),
            "current_status": manuscript.public_status(article),
            "article_url": article.get_absolute_url() if article else "",
        }

    return _lookup(
        request,
        form_class=StatusLookupForm,
        scope="submissions-status",
        template="submissions/status.html",
        context={
            "crumbs": [
                (_("Submit a manuscript"), reverse("submissions:submit")),
                (_("Manuscript status"), None),
            ]
        },
        find=find,
    )


@never_cache
def message_create(request):
    def on_valid(form):
        message, code = services.submit_message(form, request)
        request.session["submissions_message"] = [message.number, code]
        return redirect("submissions:message-done")

    return _public_form(
        request,
        form_class=MessageForm,
        scope="submissions-message",
        template="submissions/message_form.html",
        context={
            "crumbs": [
                (_("Messages"), reverse("submissions:message-list")),
                (_("Leave a message"), None),
            ]
        },
        on_valid=on_valid,
    )


@never_cache
def message_done(request):
    saved = request.session.get("submissions_message")
    if not saved:
        return redirect("submissions:message-create")
    number, code = saved
    return render(
        request,
        "submissions/message_done.html",
        {
            "number": number,
            "query_code": code,
            "crumbs": [
                (_("Messages"), reverse("submissions:message-list")),
                (_("Message sent"), None),
            ],
        },
    )


@never_cache
def message_lookup(request):
    def find(data):
        message = Message.objects.filter(number=data["number"]).select_related("category").first()
        if message is None or not message.check_query_code(data["query_code"]):
            return None
        return {"message": message}

    return _lookup(
        request,
        form_class=MessageLookupForm,
        scope="submissions-message-lookup",
        template="submissions/message_lookup.html",
        context={
            "crumbs": [
                (_("Messages"), reverse("submissions:message-list")),
                (_("Find my message"), None),
            ]
        },
        find=find,
    )


class MessageListView(ListView):
    """留言选登: approved messages whose writers agreed, newest first, by category."""

    template_name = "submissions/message_list.html"
    context_object_name = "messages_page"
    paginate_by = 10

    def get_category(self):
        if not hasattr(self, "_category"):
            slug = self.request.GET.get("category", "")
            self._category = None
            if slug and len(slug) <= 50:
                self._category = next((c for c in self.categories() if c.slug == slug), None)
        return self._category

    def categories(self):
        if not hasattr(self, "_categories"):
            self._categories = list(MessageCategory.objects.published())
        return self._categories

    def get_queryset(self):
        queryset = Message.objects.published().select_related("category")
        category = self.get_category()
        if category is not None:
            queryset = queryset.filter(category=category)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = self.categories()
        context["category"] = self.get_category()
        context["crumbs"] = [(_("Messages"), None)]
        return context


@staff_member_required
def attachment_download(request, pk):
    """Stream a manuscript attachment to staff allowed to view manuscripts."""
    if not request.user.has_perm("submissions.view_manuscript"):
        raise PermissionDenied
    attachment = get_object_or_404(ManuscriptAttachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
