import os

import taggit.admin  # noqa: F401  taggit registers its admin first, so TagAdmin replaces it
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from taggit.models import Tag, TaggedItem

from editorial import audit as audit_log
from editorial import revisions, wordcheck
from editorial.models import Revision
from editorial.revision_admin import RevisionAdminMixin
from portal import contentcheck
from portal.uploads import ImageValidator, RandomUploadPath, reencode_image

from . import contentpanel, services, workflow
from .forms import ArticleAdminForm
from .models import Article, Attachment, Channel, Headline, HomeBlock, Source, Topic
from .services import invalidate_article_caches

NO_COVER_WARNING = _(
    "Pinned without a cover image, so not shown in the home page carousel: %(titles)s. "
    "Add a cover to show it."
)


BLOCKED_MESSAGE = _(
    "The text contains blocked words (marked on this page). Remove them before the article "
    "is published."
)
CONFIRM_MESSAGE = _(
    "Check the words marked on this page. To publish the text as it is, tick “publish anyway”."
)


class ReviewForm(forms.Form):
    publish_anyway = forms.BooleanField(
        label=_("publish anyway"),
        required=False,
        help_text=_("I checked the words marked above and the article may go out as it is."),
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to send it back: the editor reads it on the article's page."),
    )


# Images put into bodies are scaled down to this width (px); the originals are not kept.
BODY_IMAGE_MAX_WIDTH = 1600
body_image_path = RandomUploadPath("editor")


def uploaded_size(upload):
    """(width, height) of an uploaded image as stored (read from its header), or None."""
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            return image.size
    except Exception:  # the validator accepted it already; the size is only informative
        return None
    finally:
        upload.seek(0)


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "kind", "order", "show_in_navigation", "active"]
    list_editable = ["kind", "order", "show_in_navigation", "active"]
    list_filter = ["active", "kind", "show_in_navigation", "parent"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["title", "slug"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(HomeBlock)
class HomeBlockAdmin(admin.ModelAdmin):
    list_display = ["__str__", "channel", "order", "count", "active"]
    list_editable = ["order", "count", "active"]
    autocomplete_fields = ["channel"]
    list_select_related = ["channel"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1
    fields = ["title", "file", "order"]


class PendingChangesFilter(admin.SimpleListFilter):
    title = _("changes pending review")
    parameter_name = "pending_changes"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pending_revision__isnull=False)
        if self.value() == "no":
            return queryset.filter(pending_revision__isnull=True)
        return queryset


def bulk_action(name, spec):
    """An admin action from a row of `workflow.BULK_ACTIONS`."""

    def action(modeladmin, request, queryset):
        return modeladmin.run_bulk_action(request, queryset, spec)

    action.__name__ = name
    return admin.action(description=spec.description, permissions=[spec.permission])(action)


@admin.register(Article)
class ArticleAdmin(RevisionAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "articles/admin/article_change_form.html"
    list_display = [
        "title",
        "channel",
        "workflow_status",
        "publish_at",
        "view_count",
        "is_pinned",
        "visible",
    ]
    list_filter = [
        "status", PendingChangesFilter, "is_pinned", "channel", "topics", "publish_at"
    ]  # fmt: skip
    search_fields = ["title", "source__name", "body"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["channel", "topics", "source"]
    inlines = [AttachmentInline]
    # Other apps link articles to their own records (zones, member associations) and add
    # their inlines here from their admin modules, so this app does not import them.
    extra_inlines = []
    readonly_fields = ["view_count", "created_by", "created_at", "updated_by", "updated_at"]
    actions = [bulk_action(name, spec) for name, spec in workflow.BULK_ACTIONS.items()]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "channel", "topics", "tags", "new_tags", "body"]}),
        (_("Source"), {"fields": ["source", "new_source", "author"]}),
        (_("Cover and summary"), {"fields": ["cover", "summary"]}),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "offline_at", "is_pinned", "headline_position"]},
        ),
        (
            _("History"),
            {
                "classes": ["collapse"],
                "fields": ["view_count", "created_by", "created_at", "updated_by", "updated_at"],
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # taggit's field is a comma-separated text box; editors pick existing tags with
            # the admin's autocomplete instead (TagAdmin has search_fields) and type new ones
            # in "new tags".
            return forms.ModelMultipleChoiceField(
                queryset=Tag.objects.order_by("name"),
                required=False,
                label=db_field.verbose_name,
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel", "source")

    @admin.display(boolean=True, description=_("visible"))
    def visible(self, obj):
        return obj.is_published

    @admin.display(description=_("status"), ordering="status")
    def workflow_status(self, obj):
        if obj.has_pending_changes:
            return _("Published, changes pending review")
        return obj.get_status_display()

    # Roles: the publish permission decides who may publish, withdraw and pin.
    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        if super().has_delete_permission(request, obj):
            return True
        # Editors may delete their own drafts, one at a time from the draft's page.
        return (
            obj is not None
            and obj.status == Article.Status.DRAFT
            and obj.created_by_id == request.user.pk
            and self.has_change_permission(request, obj)
        )

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not super().has_delete_permission(request):
            # An editor deleting an own draft: what goes with it (its search entry, links,
            # attachments) belongs to the draft, whatever rights those models ask for.
            perms_needed = set()
        return deleted, counts, perms_needed, protected

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["is_pinned", "headline_position"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        user = request.user

        class RoleForm(form_class):
            def __init__(self, *args, **kw):
                kw.setdefault("user", user)
                super().__init__(*args, **kw)

        return RoleForm

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if (
            obj is not None
            and obj.has_pending_changes
            and request.resolver_match
            and (
                request.resolver_match.url_name
                == f"{self.opts.app_label}_{self.opts.model_name}_change"
            )
        ):
            # The change form edits the pending changes, not the live version.
            pending = obj.pending_revision
            revisions.apply(obj, pending.data, [*Article.restore_fields, "offline_at"])
            obj.summary_auto = pending.data.get("summary_auto", obj.summary_auto)
            obj._pending_m2m = {
                "topics": [pk for pk, _label in pending.data.get("topics", [])],
                "tags": pending.data.get("tags", []),
            }
        return obj

    def get_inline_instances(self, request, obj=None):
        inlines = [inline(self.model, self.admin_site) for inline in self.get_inlines(request, obj)]
        inlines = [
            inline
            for inline in inlines
            if inline.has_view_or_change_permission(request, obj)
            or inline.has_add_permission(request, obj)
        ]
        if obj is not None and workflow.changes_need_review(request.user, obj.status):
            # Attachments show on the live article but are not part of the reviewed changes:
            # an editor sees them, a reviewer changes them. (Links to zones and members
            # stay editable: they are filed with the zone, not shown in the article.)
            for inline in inlines:
                if not isinstance(inline, AttachmentInline):
                    continue
                inline.has_add_permission = lambda request, obj=None: False
                inline.has_change_permission = lambda request, obj=None: False
                inline.has_delete_permission = lambda request, obj=None: False
        return inlines

    def get_inlines(self, request, obj):
        return [*self.inlines, *self.extra_inlines]

    def get_view_on_site_url(self, obj=None):
        if obj is not None and obj.pk and not obj.is_published:
            return reverse("articles:preview", args=[obj.pk])  # drafts open the preview
        return super().get_view_on_site_url(obj)

    # --- Saving: the workflow table decides, services do ------------------------------------
    def save_model(self, request, obj, form, change):
        original = (
            Article.objects.filter(pk=obj.pk).values("status", "is_pinned", "publish_at").first()
            if change
            else None
        ) or {"status": None, "is_pinned": False, "publish_at": None}
        try:
            transition = workflow.move(request.user, original["status"], obj.status)
        except PermissionError:
            raise PermissionDenied from None  # the form refuses this; the model layer too
        if not self.has_publish_permission(request) and (
            obj.is_pinned != original["is_pinned"]
            or (
                original["status"] == Article.Status.PUBLISHED
                and obj.publish_at != original["publish_at"]
            )
        ):
            raise PermissionDenied
        form._transition = transition
        form._for_review = change and workflow.changes_need_review(request.user, original["status"])
        if form._for_review:
            # Nothing is written to the live article; save_related keeps the changes.
            cover = obj._meta.get_field("cover")
            if "cover" in form.changed_data and obj.cover:
                cover.pre_save(obj, add=False)  # store the new file, keep its name
            return
        if transition is not None and transition.target == Article.Status.PUBLISHED:
            services.stamp_publish_time(obj)
            obj.review_note = ""
        if transition is not None and transition.name == "submit":
            obj.review_note = ""
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if obj.has_pending_changes:
            # A reviewer's save publishes the pending changes the form showed.
            form._published_changes_of = obj.pending_revision.user
            obj.pending_revision = None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if getattr(form, "published_anyway", False):
            services.record_published_anyway(request, obj, form.word_hits)
        if form.word_hits and not getattr(form, "published_anyway", False):
            messages.warning(
                request,
                _("Words to check (the reviewer sees them too): %(words)s")
                % {"words": wordcheck.summary(form.word_hits)},
            )
        if getattr(form, "_for_review", False):
            services.save_changes_for_review(
                obj, obj, request.user, m2m=form.m2m_values(), request=request
            )
            for formset in formsets:
                if formset.model is Attachment:  # read-only here (get_inline_instances)
                    formset.new_objects, formset.changed_objects = [], []
                    formset.deleted_objects = []
                else:
                    self.save_formset(request, form, formset, change=True)
            messages.info(
                request,
                _(
                    "Your changes were sent to the reviewers. Readers see the published "
                    "version until a reviewer publishes them."
                ),
            )
            return
        admin.ModelAdmin.save_related(self, request, form, formsets, change)
        transition = getattr(form, "_transition", None)
        changes_by = getattr(form, "_published_changes_of", None)
        if transition is None and changes_by is not None:
            transition = workflow.TRANSITIONS["publish"]  # a reviewer's save of pending changes
        kind = services.KIND_OF.get(transition.name) if transition else None
        kind = kind or (Revision.Kind.SAVED if change else Revision.Kind.CREATED)
        revisions.record(obj, request.user, kind, m2m=form.m2m_values())
        if not change:
            services.audit(request, "created", obj)
        if transition is not None:
            action = services.AUDIT_ACTION.get(transition.name, services.KIND_OF[transition.name])
            services.audit(request, action, obj)
            services.after_transition(
                obj, transition.name, request.user, request=request, changes_by=changes_by
            )
        elif change:
            services.audit(request, "changed", obj)
        if obj.is_pinned and not obj.cover:
            messages.warning(request, NO_COVER_WARNING % {"titles": obj.title})

    def record_revision(self, request, obj, form, change):
        pass  # save_related above records the revision with the workflow's kind

    def delete_model(self, request, obj):
        services.audit(request, "deleted", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        audit_log.record_many(request, audit_log.Action.DELETED, list(queryset))
        super().delete_queryset(request, queryset)

    def _redirect_to_preview(self, request, obj):
        return HttpResponseRedirect(reverse("articles:preview", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return self._redirect_to_preview(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return self._redirect_to_preview(request, obj)
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_publish": workflow.can_publish(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Bulk actions: one table (workflow.BULK_ACTIONS), one loop --------------------------
    def run_bulk_action(self, request, queryset, spec):
        done, skipped, blocked, unconfirmed = [], [], [], []
        checked = spec.transition in ("publish", "submit")
        for article in queryset.select_related("pending_revision"):
            if not workflow.can(request.user, article, spec.transition):
                skipped.append(article)
                continue
            if checked:
                content = article.pending_revision.data if article.has_pending_changes else article
                hits = services.check_words(content)
                if wordcheck.has_block(hits):
                    blocked.append(article)
                    continue
                if hits and spec.transition == "publish":
                    unconfirmed.append(article)  # "publish anyway" is asked one by one
                    continue
            done.append(
                services.apply_transition(article, spec.transition, request.user, request=request)
            )
        invalidate_article_caches()
        if done:
            self.message_user(request, spec.done % {"count": len(done)}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                _("Not changed, the action does not apply to their status: %(titles)s")
                % {"titles": "、".join(article.title for article in skipped)},
                messages.WARNING,
            )
        if blocked:
            self.message_user(
                request,
                _("Refused, the text contains blocked words: %(titles)s")
                % {"titles": "、".join(article.title for article in blocked)},
                messages.ERROR,
            )
        if unconfirmed:
            self.message_user(
                request,
                _(
                    "Not published, sensitive words or possible typos need a look first: "
                    "%(titles)s. Open each to check and publish it."
                )
                % {"titles": "、".join(article.title for article in unconfirmed)},
                messages.WARNING,
            )
        without_cover = [a.title for a in done if spec.transition == "pin" and not a.cover]
        if without_cover:
            self.message_user(
                request, NO_COVER_WARNING % {"titles": "、".join(without_cover)}, messages.WARNING
            )

    # --- Review: publish or reject, with a diff against the live version ---------------------
    def review_view(self, request, object_id):
        article = self._object_or_404(request, object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        changes = article.has_pending_changes
        if not changes and article.status != Article.Status.PENDING:
            messages.info(request, _("Nothing of this article waits for review."))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        proposed = article.pending_revision.data if changes else article
        hits = services.check_words(proposed)
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            decision = "reject" if "_reject" in request.POST else "publish"
            confirmed = form.cleaned_data["publish_anyway"]
            if decision == "reject" and not form.cleaned_data["reason"]:
                form.add_error("reason", _("Say why the article is sent back."))
            elif decision == "publish" and wordcheck.has_block(hits):
                form.add_error(None, BLOCKED_MESSAGE)
            elif decision == "publish" and hits and not confirmed:
                form.add_error("publish_anyway", CONFIRM_MESSAGE)
            else:
                if decision == "publish" and hits:
                    services.record_published_anyway(request, article, hits)
                services.apply_transition(
                    article,
                    decision,
                    request.user,
                    request=request,
                    reason=form.cleaned_data["reason"],
                )
                if decision == "publish":
                    messages.success(request, _("Published."))
                else:
                    messages.success(request, _("Sent back to the editor with your reason."))
                return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        live = revisions.snapshot(article)
        proposed = article.pending_revision.data if changes else live
        rows = revisions.compare(Article, live if changes else {}, proposed)
        if not (hits and not wordcheck.has_block(hits)):
            del form.fields["publish_anyway"]
        context = self._context(
            request,
            article,
            _("Review: %(title)s") % {"title": article.title},
            form=form,
            rows=rows,
            changes=changes,
            submitted=article.pending_revision if changes else None,
            word_hits=services.render_word_hits(hits) if hits else "",
        )
        return TemplateResponse(request, "articles/admin/review.html", context)

    def current_revision_data(self, obj):
        if obj.has_pending_changes:
            return obj.pending_revision.data
        return revisions.snapshot(obj)

    def _restore_check(self, request, obj, revision):
        """(hits, goes live, checked): the restored text is checked when it goes to readers
        or to review."""
        content = {**self.current_revision_data(obj), **revision.data}
        live = obj.status == Article.Status.PUBLISHED and workflow.can_publish(request.user)
        checked = obj.status in (Article.Status.PUBLISHED, Article.Status.PENDING)
        return (services.check_words(content) if checked else []), live, checked

    def restore_context(self, request, obj, revision):
        hits, live, _checked = self._restore_check(request, obj, revision)
        return {
            "word_hits": services.render_word_hits(hits) if hits else "",
            "word_blocked": wordcheck.has_block(hits),
            "word_confirm": bool(hits) and live and not wordcheck.has_block(hits),
        }

    def restore_revision(self, request, obj, revision):
        hits, live, _checked = self._restore_check(request, obj, revision)
        restore_url = reverse("admin:articles_article_restore", args=[obj.pk, revision.pk])
        if wordcheck.has_block(hits):
            messages.error(request, BLOCKED_MESSAGE)
            return HttpResponseRedirect(restore_url)
        if hits and live:
            if not request.POST.get("publish_anyway"):
                messages.error(request, CONFIRM_MESSAGE)
                return HttpResponseRedirect(restore_url)
            services.record_published_anyway(request, obj, hits)
        for_review = workflow.changes_need_review(request.user, obj.status)
        services.restore(obj, revision, request.user, request=request, for_review=for_review)
        self.log_change(request, obj, _("Restored a revision."))
        if for_review:
            messages.info(
                request,
                _("The restored version was sent to the reviewers; readers see it once published."),
            )
        else:
            messages.success(request, _("The revision was restored."))
        return None

    # Image upload for the body editor.
    def get_urls(self):
        upload = self.admin_site.admin_view(require_POST(self.upload_image))
        review = self.admin_site.admin_view(self.review_view)
        checks = self.admin_site.admin_view(require_POST(contentpanel.view))
        return [
            path("upload-image/", upload, name="articles_article_upload_image"),
            path("content-check/", checks, name="articles_article_contentcheck"),
            path("<path:object_id>/review/", review, name="articles_article_review"),
            *super().get_urls(),
        ]

    def upload_image(self, request):
        """Validate, scale down and store an image for a body; answer its URL as JSON."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        upload = request.FILES.get("image")
        if upload is None:
            return JsonResponse({"error": str(_("Choose an image to upload."))}, status=400)
        try:
            ImageValidator()(upload)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        # Re-encoded from its pixels (upright, no EXIF or comments), scaled to the body width.
        clean = reencode_image(upload, max_width=BODY_IMAGE_MAX_WIDTH)
        width, height = clean.image_size
        name = body_image_path(None, clean.name)
        original = uploaded_size(upload)
        if original and max(original) > max(width, height):
            # Scaled down: the name says from what, for the content checks' panel.
            name = contentcheck.scaled_image_name(name, original)
        name = default_storage.save(name, clean)
        alt = os.path.splitext(os.path.basename(upload.name or ""))[0][:100]
        return JsonResponse(
            {"url": default_storage.url(name), "width": width, "height": height, "alt": alt}
        )


@admin.register(Headline)
class HeadlineAdmin(admin.ModelAdmin):
    """头条: the pinned articles, where reviewers set the order of the carousel."""

    list_display = ["article", "headline_position", "has_cover", "publish_at", "visible"]
    list_display_links = None
    list_editable = ["headline_position"]
    ordering = ["headline_position", "-publish_at", "-id"]
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_pinned=True)

    def _may(self, request):
        return workflow.can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return super().get_urls()[:1]  # the list only; articles are edited as articles

    @admin.display(description=_("article"), ordering="title")
    def article(self, obj):
        url = reverse("admin:articles_article_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.title)

    @admin.display(boolean=True, description=_("cover image"))
    def has_cover(self, obj):
        return bool(obj.cover)

    @admin.display(boolean=True, description=_("visible"))
    def visible(self, obj):
        return obj.is_published

    def save_model(self, request, obj, form, change):
        # A save of the article like any other (version and revision): a form opened before
        # is refused instead of undoing the new order.
        obj.save(update_fields=["headline_position"])
        revisions.record(obj, request.user, Revision.Kind.SAVED, note=_("headline position"))


# --- Tags (django-taggit) -------------------------------------------------------------------
# taggit's own admin is in English and its merge view checks no permission; reviewers
# rename a tag on its change page (change_tag) and merge tags with this action, which
# needs change_tag and delete_tag (the merged tags are deleted).


class MergeTagsForm(forms.Form):
    name = forms.CharField(
        label=_("merge into the tag"),
        max_length=100,
        help_text=_("An existing tag or a new name; the other selected tags are removed."),
    )


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "use_count"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    fields = ["name", "slug"]
    actions = ["merge_tags"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(use_total=Count("taggit_taggeditem_items"))

    @admin.display(description=_("uses"), ordering="use_total")
    def use_count(self, obj):
        return obj.use_total

    def has_merge_permission(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description=_("Merge the selected tags"), permissions=["merge"])
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("name"))
        form = MergeTagsForm(
            request.POST if "apply" in request.POST else None,
            initial={"name": tags[0].name if tags else ""},
        )
        if form.is_valid():
            target = merge_tags(tags, form.cleaned_data["name"])
            self.message_user(
                request,
                _("%(count)d tags merged into “%(name)s”.")
                % {"count": len(tags), "name": target.name},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "opts": self.model._meta,
            "tags": tags,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge_tags.html", context)


@transaction.atomic
def merge_tags(tags, name):
    """Move every use of `tags` to the tag called `name` (created if new); delete the rest."""
    name = " ".join(name.split())
    target = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
    for tag in tags:
        if tag.pk == target.pk:
            continue
        for item in TaggedItem.objects.filter(tag=tag):
            duplicate = TaggedItem.objects.filter(
                tag=target, content_type_id=item.content_type_id, object_id=item.object_id
            ).exists()
            if duplicate:
                item.delete()
            else:
                item.tag = target
                item.save(update_fields=["tag"])
        tag.delete()
    return target
