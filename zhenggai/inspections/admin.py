from django.contrib import admin

from zhenggai.lib.admin import CorrectTextAdminMixin, ReadOnlyAdminMixin

from .actions import CORRECTABLE_PROBLEM_TEXT, do_correct_problem_text
from .models import Aspect, Inspection, NoticeImport, Problem


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "variant", "group", "organisation", "feedback_date"]
    list_filter = ["kind", "variant"]
    search_fields = ["title", "group"]
    raw_id_fields = ["organisation"]
    filter_horizontal = ["targets", "carried_from"]


@admin.register(Aspect)
class AspectAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["label", "title", "inspection", "parent"]
    raw_id_fields = ["inspection", "parent"]


@admin.register(Problem)
class ProblemAdmin(CorrectTextAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    correct_fields = CORRECTABLE_PROBLEM_TEXT
    list_display = ["code", "label", "title", "inspection", "long_term"]
    list_filter = ["long_term"]
    search_fields = ["title", "code"]
    raw_id_fields = ["inspection", "aspect", "carried_from"]

    def correct(self, actor, obj, field, text, reason):
        do_correct_problem_text(actor, obj, field=field, text=text, reason=reason)


@admin.register(NoticeImport)
class NoticeImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["filename", "organisation", "inspection", "status", "created_by", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["organisation", "inspection", "created_by"]
