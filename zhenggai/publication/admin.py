from django.contrib import admin

from .models import Notice, NoticeAttachment, NoticeVersion, PublicComment


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "disclosure_start", "disclosure_end"]
    list_filter = ["status"]


@admin.register(PublicComment)
class PublicCommentAdmin(admin.ModelAdmin):
    list_display = ["receipt_code", "channel", "status", "created_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notice", "measure", "problem"]


@admin.register(NoticeVersion)
class NoticeVersionAdmin(admin.ModelAdmin):
    """Read-only: every saved version of a notice is kept as written."""

    list_display = ["notice", "number", "author", "created_at"]
    raw_id_fields = ["notice", "author"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NoticeAttachment)
class NoticeAttachmentAdmin(admin.ModelAdmin):
    """Read-only: attachments are fixed at publication."""

    list_display = ["notice", "order", "title", "sha256"]
    raw_id_fields = ["notice", "unit"]

    def has_change_permission(self, request, obj=None):
        return False
