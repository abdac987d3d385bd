from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import chrome
from .models import Link, LinkGroup, NavItem, SiteSettings

admin.site.site_header = _("Portal administration")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Content management")


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One record: the change list goes straight to it, and it cannot be deleted."""

    fieldsets = [
        (None, {"fields": ["site_name", "logo", "description", "keywords"]}),
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
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_obj = SiteSettings.load()
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
class NavItemAdmin(admin.ModelAdmin):
    form = NavItemForm
    list_display = ["title", "link_display", "include_children", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["title", "url"]
    inlines = [NavChildInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(parent__isnull=True)

    @admin.display(description=_("links to"))
    def link_display(self, obj):
        return obj.target or obj.url


class LinkInline(admin.TabularInline):
    model = Link
    extra = 1
    fields = ["name", "url", "order", "active"]


@admin.register(LinkGroup)
class LinkGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "link_count", "order", "active"]
    list_editable = ["order", "active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LinkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_total=Count("links"))

    @admin.display(description=_("links"), ordering="link_total")
    def link_count(self, obj):
        return obj.link_total


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "url", "order", "active"]
    list_filter = ["group", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "url"]
