from django.contrib import admin

from zhenggai.lib.admin import ReadOnlyAdminMixin, WithdrawAdminMixin

from .actions import do_withdraw_opinion
from .models import (
    ContactDetails,
    Notice,
    NoticeAttachment,
    NoticeVersion,
    PublicComment,
    RectificationReport,
)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "status", "disclosure_start", "disclosure_end"]
    list_filter = ["status"]


@admin.register(PublicComment)
class PublicCommentAdmin(WithdrawAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["receipt_code", "channel", "status", "created_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notice", "measure", "problem"]

    def withdraw(self, actor, obj, reason, version):
        do_withdraw_opinion(actor, obj, reason=reason)


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


@admin.register(ContactDetails)
class ContactDetailsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: saved from the notice the office edits (``do_save_contact_details``)."""

    list_display = ["organisation", "phone", "postal_address", "postcode", "email", "updated_at"]
    raw_id_fields = ["organisation"]


@admin.register(RectificationReport)
class RectificationReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: reports change only through the report actions (generate, approve)."""

    list_display = ["title", "status", "created_at", "approved_by", "approved_at"]
    list_filter = ["status"]
    raw_id_fields = ["inspection", "created_by", "approved_by"]
