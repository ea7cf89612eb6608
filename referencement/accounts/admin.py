from django.contrib import admin

from .models import Editor, User


@admin.register(Editor)
class EditorAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "contact_email"]
    search_fields = ["name", "siret"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Viewing only: account changes go through the platform's pages, which audit them."""

    list_display = ["email", "full_name", "role", "editor", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    exclude = ["password"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
