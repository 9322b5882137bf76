from django.contrib import admin

from .models import Bulletin, EscalationPolicy, Supervision


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "inspection", "who"]
    list_filter = ["kind"]
    filter_horizontal = ["units"]
    raw_id_fields = ["measures", "created_by"]


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "notice_days", "yellow_days", "stale_days", "bulletin_days"]


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["inspection", "number", "period_end", "on_demand", "created_at"]
    readonly_fields = ["snapshot", "figures"]
