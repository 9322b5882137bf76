from django.contrib import admin

from zhenggai.lib.admin import CorrectTextAdminMixin, ReadOnlyAdminMixin, WithdrawAdminMixin

from . import actions, models
from .actions import do_correct_measure_text


@admin.register(models.Measure)
class MeasureAdmin(CorrectTextAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    correct_fields = ("text",)
    list_display = ["__str__", "kind", "status", "lead_unit", "leader", "deadline"]
    list_filter = ["kind", "status"]
    search_fields = ["text"]
    raw_id_fields = ["problem", "leader", "lead_unit"]
    filter_horizontal = ["co_units"]

    def correct(self, actor, obj, field, text, reason):
        do_correct_measure_text(actor, obj, text=text, reason=reason)


class _OnMeasure(WithdrawAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """A record hanging off a measure: withdrawn against the measure's version."""

    withdraw_action = staticmethod(actions.do_withdraw_progress)

    def version_of(self, obj) -> int:
        return obj.measure.version

    def withdraw(self, actor, obj, reason, version):
        self.withdraw_action(actor, obj, version=version or obj.measure.version, reason=reason)


@admin.register(models.Milestone)
class MilestoneAdmin(_OnMeasure):
    withdraw_action = staticmethod(actions.do_withdraw_milestone)
    list_display = ["title", "measure", "due", "done_on"]
    raw_id_fields = ["measure"]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(_OnMeasure):
    withdraw_action = staticmethod(actions.do_withdraw_progress)
    list_display = ["measure", "date", "author"]
    raw_id_fields = ["measure", "author"]


@admin.register(models.Evidence)
class EvidenceAdmin(_OnMeasure):
    withdraw_action = staticmethod(actions.do_withdraw_evidence)
    list_display = ["original_name", "measure", "size", "sha256", "uploaded_by"]
    raw_id_fields = ["measure", "update", "closure", "uploaded_by"]


@admin.register(models.ClosureRequest)
class ClosureRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["measure", "stage", "submitted_by", "submitted_at"]
    list_filter = ["stage"]
    raw_id_fields = ["measure", "submitted_by", "reviewer", "approver"]


@admin.register(models.Recheck)
class RecheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["measure", "due", "result"]
    list_filter = ["result"]
    raw_id_fields = ["measure", "checked_by"]


@admin.register(models.Regulation)
class RegulationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "issued_on", "inspection"]
    filter_horizontal = ["problems"]


@admin.register(models.Accountability)
class AccountabilityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "count", "target", "inspection"]
    filter_horizontal = ["problems"]


@admin.register(models.Recovery)
class RecoveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "amount_wan_yuan", "inspection"]
    filter_horizontal = ["problems"]


@admin.register(models.LightsDay)
class LightsDayAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the day the tick last stored every measure's light."""

    list_display = ["day"]
