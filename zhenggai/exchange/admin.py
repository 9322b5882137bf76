from django.contrib import admin

from .models import LedgerImport


@admin.register(LedgerImport)
class LedgerImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "inspection", "status", "uploaded_by", "uploaded_at"]
    list_filter = ["status"]
    raw_id_fields = ["inspection", "uploaded_by"]
