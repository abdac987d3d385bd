"""The content checks panel of the article form (内容检查): what to look at before submitting.

The rules are `portal.contentcheck`'s, the same `manage.py site_health` applies to live
content, plus the word check of the workflow (`services.check_words`). Nothing here
blocks a save; block words keep blocking where they always did (submitting, publishing).

The panel is rendered with the form (from the saved text, or the text just posted) and
again, without saving, whenever the editor asks (`static/js/article-checks.js` posts
the form's text to `view()`).
"""

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from editorial import wordcheck
from portal import contentcheck
from portal.sanitize import clean_html

from . import services
from .models import Article

# The checks in the order the panel lists them, with what each looks at.
CHECKS = [
    (contentcheck.IMAGE_ALT, _("Images have alt text")),
    (contentcheck.HEADING_ORDER, _("Headings in order")),
    (contentcheck.LINK_BROKEN, _("Links of this site lead somewhere")),
    (contentcheck.LINK_HTTP, _("Links use https: where the site offers it")),
    (contentcheck.TITLE_LONG, _("The title fits the lists")),
    (contentcheck.SUMMARY_EMPTY, _("A summary is written")),
    (contentcheck.IMAGE_SCALED, _("Images were not scaled down on upload")),
    ("words", _("No sensitive words or typos")),
]


def values_from(data, instance=None):
    """What the panel checks: title, subtitle, summary, body and whether the summary is the
    automatic one, from posted data (or the saved article when nothing was posted)."""
    if data is None:
        instance = instance or Article()
        return {
            "title": instance.title,
            "subtitle": instance.subtitle,
            "summary": instance.summary,
            "body": instance.body,
            "summary_auto": bool(instance.summary_auto),
            "pk": instance.pk,
        }
    summary = (data.get("summary") or "").replace("\r\n", "\n")
    automatic = not summary.strip()
    if not automatic and instance is not None and instance.summary_auto:
        # The form shows the automatic summary: posted back unchanged, it is still automatic.
        automatic = summary.strip() == (instance.summary or "").strip()
    return {
        "title": data.get("title") or "",
        "subtitle": data.get("subtitle") or "",
        "summary": summary,
        "body": clean_html(data.get("body") or ""),
        "summary_auto": automatic,
        "pk": instance.pk if instance is not None else None,
    }


def findings(values):
    """{"checks": [(code, label, [Finding])], "hits": word hits, "blocked": bool}."""
    base = Article(pk=values["pk"]).get_absolute_url() if values.get("pk") else "/"
    found = contentcheck.check_body(values["body"], contentcheck.LinkResolver(), base=base)
    found += contentcheck.check_title(values["title"])
    found += contentcheck.check_summary(values["summary"], values["summary_auto"])
    hits = services.check_words(values)
    checks = [
        (code, label, [finding for finding in found if finding.code == code])
        for code, label in CHECKS
        if code != "words"
    ]
    return {
        "checks": checks,
        "words_label": CHECKS[-1][1],
        "hits": hits,
        "hits_html": services.render_word_hits(hits) if hits else "",
        "blocked": wordcheck.has_block(hits),
        "count": sum(len(items) for _code, _label, items in checks) + len(hits),
    }


def render(values):
    return render_to_string("articles/admin/_content_check_results.html", findings(values))


def for_form(form):
    """The panel's results for the article form as it is shown (saved or just posted)."""
    instance = form.instance if form.instance.pk else None
    if form.is_bound:
        return render(values_from(form.data, instance))
    if instance is None:  # a new article: nothing written yet, say what the panel is for
        return render_to_string("articles/admin/_content_check_results.html", {})
    return render(values_from(None, instance))


def view(request):
    """The panel for the text the editor has in the form now (POST), nothing saved."""
    if not (
        request.user.has_perm("articles.add_article")
        or request.user.has_perm("articles.change_article")
    ):
        raise PermissionDenied
    instance = None
    pk = request.POST.get("object")
    if pk and pk.isdigit():
        instance = Article.objects.filter(pk=pk).only("pk", "summary", "summary_auto").first()
    context = findings(values_from(request.POST, instance))
    return TemplateResponse(request, "articles/admin/_content_check_results.html", context)
