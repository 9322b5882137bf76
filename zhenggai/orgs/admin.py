from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "category", "parent"]
    list_filter = ["kind", "category"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["parent", "head"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name"]
    raw_id_fields = ["organisation"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("整改角色", {"fields": ["full_name", "title", "phone", "role", "organisation"]}),
    ]
