"""State changes of the organisation tree; each is atomic and audited."""

from __future__ import annotations

from django.db import transaction

from zhenggai.audit.log import record

from .models import Organisation


@transaction.atomic
def do_create_organisation(
    actor, *, name: str, parent: Organisation | None, kind: str, category: str
) -> Organisation:
    """Add an organisation under ``parent`` (a village a notice names, confirmed by the
    office). An organisation of that name under that parent is returned, not doubled."""
    existing = Organisation.objects.filter(parent=parent, name=name).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.create(
        name=name, parent=parent, kind=kind, category=category
    )
    record(
        actor,
        "organisation.create",
        organisation,
        after={"name": name, "parent": getattr(parent, "pk", None), "kind": kind},
    )
    return organisation
