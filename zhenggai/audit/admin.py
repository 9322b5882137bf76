from django.contrib import admin

from zhenggai.lib.admin import ReadOnlyAdminMixin

from .models import AuditEvent, ChainVerification


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the audit log is append-only, even for administrators."""

    list_display = ["at", "actor", "action", "object_repr"]
    list_filter = ["action"]


@admin.register(ChainVerification)
class ChainVerificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The results of `zhenggai verify-history` and of the daily check, newest first."""

    list_display = [
        "started_at",
        "trigger",
        "ok",
        "events_checked",
        "files_checked",
        "first_bad_event_id",
        "problem_summary",
    ]
    list_filter = ["ok", "trigger"]

    @admin.display(description="问题")
    def problem_summary(self, obj: ChainVerification) -> str:
        if not obj.problems:
            return "—"
        more = f"（另有 {len(obj.problems) - 1} 处）" if len(obj.problems) > 1 else ""
        return obj.problems[0] + more
