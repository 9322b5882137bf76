from django.contrib import admin

from zhenggai.lib.admin import ReadOnlyAdminMixin

from .models import Notification, OrgWebhook, OutboundMessage, Preference


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled", "webhook_kind", "digest"]
    raw_id_fields = ["user"]


@admin.register(OrgWebhook)
class OrgWebhookAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "active"]


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "channel", "address", "rung", "status", "attempts"]
    list_filter = ["status", "channel", "rung"]
    raw_id_fields = ["user", "organisation", "measure", "digest"]
    readonly_fields = ["key"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "title", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "measure"]
