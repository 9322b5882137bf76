"""The one rule for workflow records in ``/admin/``: look, never touch.

Workflow records change only through ``do_*`` actions, which write the audit
chain; an admin form would bypass it. Models whose admin uses
:class:`ReadOnlyAdminMixin` can be listed and viewed, not added, changed or
deleted — not even by a superuser.
"""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """Mix into a ``ModelAdmin`` (before it) to make the model view-only in the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
