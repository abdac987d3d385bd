"""The live content the checks read: what readers can see now, one document at a time.

Articles (`Article.objects.published()`), association pages and magazine issues
(`published()`), and published messages that have an answer. Read in chunks with
`values_list`, so 20,000 articles never sit in memory as model instances.
"""

import functools
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from association.models import Issue, Page
from editorial.wordcheck import plain_text as html_to_text
from submissions.models import Message

CHUNK = 1000

KINDS = {
    "article": (Article, _("Article")),
    "page": (Page, _("Association page")),
    "issue": (Issue, _("Magazine issue")),
    "message": (Message, _("Message")),
}
FIELD_LABELS = {
    "title": _("title"),
    "subtitle": _("subtitle"),
    "summary": _("summary"),
    "body": _("body"),
    "description": _("description"),
    "subject": _("subject"),
    "content": _("content"),
    "reply": _("reply"),
    "name": _("name"),
}


@dataclass
class Document:
    """One live object as the checks read it: its fields as stored (`rich` names those
    that are HTML: links, images, headings), and as plain text for the word check."""

    kind: str
    pk: int
    title: str
    fields: dict = field(default_factory=dict)
    rich: tuple = ()

    @property
    def key(self):
        return f"{self.kind}:{self.pk}"

    @property
    def html(self):
        return {name: self.fields[name] for name in self.rich if name in self.fields}

    @functools.cached_property
    def texts(self):
        return {
            name: html_to_text(value) if name in self.rich else value
            for name, value in self.fields.items()
        }


def kind_label(kind):
    return str(KINDS[kind][1]) if kind in KINDS else kind


def content_type(kind):
    return ContentType.objects.get_for_model(KINDS[kind][0])


def kind_of(content_type_id):
    for kind, (model, _label) in KINDS.items():
        if ContentType.objects.get_for_model(model).pk == content_type_id:
            return kind
    return None


def admin_url(kind, pk):
    model = KINDS[kind][0]
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def public_url(kind, pk):
    if kind == "article":
        return Article(pk=pk).get_absolute_url()
    if kind == "message":
        return reverse("submissions:message-list")
    obj = KINDS[kind][0].objects.filter(pk=pk).first()
    return obj.get_absolute_url() if obj is not None else ""


def articles(queryset=None):
    rows = (queryset if queryset is not None else Article.objects.published()).order_by("pk")
    columns = ("pk", "title", "subtitle", "summary", "summary_auto", "body")
    for pk, title, subtitle, summary, auto, body in rows.values_list(*columns).iterator(CHUNK):
        fields = {"title": title, "subtitle": subtitle, "body": body}
        if not auto:  # an automatic summary is the body's start, checked with the body
            fields["summary"] = summary
        yield Document("article", pk, title, fields, ("body",))


def _pages(queryset):
    for pk, title, summary, body in (
        queryset.order_by("pk").values_list("pk", "title", "summary", "body").iterator(CHUNK)
    ):
        yield Document(
            "page", pk, title, {"title": title, "summary": summary, "body": body}, ("body",)
        )


def pages():
    return _pages(Page.objects.published())


def _issues(queryset):
    for issue in queryset.order_by("pk").iterator(CHUNK):
        yield Document(
            "issue", issue.pk, str(issue), {"description": issue.description}, ("description",)
        )


def issues():
    return _issues(Issue.objects.published().exclude(description=""))


def _messages(queryset):
    for pk, name, subject, text, reply in (
        queryset.order_by("pk")
        .values_list("pk", "name", "subject", "content", "reply")
        .iterator(CHUNK)
    ):
        yield Document(
            "message",
            pk,
            subject,
            {"name": name, "subject": subject, "content": text, "reply": reply},
        )


def messages():
    """Published messages with an answer: the reader's text and the answer are on the site."""
    return _messages(Message.objects.published().filter(~Q(reply="")))


def live_documents():
    yield from articles()
    yield from pages()
    yield from issues()
    yield from messages()


def load(kind, pk):
    """The document of one object, whatever its visibility (for showing a finding)."""
    readers = {
        "article": lambda: articles(Article.objects.filter(pk=pk)),
        "page": lambda: _pages(Page.objects.filter(pk=pk)),
        "issue": lambda: _issues(Issue.objects.filter(pk=pk)),
        "message": lambda: _messages(Message.objects.filter(pk=pk)),
    }
    if kind not in readers:
        return None
    return next(iter(readers[kind]()), None)
