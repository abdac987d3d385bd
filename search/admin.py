from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .index import index_articles
from .models import SearchEntry, SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ["terms", "active"]
    list_filter = ["active"]
    list_editable = ["active"]
    search_fields = ["terms"]


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """Read-only view of the index, with an action to reindex chosen articles."""

    list_display = ["article", "updated_at"]
    date_hierarchy = "updated_at"
    search_fields = ["article__title"]
    list_filter = ["article__status"]
    fields = ["article", "title", "updated_at"]
    readonly_fields = fields
    actions = ["reindex"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").defer("text", "vector")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Reindex the selected articles"), permissions=["view"])
    def reindex(self, request, queryset):
        from articles.models import Article

        done = sum(index_articles(Article.objects.filter(pk__in=queryset.values("article_id"))))
        self.message_user(
            request,
            ngettext("%(count)d article reindexed.", "%(count)d articles reindexed.", done)
            % {"count": done},
            messages.SUCCESS,
        )
