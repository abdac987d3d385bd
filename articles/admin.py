import os

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from taggit.models import Tag

from portal.uploads import ImageValidator, RandomUploadPath, reencode_image

from .forms import ArticleAdminForm
from .models import Article, Attachment, Channel, HomeBlock, Source, Topic
from .services import invalidate_article_caches

# Images put into bodies are scaled down to this width (px); the originals are not kept.
BODY_IMAGE_MAX_WIDTH = 1600
body_image_path = RandomUploadPath("editor")


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order", "show_in_navigation", "active"]
    list_editable = ["order", "show_in_navigation", "active"]
    list_filter = ["active", "show_in_navigation", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {}
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "articles/admin/article_change_form.html"
    list_display = [
        "title",
        "channel",
        "status",
        "publish_at",
        "view_count",
        "is_pinned",
        "visible",
    ]
    list_filter = ["status", "is_pinned", "channel", "topics", "publish_at"]
    search_fields = ["title", "source__name", "body"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["channel", "topics", "source"]
    inlines = [AttachmentInline]
    # Other apps link articles to their own records (zones, member associations) and add
    # their inlines here from their admin modules, so this app does not import them.
    extra_inlines = []
    readonly_fields = ["view_count", "created_by", "created_at", "updated_by", "updated_at"]
    actions = ["submit_for_review", "publish", "withdraw", "pin", "unpin"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "channel", "topics", "tags", "new_tags", "body"]}),
        (_("Source"), {"fields": ["source", "new_source", "author"]}),
        (_("Cover and summary"), {"fields": ["cover", "summary"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "is_pinned"]}),
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

    def get_inlines(self, request, obj):
        return [*self.inlines, *self.extra_inlines]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel", "source")

    @admin.display(boolean=True, description=_("visible"))
    def visible(self, obj):
        return obj.is_published

    # Roles: the publish permission decides who may publish, withdraw and pin.
    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("is_pinned")
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        can_publish = self.has_publish_permission(request)

        class RoleForm(form_class):
            def __init__(self, *args, **kw):
                kw.setdefault("can_publish", can_publish)
                super().__init__(*args, **kw)

        return RoleForm

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # The form already refuses this; the model layer says no as well.
            original = (
                Article.objects.filter(pk=obj.pk)
                .values("status", "is_pinned", "publish_at")
                .first()
            )
            was = original or {"status": None, "is_pinned": False, "publish_at": None}
            reviewer_only = {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}
            status_changed = obj.status != was["status"]
            if (
                (
                    status_changed
                    and (obj.status in reviewer_only or was["status"] == Article.Status.PUBLISHED)
                )
                or obj.is_pinned != was["is_pinned"]
                or (
                    was["status"] == Article.Status.PUBLISHED
                    and obj.publish_at != was["publish_at"]
                )
            ):
                raise PermissionDenied
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

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

    # Bulk actions. update() sends no signals: each action drops the caches itself.
    def _bulk_update(self, request, queryset, message, **changes):
        count = queryset.update(updated_by=request.user, updated_at=timezone.now(), **changes)
        invalidate_article_caches()
        self.message_user(request, message(count), messages.SUCCESS)

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._bulk_update(
            request,
            queryset.filter(status=Article.Status.DRAFT),
            lambda n: (
                ngettext(
                    "%(count)d article submitted for review.",
                    "%(count)d articles submitted for review.",
                    n,
                )
                % {"count": n}
            ),
            status=Article.Status.PENDING,
        )

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: (
                ngettext("%(count)d article published.", "%(count)d articles published.", n)
                % {"count": n}
            ),
            status=Article.Status.PUBLISHED,
        )

    @admin.action(description=_("Withdraw"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: (
                ngettext("%(count)d article withdrawn.", "%(count)d articles withdrawn.", n)
                % {"count": n}
            ),
            status=Article.Status.WITHDRAWN,
        )

    @admin.action(description=_("Pin as headline"), permissions=["publish"])
    def pin(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: (
                ngettext("%(count)d article pinned.", "%(count)d articles pinned.", n)
                % {"count": n}
            ),
            is_pinned=True,
        )

    @admin.action(description=_("Remove from headlines"), permissions=["publish"])
    def unpin(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: (
                ngettext("%(count)d article unpinned.", "%(count)d articles unpinned.", n)
                % {"count": n}
            ),
            is_pinned=False,
        )

    # Image upload for the body editor.
    def get_urls(self):
        upload = self.admin_site.admin_view(require_POST(self.upload_image))
        return [
            path("upload-image/", upload, name="articles_article_upload_image"),
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
        name = default_storage.save(body_image_path(None, clean.name), clean)
        alt = os.path.splitext(os.path.basename(upload.name or ""))[0][:100]
        return JsonResponse(
            {"url": default_storage.url(name), "width": width, "height": height, "alt": alt}
        )
