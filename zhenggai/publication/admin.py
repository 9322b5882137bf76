from django.contrib import admin

from .models import Notice, PublicComment


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "disclosure_start", "disclosure_end"]
    list_filter = ["status"]


@admin.register(PublicComment)
class PublicCommentAdmin(admin.ModelAdmin):
    list_display = ["receipt_code", "channel", "status", "created_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notice", "measure", "problem"]
