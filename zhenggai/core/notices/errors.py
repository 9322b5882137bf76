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


class SpreadsheetGiven(NoticeReadError):
    """The upload is an Excel workbook: a ledger for the Excel import, not a notice."""

    def __init__(self) -> None:
        super().__init__(
            "这是Excel表格(整改台账)，不是通报正文：请用“导入台账”把它导入到一轮巡察，"
            "或上传通报的Word、PDF、网页或文本版本",
            "this is a spreadsheet (a ledger), not a notice: import it with the ledger import "
            "(zhenggai import-ledger INSPECTION FILE.xlsx), or upload the notice itself",
        )
