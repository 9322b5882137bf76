"""The one exception every action raises for a step that is not allowed now."""

from __future__ import annotations


class WorkflowError(Exception):
    """A step that is not allowed now; the message is shown to the user."""
