from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zhenggai.ledger"
    verbose_name = "整改台账"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from zhenggai.audit.log import recorded
        from zhenggai.orgs.policy import EscalationPolicy

        from . import lit

        recorded.connect(lit.on_recorded, dispatch_uid="ledger.lit")
        post_save.connect(lit.on_policy_saved, sender=EscalationPolicy, dispatch_uid="ledger.lit")
