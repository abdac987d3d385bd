from django import forms
from django.contrib import admin
from django.contrib.redirects.admin import RedirectAdmin as RedirectAdminBase
from django.contrib.redirects.models import Redirect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from . import chrome
from .auditing import AuditedAdminMixin
from .models import Link, LinkGroup, NavItem, SiteSettings, url_scheme

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
