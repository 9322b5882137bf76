from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "zhenggai.oversight"
    verbose_name = "督导监督"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from zhenggai.audit.log import recorded
        from zhenggai.inspections.models import Inspection
        from zhenggai.orgs.models import Organisation, User
        from zhenggai.orgs.policy import EscalationPolicy

        from . import snapshots

        recorded.connect(snapshots.on_recorded, dispatch_uid="oversight.snapshots")
        for model in (EscalationPolicy, Inspection, Organisation):
            post_save.connect(
                snapshots.on_configuration_saved, sender=model, dispatch_uid=f"snapshots.{model}"
            )
        post_save.connect(snapshots.on_user_saved, sender=User, dispatch_uid="snapshots.user")
