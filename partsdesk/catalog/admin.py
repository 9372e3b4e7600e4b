from django.contrib import admin

from .models import Brand, BrandAlias, CrossReference, Part
from .numbers import normalize_number, prefix_upper_bound
from .services import cross_reference_add, cross_reference_remove


class BrandAliasInline(admin.TabularInline):
    model = BrandAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BrandAliasInline]


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ["number", "brand", "name"]
    list_select_related = ["brand"]
    search_fields = ["number_norm"]
    search_help_text = "Article number in any spelling; matches by prefix."
    autocomplete_fields = ["brand"]
    readonly_fields = ["number_norm"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Millions of parts: search the normalized key by an index range, never LIKE '%…%'.
        key = normalize_number(search_term)
        if not key:
            return queryset, False
        return queryset.filter(number_norm__gte=key, number_norm__lt=prefix_upper_bound(key)), False


@admin.register(CrossReference)
class CrossReferenceAdmin(admin.ModelAdmin):
    list_display = ["part", "kind", "analog", "source"]
    raw_id_fields = ["part", "analog"]
    list_filter = ["kind", "source"]
    show_full_result_count = False

    # Links are made and removed from both sides at once, never edited half-way.
    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def save_model(self, request, obj, form, change):
        link = cross_reference_add(
            part=obj.part, analog=obj.analog, kind=obj.kind, source=obj.source
        )
        obj.pk = link.pk

    def delete_model(self, request, obj):
        cross_reference_remove(part=obj.part, analog=obj.analog, kind=obj.kind, source=obj.source)

    def delete_queryset(self, request, queryset):
        for link in queryset.select_related("part", "analog"):
            self.delete_model(request, link)
