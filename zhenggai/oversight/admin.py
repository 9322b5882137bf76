from django.contrib import admin

from .models import Supervision


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "inspection", "who"]
    list_filter = ["kind"]
    filter_horizontal = ["units"]
    raw_id_fields = ["measures", "created_by"]
