"""The live content the checks read: what readers can see now, one document at a time.

Articles (`Article.objects.published()`), association pages and magazine issues
(`published()`), and published messages that have an answer. Read in chunks with
`values_list`, so 20,000 articles never sit in memory as model instances.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from association.models import Issue, Page
from portal.wordcheck import plain_text as html_to_text
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
    kind: str
    pk: int
    title: str
    html: dict = field(default_factory=dict)  # rich-text fields: links, images, headings
    texts: dict = field(default_factory=dict)  # plain text for the word check

    @property
    def key(self):
        return f"{self.kind}:{self.pk}"


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
        texts = {"title": title, "subtitle": subtitle, "body": html_to_text(body)}
        if not auto:  # an automatic summary is the body's start, checked with the body
            texts["summary"] = summary
        yield Document("article", pk, title, {"body": body}, texts)


def pages():
    for pk, title, summary, body in (
        Page.objects.published().order_by("pk").values_list("pk", "title", "summary", "body")
    ).iterator(CHUNK):
        texts = {"title": title, "summary": summary, "body": html_to_text(body)}
        yield Document("page", pk, title, {"body": body}, texts)


def issues():
    for issue in Issue.objects.published().exclude(description="").order_by("pk").iterator(CHUNK):
        texts = {"description": html_to_text(issue.description)}
        yield Document("issue", issue.pk, str(issue), {"description": issue.description}, texts)


def messages():
    """Published messages with an answer: the reader's text and the answer are on the site."""
    rows = Message.objects.published().filter(~Q(reply="")).order_by("pk")
    for pk, name, subject, text, reply in rows.values_list(
        "pk", "name", "subject", "content", "reply"
    ).iterator(CHUNK):
        texts = {"name": name, "subject": subject, "content": text, "reply": reply}
        yield Document("message", pk, subject, {}, texts)


def live_documents():
    yield from articles()
    yield from pages()
    yield from issues()
    yield from messages()


def load(kind, pk):
    """The document of one object, whatever its visibility (for showing a finding)."""
    if kind == "article":
        found = articles(Article.objects.filter(pk=pk))
    elif kind == "page":
        found = (
            Document(
                "page",
                p.pk,
                p.title,
                {"body": p.body},
                {"title": p.title, "summary": p.summary, "body": html_to_text(p.body)},
            )
            for p in Page.objects.filter(pk=pk)
        )
    elif kind == "issue":
        found = (
            Document(
                "issue",
                i.pk,
                str(i),
                {"description": i.description},
                {"description": html_to_text(i.description)},
            )
            for i in Issue.objects.filter(pk=pk)
        )
    elif kind == "message":
        found = (
            Document(
                "message",
                m.pk,
                m.subject,
                {},
                {"name": m.name, "subject": m.subject, "content": m.content, "reply": m.reply},
            )
            for m in Message.objects.filter(pk=pk)
        )
    else:
        return None
    return next(iter(found), None)
