"""The one state change of the audit app a person makes: 立即校验 (check the history now)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from zhenggai.lib.errors import WorkflowError

from .integrity import verify_history
from .log import record
from .models import ChainVerification

#: A check reads every event and re-hashes every file: one page-triggered run per
#: this many seconds, whoever asks (the daily tick and the command are not limited).
VERIFY_NOW_EVERY = 600
_LOCK = "zhenggai:verify-history-now"


@transaction.atomic
def do_verify_history_now(actor) -> ChainVerification:
    """Run the check now for a person who pressed 立即校验, and record who asked.

    Rate-limited through the shared cache (an atomic ``add``): of two presses at once,
    or within :data:`VERIFY_NOW_EVERY` seconds, only the first runs.
    """
    if not cache.add(_LOCK, getattr(actor, "pk", None), VERIFY_NOW_EVERY):
        raise WorkflowError(
            f"刚刚已有人发起校验；每 {VERIFY_NOW_EVERY // 60} 分钟只能立即校验一次，请稍后再试。"
        )
    result = verify_history(ChainVerification.Trigger.PAGE)
    record(
        actor,
        "history.verify",
        result,
        after={
            "ok": result.ok,
            "events": result.events_checked,
            "files": result.files_checked,
            "first_bad_event": result.first_bad_event_id,
        },
        note="历史完好" if result.ok else "发现问题：" + "；".join(result.problems[:3]),
    )
    return result
