"""The one error the notice reader raises."""

from __future__ import annotations


class NoticeReadError(Exception):
    """A document could not be turned into text.

    ``reason`` says in Chinese what is wrong and what to do instead, for the person who
    uploaded the file; ``reason_en`` says the same in English for logs and the CLI.
    ``str(error)`` gives both, separated by `` / ``.
    """

    def __init__(self, reason: str, reason_en: str = "") -> None:
        super().__init__(f"{reason} / {reason_en}" if reason_en else reason)
        self.reason = reason
        self.reason_en = reason_en
