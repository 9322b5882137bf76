from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "zhenggai.publication"
    verbose_name = "公开通报"
