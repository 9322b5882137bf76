from django.contrib import admin

from zhenggai.lib.admin import ReadOnlyAdminMixin

from .models import Notice, NoticeAttachment, NoticeVersion, PublicComment


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "status", "disclosure_start", "disclosure_end"]
    list_filter = ["status"]


@admin.register(PublicComment)
class PublicCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["receipt_code", "channel", "status", "created_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notice", "measure", "problem"]


@admin.register(NoticeVersion)
class NoticeVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: every saved version of a notice is kept as written."""

    list_display = ["notice", "number", "author", "created_at"]
    raw_id_fields = ["notice", "author"]


@admin.register(NoticeAttachment)
class NoticeAttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: attachments are fixed at publication."""

    list_display = ["notice", "order", "title", "sha256"]
    raw_id_fields = ["notice", "unit"]
