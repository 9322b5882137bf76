from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "zhenggai.exchange"
    verbose_name = "台账导入导出"
