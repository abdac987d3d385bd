from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from articles.admin import ArticleAdmin
from articles.forms import BodyEditorWidget
from editorial.revision_admin import RevisionAdminMixin
from portal.auditing import AuditedAdminMixin
from portal.chrome import invalidate
from portal.sanitize import text_to_paragraphs
from portal.spreadsheets import XLSX

from .models import Industry, Issue, MemberAssociation, Page, PageAttachment, TocEntry, Zone
from .resources import ChineseCSV, UnreadableFile, ZoneResource

# Django's image form field opens the upload before our validators run and answers a damaged
# file with its generic "upload a valid image"; say what is wrong and what to do instead.
DAMAGED_IMAGE = _(
    "The image could not be read: the file is damaged or incomplete. "
    "Save it again as PNG or JPEG and upload it again."
)
FORMFIELD_OVERRIDES = {
    models.URLField: {"assume_scheme": "https"},
    models.ImageField: {"error_messages": {"invalid_image": DAMAGED_IMAGE}},
}


class PageAttachmentInline(admin.TabularInline):
    model = PageAttachment
    extra = 0
    fields = ["title", "file", "order"]


# Association pages and magazine descriptions use the articles' rich-text editor (with
# image upload, video and Word paste); the models sanitise what it sends on every save.
class RichTextWidget(BodyEditorWidget):
    """Text saved from a plain box (no markup) opens with one paragraph per line."""

    def format_value(self, value):
        return text_to_paragraphs(super().format_value(value) or "")


RICH_TEXT = {models.TextField: {"widget": RichTextWidget}}


@admin.register(Page)
class PageAdmin(RevisionAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    # RevisionAdminMixin: a revision per save, history/compare/restore, optimistic locking;
    # AuditedAdminMixin: created/changed/deleted in the audit log.
    formfield_overrides = RICH_TEXT
    list_display = ["title", "slug", "parent", "order", "active", "updated_at"]
    list_editable = ["order"]
    list_filter = ["active", "parent"]
    search_fields = ["title", "slug", "body"]
    inlines = [PageAttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "order", "active"]}),
        (None, {"fields": ["summary", "body"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


@admin.register(MemberAssociation)
class MemberAssociationAdmin(admin.ModelAdmin):
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = ["name", "province", "website", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active", "province"]
    search_fields = ["name", "description", "contact"]
    autocomplete_fields = ["articles"]
    actions = ["activate", "deactivate"]

    @admin.action(description=_("Show the selected associations"))
    def activate(self, request, queryset):
        queryset.update(active=True)
        invalidate()  # update() sends no signal; the footer lists active members

    @admin.action(description=_("Hide the selected associations"))
    def deactivate(self, request, queryset):
        queryset.update(active=False)
        invalidate()


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "zone_count"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(zone_count=Count("zones"))

    @admin.display(description=_("zones"), ordering="zone_count")
    def zone_count(self, obj):
        return obj.zone_count


@admin.register(Zone)
class ZoneAdmin(ImportExportModelAdmin):
    resource_classes = [ZoneResource]
    formats = [ChineseCSV, XLSX]
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = [
        "name", "province", "city", "region", "level", "type", "year_approved", "active"
    ]  # fmt: skip
    list_filter = ["active", "region", "level", "type", "province", "industries"]
    search_fields = ["name", "short_name", "city"]
    filter_horizontal = ["industries"]
    autocomplete_fields = ["articles"]
    readonly_fields = ["region"]

    # django-import-export lets every staff user import and export unless told otherwise:
    # importing creates and rewrites zones, exporting reads them all.
    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    fieldsets = [
        (None, {"fields": ["name", "short_name", "province", "city", "region", "level", "type"]}),
        (
            None,
            {"fields": ["industries", "year_approved", "area", "address", "website", "logo"]},
        ),
        (None, {"fields": ["introduction", "active"]}),
        (_("Related articles"), {"classes": ["collapse"], "fields": ["articles"]}),
    ]

    def add_data_read_fail_error_to_form(self, form, e):
        # A file in an encoding we cannot read: say so in Chinese, not "ValueError".
        if isinstance(e, UnreadableFile):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


class TocEntryInline(admin.TabularInline):
    model = TocEntry
    extra = 1
    fields = ["order", "section", "title", "author", "page", "article"]
    autocomplete_fields = ["article"]
    # Column widths so the whole table fits a 1440 px screen next to the admin's sidebar.
    widths = {"order": "4em", "page": "4em", "section": "8em", "author": "8em", "title": "22em"}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.widths:
            field.widget.attrs["style"] = f"width: {self.widths[db_field.name]}"
        return field


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    formfield_overrides = {**FORMFIELD_OVERRIDES, **RICH_TEXT}
    list_display = ["__str__", "total_number", "theme", "publish_date", "published", "has_pdf"]
    list_filter = ["published", "year"]
    search_fields = ["theme", "entries__title", "entries__author"]
    date_hierarchy = "publish_date"
    inlines = [TocEntryInline]
    fieldsets = [
        (None, {"fields": ["year", "number", "total_number", "theme"]}),
        (None, {"fields": ["cover", "pdf", "publish_date", "published"]}),
        (None, {"fields": ["description"]}),
    ]
    actions = ["publish", "unpublish"]

    @admin.display(description=_("PDF"), boolean=True)
    def has_pdf(self, obj):
        return bool(obj.pdf)

    @admin.action(description=_("Publish the selected issues"))
    def publish(self, request, queryset):
        queryset.update(published=True)

    @admin.action(description=_("Unpublish the selected issues"))
    def unpublish(self, request, queryset):
        queryset.update(published=False)


class ArticleLinkInline(admin.TabularInline):
    """Links an article to zones or member associations from the article's own form.

    Linking is part of editing the article, so it needs the article permissions, not the
    right to edit zone or member records themselves.
    """

    extra = 0
    fk_name = "article"

    def _may_edit_article(self, request):
        return request.user.has_perm("articles.change_article")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return self._may_edit_article(request)

    def has_change_permission(self, request, obj=None):
        return self._may_edit_article(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit_article(request)

    # The auto-created link table names its columns after the models ("zone"), which the
    # inline shows as an untranslated header: give them the Chinese labels.
    column_label = None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != self.fk_name:
            kwargs["label"] = self.column_label
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ArticleZoneInline(ArticleLinkInline):
    model = Zone.articles.through
    autocomplete_fields = ["zone"]
    column_label = _("development zone")
    verbose_name = _("development zone")
    verbose_name_plural = _("development zones this article is about")


class ArticleMemberInline(ArticleLinkInline):
    model = MemberAssociation.articles.through
    autocomplete_fields = ["memberassociation"]
    column_label = _("member association")
    verbose_name = _("member association")
    verbose_name_plural = _("member associations this article is about")


ArticleAdmin.extra_inlines += [ArticleZoneInline, ArticleMemberInline]
