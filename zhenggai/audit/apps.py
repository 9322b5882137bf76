from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


class AuditConfig(AppConfig):
    name = "zhenggai.audit"
    verbose_name = "操作记录"

    def ready(self) -> None:
        from zhenggai.core.chain import UnsupportedAlgorithm, check_algorithm

        # Refuse to start on a platform that cannot compute the chain's algorithm.
        try:
            check_algorithm(settings.CHAIN_ALGORITHM)
        except UnsupportedAlgorithm as exc:
            raise ImproperlyConfigured(str(exc)) from exc
        checks.register(check_chain_key)


def check_chain_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`runserver`, `migrate` and `check` stop when the chain's key is missing."""
    from .integrity import chain_key

    try:
        chain_key()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="zhenggai.E001")]
    return []
