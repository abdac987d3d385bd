from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial import audit, wordcheck
from portal.spreadsheets import CSV

from . import services
from .models import (
    Manuscript,
    ManuscriptAttachment,
    Message,
    MessageCategory,
    StatusChange,
)
from .resources import MessageResource


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    view_on_site = False  # attachments have their own download link

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(ReadOnlyInline):
    model = ManuscriptAttachment
    fields = ["download", "size"]
    readonly_fields = ["download", "size"]

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["status", "changed_at", "changed_by"]
    readonly_fields = fields
    verbose_name_plural = _("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class FlaggedWordsMixin:
    """A held item shows its sensitive-word hits above its form; deciding in the form
    (changing its status) is the moderator's review and releases it."""

    decision_field = None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.word_hits:
            return [(_("Flagged words"), {"fields": ["flagged_words"]}), *fieldsets]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "flagged_words"]

    @admin.display(description=_("flagged words"))
    def flagged_words(self, obj):
        labels = {field.name: field.verbose_name for field in obj._meta.fields}
        return wordcheck.render_hits(wordcheck.hits_from_data(obj.word_hits), labels)

    def save_model(self, request, obj, form, change):
        released = obj.held and self.decision_field in form.changed_data
        if released:
            obj.held = False
        super().save_model(request, obj, form, change)
        if released:
            audit.record(
                request,
                audit.Action.CHANGED,
                obj,
                detail=_("Released from the sensitive-word hold."),
            )


PUBLIC_MANUSCRIPT_FIELDS = [
    "tracking_number",
    "title",
    "author_name",
    "organisation",
    "phone",
    "email",
    "preferred_channel",
    "abstract",
    "text",
    "declaration",
    "submitted_at",
    "submitter_ip",
]


@admin.register(Manuscript)
class ManuscriptAdmin(FlaggedWordsMixin, admin.ModelAdmin):
    decision_field = "status"
    list_display = [
        "tracking_number",
        "title",
        "author_name",
        "status",
        "held",
        "preferred_channel",
        "submitted_at",
        "attachment_count",
        "has_article",
    ]
    list_filter = ["status", "held", "preferred_channel", "submitted_at"]
    search_fields = ["tracking_number", "title", "author_name", "organisation", "email"]
    date_hierarchy = "submitted_at"
    readonly_fields = [*PUBLIC_MANUSCRIPT_FIELDS, "article_link"]
    raw_id_fields = ["article"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [AttachmentInline, StatusChangeInline]
    actions = ["create_article_draft"]
    # The public status page needs the tracking number and the contributor's e-mail;
    # there is no page to link to, so no "view on site" button.
    view_on_site = False
    fieldsets = [
        (
            _("Editorial work"),
            {"fields": ["status", "reply", "internal_notes", "article", "magazine_url"]},
        ),
        (
            _("Manuscript"),
            {
                "fields": [
                    "tracking_number",
                    "title",
                    "preferred_channel",
                    "abstract",
                    "text",
                    "declaration",
                ]
            },
        ),
        (
            _("Contributor"),
            {
                "fields": [
                    "author_name",
                    "organisation",
                    "phone",
                    "email",
                    "submitted_at",
                    "submitter_ip",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("preferred_channel")
            .annotate(attachment_total=Count("attachments"))
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("files"), ordering="attachment_total")
    def attachment_count(self, obj):
        return obj.attachment_total

    @admin.display(description=_("article"), boolean=True)
    def has_article(self, obj):
        return obj.article_id is not None

    @admin.display(description=_("article"))
    def article_link(self, obj):
        if not obj.article_id:
            return "-"
        article = obj.article
        url = reverse("admin:articles_article_change", args=[article.pk])
        state = _("publicly visible") if article.is_published else article.get_status_display()
        return format_html('<a href="{}">{}</a> ({})', url, article, state)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data:
            services.record_status_change(
                obj, request.user, request=request, previous=form.initial.get("status")
            )
        if "reply" in form.changed_data and obj.reply:
            services.record_reply(request, obj)

    def has_create_draft_permission(self, request):
        """Making a draft writes an article: it needs the article permission too."""
        return self.has_change_permission(request) and request.user.has_perm("articles.add_article")

    @admin.action(
        description=_("Create article draft from accepted manuscripts"),
        permissions=["create_draft"],
    )
    def create_article_draft(self, request, queryset):
        created = 0
        for manuscript in queryset.select_related("preferred_channel"):
            try:
                services.create_article_draft(manuscript, request.user)
            except services.DraftError as error:
                self.message_user(
                    request,
                    _("%(number)s: no draft made, %(reason)s.")
                    % {"number": manuscript.tracking_number, "reason": error},
                    messages.WARNING,
                )
            else:
                created += 1
        if created:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article draft created.",
                    "%(count)d article drafts created.",
                    created,
                )
                % {"count": created},
                messages.SUCCESS,
            )


@admin.register(MessageCategory)
class MessageCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "email"]
    prepopulated_fields = {"slug": ["name"]}


class AnsweredFilter(admin.SimpleListFilter):
    title = _("reply")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [
            ("no", _("Not answered")),
            ("overdue", _("Not answered, overdue")),
            ("yes", _("Answered")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(reply="")
        if self.value() == "no":
            return queryset.filter(reply="")
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


PUBLIC_MESSAGE_FIELDS = [
    "number",
    "category",
    "name",
    "contact",
    "subject",
    "content",
    "agree_to_publish",
    "created_at",
    "submitter_ip",
]


@admin.register(Message)
class MessageAdmin(FlaggedWordsMixin, admin.ModelAdmin):
    decision_field = "state"
    list_display = [
        "number",
        "subject",
        "category",
        "state",
        "held",
        "agree_to_publish",
        "created_at",
        "reply_state",
    ]
    list_filter = ["state", "held", "category", AnsweredFilter, "agree_to_publish", "created_at"]
    search_fields = ["number", "subject", "name", "content"]
    date_hierarchy = "created_at"
    readonly_fields = [
        *PUBLIC_MESSAGE_FIELDS,
        "replied_at",
        "replied_by",
        "moderated_at",
        "moderated_by",
    ]
    fieldsets = [
        (
            _("Message"),
            {
                "fields": [
                    "number",
                    "category",
                    "subject",
                    "content",
                    "name",
                    "contact",
                    "agree_to_publish",
                    "created_at",
                    "submitter_ip",
                ]
            },
        ),
        (
            _("Moderation and reply"),
            {
                "fields": [
                    "state",
                    "reply",
                    "replied_at",
                    "replied_by",
                    "moderated_at",
                    "moderated_by",
                ]
            },
        ),
    ]
    actions = ["approve", "reject", "export_csv"]

    class Media:
        css = {"all": ["css/submissions-admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category").with_overdue()

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reply"), ordering="replied_at")
    def reply_state(self, obj):
        if obj.reply:
            return _("Answered")
        if obj.is_overdue:
            return format_html('<strong class="overdue">{}</strong>', _("Overdue"))
        return _("Not answered")

    def save_model(self, request, obj, form, change):
        if "reply" in form.changed_data:
            obj.replied_at = timezone.now() if obj.reply else None
            obj.replied_by = request.user if obj.reply else None
        if "state" in form.changed_data:
            obj.moderated_at = timezone.now()
            obj.moderated_by = request.user
        super().save_model(request, obj, form, change)
        if "state" in form.changed_data:
            services.record_message_state(request, obj, form.initial.get("state"))
        if "reply" in form.changed_data and obj.reply:
            services.record_reply(request, obj)

    def _moderate(self, request, queryset, state):
        count, held = services.moderate_messages(queryset, state, request.user, request=request)
        if held:
            self.message_user(
                request,
                _("Not approved, held for sensitive words (open each to review it): %(numbers)s")
                % {"numbers": "、".join(message.number for message in held)},
                messages.WARNING,
            )
        self.message_user(
            request,
            ngettext("%(count)d message updated.", "%(count)d messages updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve selected messages"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Message.State.APPROVED)

    @admin.action(description=_("Reject selected messages"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, Message.State.REJECTED)

    @admin.action(description=_("Export selected messages as CSV"))
    def export_csv(self, request, queryset):
        dataset = MessageResource().export(queryset.select_related("category"))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="messages.csv"'
        response.write("\ufeff")  # lets spreadsheet programs read the Chinese as UTF-8
        response.write(CSV().export_data(dataset))
        return response
