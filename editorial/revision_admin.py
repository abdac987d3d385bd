"""Admin for models with revisions (articles, association pages): history, compare, restore,
and optimistic locking of the change form."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from . import audit, revisions
from .locking import LockedFormMixin

HISTORY_PAGE_SIZE = 50


class RevisionAdminMixin:
    """Put before ModelAdmin. The model needs `version`, `revision_fields`, `restore_fields`."""

    change_form_template = "editorial/admin/change_form.html"
    object_history_template = "editorial/admin/history.html"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not issubclass(form, LockedFormMixin):
            form = type(form.__name__, (LockedFormMixin, form), {})
        return form

    def revision_m2m(self, form):
        """Many-to-many values of a saved form, for the revision (no extra query)."""
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.record_revision(request, form.instance, form, change)

    def record_revision(self, request, obj, form, change):
        kind = revisions.Revision.Kind.SAVED if change else revisions.Revision.Kind.CREATED
        revisions.record(obj, request.user, kind, m2m=self.revision_m2m(form))

    # --- URLs and views ---------------------------------------------------------------------
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def _context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "object": obj,
            "title": title,
            "has_change_permission": self.has_change_permission(request, obj),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        obj = self._object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        history = revisions.revisions_of(obj).select_related("user").defer("data")
        page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("p"))
        context = self._context(
            request,
            obj,
            _("History: %(object)s") % {"object": obj},
            page=page,
            revisions=page.object_list,
            **(extra_context or {}),
        )
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        obj = self._object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        history = revisions.revisions_of(obj).select_related("user")
        try:
            ids = sorted({int(request.GET["a"]), int(request.GET["b"])})
        except (KeyError, ValueError):
            messages.error(request, _("Choose two revisions to compare."))
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]
                )
            )
        older = get_object_or_404(history, pk=ids[0])
        newer = get_object_or_404(history, pk=ids[-1])
        rows = revisions.compare(type(obj), older.data, newer.data)
        context = self._context(
            request, obj, _("Compare revisions"), older=older, newer=newer, rows=rows
        )
        return TemplateResponse(request, "editorial/admin/compare.html", context)

    def restore_view(self, request, object_id, revision_id):
        obj = self._object_or_404(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = get_object_or_404(revisions.revisions_of(obj), pk=revision_id)
        if request.method == "POST":
            response = self.restore_revision(request, obj, revision)
            if response is not None:
                return response
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            )
        current = self.current_revision_data(obj)
        rows = revisions.compare(type(obj), current, revision.data, only_changed=True)
        context = self._context(
            request,
            obj,
            _("Restore a revision"),
            revision=revision,
            rows=rows,
            **self.restore_context(request, obj, revision),
        )
        return TemplateResponse(request, "editorial/admin/restore.html", context)

    def current_revision_data(self, obj):
        return revisions.snapshot(obj)

    def restore_context(self, request, obj, revision):
        return {}

    def restore_revision(self, request, obj, revision):
        """Apply `revision` to `obj` and keep a new revision; models with review override."""
        m2m = revisions.apply(obj, revision.data)
        obj.save()
        revisions.set_m2m(obj, m2m)
        revisions.record(obj, request.user, revisions.Revision.Kind.RESTORED, note=_("restored"))
        audit.record(request, audit.Action.RESTORED, obj)
        messages.success(request, _("The revision was restored."))
        return None
