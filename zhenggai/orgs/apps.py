from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhenggai.orgs"
    verbose_name = "组织与用户"
