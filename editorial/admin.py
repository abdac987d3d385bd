"""Admin of the editorial tools: the audit log (read-only) and the word lists."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.auditing import AuditedAdminMixin

from . import audit, wordcheck
from .models import AuditEntry, CommonMistake, SensitiveWord


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Superusers and the 审计员 role (editorial.view_auditentry) read the log; nobody adds,
    changes or deletes an entry (nor could: the model refuses, see AuditQuerySet)."""

    list_display = ["created_at", "username", "action", "content_type", "object_link", "ip"]
    list_filter = [
        ("user", admin.RelatedOnlyFieldListFilter),
        "action",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    date_hierarchy = "created_at"
    search_fields = ["username", "object_repr", "detail", "ip"]
    list_select_related = ["content_type"]
    fields = [
        "created_at",
        "username",
        "user",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "detail",
        "ip",
    ]
    readonly_fields = fields

    actions = None  # no bulk action, "delete selected" included

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm("editorial.view_auditentry")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, obj):
        if not (obj.content_type_id and obj.object_id):
            return obj.object_repr or "-"
        ct = obj.content_type
        try:
            url = reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return obj.object_repr
        return format_html('<a href="{}">{}</a>', url, obj.object_repr)


# --- word lists ------------------------------------------------------------------------

MAX_LIST_FILE_BYTES = 2 * 1024 * 1024


class WordListImportForm(forms.Form):
    file = forms.FileField(label=_("Text file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LIST_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return wordcheck.decode_upload(upload.read())
        except wordcheck.ListFileError as error:
            raise forms.ValidationError(str(error)) from None


class WordImportForm(WordListImportForm):
    level = forms.ChoiceField(
        label=_("Level for lines without one"),
        choices=SensitiveWord.Level.choices,
        initial=SensitiveWord.Level.BLOCK,
    )


class WordListAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Chief editors (superusers, or a group given this model's permissions) keep the list.

    Import: one entry a line from a text file, all or nothing.
    """

    change_list_template = "editorial/admin/wordlist_change_list.html"
    import_form = WordListImportForm
    import_help = ""

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "import_url_name": f"admin:{opts.app_label}_{opts.model_name}_import",
        }
        return super().changelist_view(request, extra_context)

    def parse(self, form):
        raise NotImplementedError

    def store(self, entries):
        raise NotImplementedError

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        opts = self.model._meta
        form = self.import_form(request.POST or None, request.FILES or None)
        line_errors = []
        if request.method == "POST" and form.is_valid():
            entries, line_errors = self.parse(form)
            if not line_errors and not entries:
                form.add_error("file", _("The file has no entries."))
            elif not line_errors:
                added, updated = self.store(entries)
                detail = _("Imported from a file: %(added)d added, %(updated)d updated.") % {
                    "added": added,
                    "updated": updated,
                }
                audit.record(request, audit.Action.CHANGED, detail=f"{opts.verbose_name}：{detail}")
                self.message_user(request, detail, messages.SUCCESS)
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("Import from a text file"),
            "form": form,
            "line_errors": line_errors[:50],
            "format_help": self.import_help,
        }
        return TemplateResponse(request, "editorial/admin/wordlist_import.html", context)


@admin.register(SensitiveWord)
class SensitiveWordAdmin(WordListAdmin):
    list_display = ["word", "level", "note", "updated_at"]
    list_editable = ["level"]
    list_filter = ["level"]
    search_fields = ["word", "normalized", "note"]
    fields = ["word", "level", "note"]
    import_form = WordImportForm
    import_help = _(
        "One word a line. A line may end with a tab or a comma and the level: block or warn "
        "(禁止 or 警告), e.g. “某词,warn”; other lines get the level chosen below."
    )

    def parse(self, form):
        return wordcheck.parse_words(form.cleaned_data["file"], form.cleaned_data["level"])

    def store(self, entries):
        return wordcheck.import_words(entries)


@admin.register(CommonMistake)
class CommonMistakeAdmin(WordListAdmin):
    list_display = ["wrong", "right", "note", "updated_at"]
    search_fields = ["wrong", "right", "normalized", "note"]
    fields = ["wrong", "right", "note"]
    import_help = _(
        "One mistake a line: the wrong form, then → (or -> or a tab), then the right form, "
        "e.g. “再接再励→再接再厉”."
    )

    def parse(self, form):
        return wordcheck.parse_mistakes(form.cleaned_data["file"])

    def store(self, entries):
        return wordcheck.import_mistakes(entries)
