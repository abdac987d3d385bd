"""The 网站体检 and 统计 pages of the admin.

Both hang on a model of this app so that they appear in the admin's index for whoever
holds its permission (审核 and superusers, migration 0002): `health.view_healthrun` for
the site health report, `health.view_statistics` for the statistics.
"""

import csv
import io
import unicodedata

from django.contrib import admin, messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from editorial import wordcheck
from portal.spreadsheets import as_text

from . import charts, checks, content, services, statistics, words
from .models import HealthRun, Statistics, WordFinding


class PageAdmin(admin.ModelAdmin):
    """A model admin that is one page: only viewing, behind one permission."""

    permission = None

    def _may(self, request):
        return request.user.is_active and request.user.has_perm(self.permission)

    def has_module_permission(self, request):
        return self._may(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def page_context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }


# --- 网站体检 -----------------------------------------------------------------------------


def _urls(item):
    kind, pk = item.get("kind"), item.get("pk")
    if kind in content.KINDS and pk:
        item["admin_url"] = content.admin_url(kind, pk)
    elif kind == "nav" and pk:
        item["admin_url"] = reverse("admin:portal_navitem_change", args=[pk])
    elif kind == "link" and pk:
        item["admin_url"] = reverse("admin:portal_link_change", args=[pk])
    if kind in content.KINDS:
        item["kind_label"] = content.kind_label(kind)
    item["field_label"] = str(content.FIELD_LABELS.get(item.get("field"), item.get("field", "")))
    return item


def decorate(report):
    """The stored report with what the page shows: titles, thresholds, links to act."""
    thresholds = dict(checks.thresholds())
    kinds = dict(checks.Channel.Kind.choices)
    shown = []
    for check in report.get("checks", []):
        key = check["key"]
        if key == checks.WORDS:
            continue  # shown from the current findings, which follow the word lists
        check = {**check, "title": checks.CHECKS[key].title, "threshold": thresholds.get(key)}
        check["items"] = [_urls(dict(item)) for item in check["items"]]
        for row in check.get("channels", []):
            row["kind_label"] = kinds.get(row["kind"], row["kind"])
            row["state_label"] = checks.STATE_LABELS.get(row["state"], row["state"])
            row["admin_url"] = reverse("admin:articles_channel_change", args=[row["pk"]])
        for item in check["items"]:
            if "state" in item:
                item["state_label"] = checks.STATE_LABELS.get(item["state"], item["state"])
        if check.get("newest"):
            check["newest"] = _urls(dict(check["newest"]))
        shown.append(check)
    return shown


def words_check():
    check = checks.words_result()
    check.update(
        title=checks.CHECKS[checks.WORDS].title,
        threshold=dict(checks.thresholds())[checks.WORDS],
        scan=words.latest_scan(),
    )
    for item in check["items"]:
        _urls(item)
        item["context_url"] = reverse("admin:health_healthrun_word", args=[item["id"]])
        item["level_label"] = wordcheck.LEVEL_LABELS.get(item["level"], item["level"])
    return check


def trend_chart():
    runs = services.trend()
    if not runs:
        return ""
    points = [
        (f"{timezone.localtime(started):%m-%d %H:%M}", problems)
        for started, problems, _vetoes, _passed in runs
    ]
    alarms = {i for i, (_s, _p, _v, passed) in enumerate(runs) if not passed}
    return charts.line_chart(
        points, label=_("Problems found in the last runs"), height=140, highlight=alarms
    )


@admin.register(HealthRun)
class HealthRunAdmin(PageAdmin):
    permission = "health.view_healthrun"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.report_view), name="health_healthrun_changelist"),
            path("run/", view(require_POST(self.run_view)), name="health_healthrun_run"),
            path("words/<int:pk>/", view(self.word_view), name="health_healthrun_word"),
        ]

    def report_view(self, request):
        if not self._may(request):
            raise Http404
        recomputed = False
        if words.is_stale():
            # The lists changed in bulk (an import) since the findings were computed.
            words.scan()
            recomputed = True
        run = services.latest_run()
        context = self.page_context(
            request,
            _("Site health"),
            run=run,
            checks=decorate(run.report) if run else [],
            words=words_check(),
            words_recomputed=recomputed,
            trend=trend_chart(),
        )
        return TemplateResponse(request, "health/admin/report.html", context)

    def run_view(self, request):
        if not self._may(request):
            raise Http404
        run = services.run(user=request.user)
        if run.passed:
            messages.success(request, _("Site health computed: no veto item fails."))
        else:
            messages.error(
                request,
                _("Site health computed: %(count)s veto items fail.") % {"count": run.vetoes},
            )
        return HttpResponseRedirect(reverse("admin:health_healthrun_changelist"))

    def word_view(self, request, pk):
        """One object's text with the words of the lists marked (the finding's word first)."""
        if not self._may(request):
            raise Http404
        finding = get_object_or_404(WordFinding, pk=pk)
        kind = content.kind_of(finding.content_type_id)
        document = content.load(kind, finding.object_id)
        if document is None:
            raise Http404
        hits = wordcheck.check(document.texts)
        fields = []
        for field, text in document.texts.items():
            field_hits = [hit for hit in hits if hit.field == field]
            if text:
                fields.append(
                    {
                        "label": content.FIELD_LABELS.get(field, field),
                        "parts": marked(text, field_hits, finding.word),
                        "hits": len(field_hits),
                    }
                )
        context = self.page_context(
            request,
            _("“%(word)s” in %(title)s") % {"word": finding.word, "title": document.title},
            finding=finding,
            document=document,
            kind_label=content.kind_label(kind),
            admin_url=content.admin_url(kind, document.pk),
            public_url=content.public_url(kind, document.pk)
            if kind != "article"
            else reverse("articles:preview", args=[document.pk]),
            fields=fields,
            level_label=wordcheck.LEVEL_LABELS.get(finding.level, finding.level),
        )
        return TemplateResponse(request, "health/admin/word.html", context)


def marked(text, hits, word):
    """`text` as parts {text, mark, current}: the hits marked, those of `word` as current."""
    text = unicodedata.normalize("NFC", text)  # hits count positions in the NFC text
    parts, position = [], 0
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start < position:
            continue  # overlapping a hit already marked
        if hit.start > position:
            parts.append({"text": text[position : hit.start]})
        parts.append(
            {
                "text": text[hit.start : hit.end],
                "mark": True,
                "current": hit.word == word,
                "level": hit.level,
                "title": hit.level_label,
            }
        )
        position = hit.end
    parts.append({"text": text[position:]})
    return parts


# --- 统计 ---------------------------------------------------------------------------------

EXPORTS = {
    "views": gettext_lazy("views per day"),
    "channels": gettext_lazy("views per channel and day"),
    "top7": gettext_lazy("most read, 7 days"),
    "top30": gettext_lazy("most read, 30 days"),
    "published": gettext_lazy("published per channel and week"),
    "submissions": gettext_lazy("messages and manuscripts per week"),
    "search7": gettext_lazy("search terms, 7 days"),
    "search30": gettext_lazy("search terms, 30 days"),
    "nothing30": gettext_lazy("searches without results, 30 days"),
}


def csv_response(name, header, rows):
    """A CSV file Excel opens as UTF-8 (a byte order mark first); no cell runs as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([as_text(cell) for cell in header])
    for row in rows:
        writer.writerow([as_text(cell) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"statistics-{name}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _hours(value):
    return "" if value is None else value


def export_rows(name):
    """(header, rows) of one export."""
    if name in ("views", "channels"):
        site, channels = statistics.views_per_day()
        if name == "views":
            return [_("day"), _("views")], [(day.isoformat(), views) for day, views in site]
        header = [_("day"), *(channel for channel, _total, _series in channels)]
        days = [day for day, _views in site]
        series = [dict(points) for _name, _total, points in channels]
        return header, [(day.isoformat(), *(s[day] for s in series)) for day in days]
    if name in ("top7", "top30"):
        rows = statistics.most_read(7 if name == "top7" else 30)
        return [_("article"), _("channel"), _("views"), _("address")], [
            (title, channel, views, content.public_url("article", pk))
            for pk, title, channel, views in rows
        ]
    if name == "published":
        mondays, table, site = statistics.published_per_week()
        header = [_("channel"), *(monday.isoformat() for monday in mondays), _("total")]
        rows = [(channel, *counts, total) for channel, counts, total in table]
        rows.append((_("whole site"), *site, sum(site)))
        return header, rows
    if name == "submissions":
        messages_rows, manuscripts = statistics.submissions_per_week()
        header = [
            _("week"),
            _("messages received"),
            _("messages answered"),
            _("median hours to answer a message"),
            _("manuscripts received"),
            _("manuscripts answered"),
            _("median hours to answer a manuscript"),
        ]
        rows = [
            (m[0].isoformat(), m[1], m[2], _hours(m[3]), s[1], s[2], _hours(s[3]))
            for m, s in zip(messages_rows, manuscripts, strict=True)
        ]
        return header, rows
    if name in ("search7", "search30", "nothing30"):
        top, nothing = statistics.search_terms(7 if name == "search7" else 30)
        rows = nothing if name == "nothing30" else top
        return [_("query"), _("searches"), _("searches without results")], rows
    raise Http404


@admin.register(Statistics)
class StatisticsAdmin(PageAdmin):
    permission = "health.view_statistics"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("", view(self.statistics_view), name="health_statistics_changelist")]

    def statistics_view(self, request):
        if not self._may(request):
            raise Http404
        export = request.GET.get("export")
        if export:
            if export not in EXPORTS:
                raise Http404
            header, rows = export_rows(export)
            return csv_response(export, header, rows)
        site, channels = statistics.views_per_day()
        mondays, published, published_site = statistics.published_per_week()
        message_weeks, manuscript_weeks = statistics.submissions_per_week()
        top7, nothing7 = statistics.search_terms(7)
        top30, nothing30 = statistics.search_terms(30)
        may_add_synonym = request.user.has_perm("search.add_synonymgroup")
        synonym_url = reverse("admin:search_synonymgroup_add")
        context = self.page_context(
            request,
            _("Statistics"),
            views_chart=charts.line_chart(
                [(f"{day:%m-%d}", views) for day, views in site],
                label=_("Views per day, last 30 days"),
            ),
            views=site,
            views_total=sum(views for _day, views in site),
            channels=[
                (
                    name,
                    total,
                    charts.sparkline(
                        [(f"{d:%m-%d}", v) for d, v in points],
                        label=_("%(name)s: views per day") % {"name": name},
                    ),
                )
                for name, total, points in channels
            ],
            top7=statistics.most_read(7),
            top30=statistics.most_read(30),
            mondays=mondays,
            published=published,
            published_site=published_site,
            published_total=sum(published_site),
            published_chart=charts.bar_chart(
                [
                    (f"{monday:%m-%d}", count)
                    for monday, count in zip(mondays, published_site, strict=True)
                ],
                label=_("Articles published per week"),
            ),
            weeks=list(zip(message_weeks, manuscript_weeks, strict=True)),
            top_terms=[("7", top7), ("30", top30)],
            nothing=[
                (
                    query,
                    total,
                    zero,
                    f"{synonym_url}?{urlencode({'terms': query + ', '})}"
                    if may_add_synonym
                    else "",
                )
                for query, total, zero in nothing30
            ],
            nothing7=nothing7,
            exports=EXPORTS,
        )
        return TemplateResponse(request, "health/admin/statistics.html", context)
