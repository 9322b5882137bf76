from django.contrib import admin

from zhenggai.lib.admin import ReadOnlyAdminMixin

from .models import Bulletin, EscalationPolicy, LightChange, Supervision, SupervisionAttachment


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "inspection", "who"]
    list_filter = ["kind"]
    filter_horizontal = ["units"]
    raw_id_fields = ["measures", "created_by"]


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "notice_days", "yellow_days", "stale_days", "bulletin_days"]


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["inspection", "number", "period_end", "on_demand", "created_at"]
    readonly_fields = ["snapshot", "figures"]


@admin.register(SupervisionAttachment)
class SupervisionAttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "supervision", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["supervision", "uploaded_by"]


@admin.register(LightChange)
class LightChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: light history is written by `zhenggai tick`, never by hand."""

    list_display = ["measure", "date", "previous", "light"]
    list_filter = ["light"]
    raw_id_fields = ["measure"]
