"""The one rule for correcting a typo in a workflow record's text: a reason, and a change."""

from __future__ import annotations

from .errors import WorkflowError


def checked_correction(
    before: str, text: str, reason: str, *, may_be_empty: bool = False
) -> tuple[str, str]:
    """The corrected text and the reason, stripped; :class:`WorkflowError` when the
    reason is missing, the text is empty (unless allowed) or nothing changes."""
    text, reason = text.strip(), reason.strip()
    if not reason:
        raise WorkflowError("请填写更正原因。")
    if not text and not may_be_empty:
        raise WorkflowError("更正后的内容不能为空。")
    if text == before:
        raise WorkflowError("内容没有变化。")
    return text, reason
