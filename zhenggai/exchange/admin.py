from django.contrib import admin

from zhenggai.lib.admin import ReadOnlyAdminMixin

from .models import LedgerImport


@admin.register(LedgerImport)
class LedgerImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "inspection", "status", "uploaded_by", "uploaded_at"]
    list_filter = ["status"]
    raw_id_fields = ["inspection", "uploaded_by"]
