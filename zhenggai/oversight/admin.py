from django.contrib import admin

from zhenggai.lib.admin import ReadOnlyAdminMixin

from .models import (
    Bulletin,
    EscalationPolicy,
    FiguresSnapshot,
    FindingNote,
    LightChange,
    SelfCheckTask,
    SpotCheck,
    SpotCheckItem,
    Supervision,
    SupervisionAttachment,
)


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "inspection", "who"]
    list_filter = ["kind"]
    filter_horizontal = ["units"]
    raw_id_fields = ["measures", "created_by"]


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "notice_days",
        "yellow_days",
        "stale_days",
        "bulletin_days",
        "red_repeat_days",
        "oversight_after_days",
    ]


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


@admin.register(FiguresSnapshot)
class FiguresSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a day's stored figures, recomputed whenever the inspection changes."""

    list_display = ["inspection", "kind", "day", "fresh", "generation"]
    list_filter = ["kind", "fresh"]
    raw_id_fields = ["inspection"]


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "inspection", "requested", "seed", "drawn_by", "drawn_at"]


@admin.register(SpotCheckItem)
class SpotCheckItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["spot_check", "measure", "result", "checked_by", "checked_on"]
    list_filter = ["result"]


@admin.register(FindingNote)
class FindingNoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["inspection", "rule", "key", "by", "at"]
    list_filter = ["rule"]


@admin.register(SelfCheckTask)
class SelfCheckTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["problem", "words", "issued_by", "issued_at"]
