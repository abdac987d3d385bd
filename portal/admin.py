from django import forms
from django.contrib import admin, messages
from django.contrib.redirects.admin import RedirectAdmin as RedirectAdminBase
from django.contrib.redirects.models import Redirect
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from . import audit, chrome, wordcheck
from .audit import AuditedAdminMixin
from .models import (
    AuditEntry,
    CommonMistake,
    Link,
    LinkGroup,
    NavItem,
    SensitiveWord,
    SiteSettings,
    url_scheme,
)

admin.site.site_header = _("Portal administration")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Content management")


@admin.register(SiteSettings)
class SiteSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """One record: the change list goes straight to it, and it cannot be deleted."""

    fieldsets = [
        (None, {"fields": ["site_name", "logo", "description", "keywords", "headline_count"]}),
        (_("Header quick links"), {"fields": ["wechat_account", "wechat_qr", "qq_group"]}),
        (
            _("Footer"),
            {
                "fields": [
                    "copyright_holder",
                    "icp_number",
                    "police_filing_number",
                    "address",
                    "postcode",
                    "phone",
                    "fax",
                    "email",
                ]
            },
        ),
        (_("Mourning mode"), {"fields": ["mourning", "mourning_start", "mourning_end"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        # The one record is made here, by the admin, so that reading a page never writes.
        if str(object_id) == "1":
            SiteSettings.objects.get_or_create(pk=1)
        return super().get_object(request, object_id, from_field)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_obj, _created = SiteSettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:portal_sitesettings_change", args=[settings_obj.pk]))


class NavItemForm(forms.ModelForm):
    target = forms.ChoiceField(label=_("links to"), required=False)

    class Meta:
        model = NavItem
        fields = [
            "title",
            "parent",
            "target",
            "url",
            "include_children",
            "open_in_new_window",
            "order",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "---------"), *chrome.nav_target_choices()]
        self.fields["target"].help_text = NavItem._meta.get_field("target").help_text


class NavChildInline(admin.TabularInline):
    model = NavItem
    form = NavItemForm
    fk_name = "parent"
    extra = 0
    fields = ["title", "target", "url", "open_in_new_window", "order", "active"]
    verbose_name = _("dropdown entry")
    verbose_name_plural = _("dropdown entries")


@admin.register(NavItem)
class NavItemAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = NavItemForm
    list_display = ["title", "link_display", "include_children", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["title", "url"]
    inlines = [NavChildInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(parent__isnull=True)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The list shows what an entry links to by name, not as "articles.channel:1".
        labels = chrome.nav_target_labels(item.target for item in changelist.result_list)
        for item in changelist.result_list:
            item.target_label = labels.get(item.target)
        return changelist

    @admin.display(description=_("links to"))
    def link_display(self, obj):
        if obj.target:
            return getattr(obj, "target_label", None) or _("(missing target)")
        return obj.url


# Editors type addresses as browsers show them (www.mofcom.gov.cn): save them as https://.
LINK_URL = {models.URLField: {"assume_scheme": "https"}}


class LinkInline(admin.TabularInline):
    model = Link
    extra = 1
    fields = ["name", "url", "order", "active"]
    formfield_overrides = LINK_URL


@admin.register(LinkGroup)
class LinkGroupAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "link_count", "order", "active"]
    list_editable = ["order", "active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LinkInline]
    readonly_fields = ["filled_from"]

    def get_fields(self, request, obj=None):
        fields = ["name", "slug", "order", "active"]
        if obj is not None and chrome.link_provider_models(obj.slug):
            fields.append("filled_from")
        return fields

    @admin.display(description=_("links added automatically"))
    def filled_from(self, obj):
        """Tells editors where the group's other links come from (e.g. member associations)."""
        names = [
            str(model._meta.verbose_name_plural) for model in chrome.link_provider_models(obj.slug)
        ]
        return _(
            "Besides the links below, this group lists every active record of: %(models)s. "
            "Change those there."
        ) % {"models": "、".join(names)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_total=Count("links"))

    @admin.display(description=_("links"), ordering="link_total")
    def link_count(self, obj):
        return obj.link_total


@admin.register(Link)
class LinkAdmin(AuditedAdminMixin, admin.ModelAdmin):
    formfield_overrides = LINK_URL
    list_display = ["name", "group", "url", "order", "active"]
    list_filter = ["group", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "url"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Superusers and the 审计员 role (portal.view_auditentry) read the log; nobody adds,
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
        return request.user.is_active and request.user.has_perm("portal.view_auditentry")

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

    change_list_template = "portal/admin/wordlist_change_list.html"
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
        return TemplateResponse(request, "portal/admin/wordlist_import.html", context)


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


import taggit.admin  # noqa: E402, F401  registers taggit's admin now, so it can be replaced

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


# --- redirects of old addresses -----------------------------------------------------------


def is_local_path(target):
    """A path on this site ("/news/"), not another site in disguise ("//x", "/\\x", "http:")."""
    return (
        target.startswith("/")
        and url_scheme(target) is None
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    )


class RedirectForm(forms.ModelForm):
    """Editors map old addresses to pages of this site; only superusers may send readers to
    another site (an editor's account must not become an open redirect)."""

    may_leave_site = False

    class Meta:
        model = Redirect
        fields = ["site", "old_path", "new_path"]

    def clean_new_path(self):
        target = self.cleaned_data["new_path"].strip()
        if target and not self.may_leave_site and not is_local_path(target):
            raise forms.ValidationError(
                _(
                    "Only an address on this site can be the target: it starts with a "
                    "single “/”, such as /channels/news/. Please ask an administrator to "
                    "point to another site."
                ),
                code="external_target",
            )
        return target


admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectAdmin(RedirectAdminBase):
    form = RedirectForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.may_leave_site = request.user.is_superuser
        return form
