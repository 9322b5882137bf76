from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "zhenggai.notify"
    verbose_name = "消息提醒"
