"""Forms of the ledger import: the upload and the column mapping."""

from __future__ import annotations

from django import forms
from django.conf import settings

from zhenggai.core import ledger_import as li

MAX_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label="台账文件（.xlsx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ZHENGGAI.get("IMPORT_MAX_BYTES", MAX_BYTES)
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件大小为 {upload.size / 1048576:.1f} MB，超过了 {limit // 1048576} MB 的上限。"
            )
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(
                "请上传 .xlsx 格式的 Excel 文件（.xls 或 WPS 表格请先另存为 .xlsx）。"
            )
        return upload


class MappingForm(forms.Form):
    """One select per ledger field: which column of the file feeds it (or none)."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        table = li.Table(headers=headers, header_row=0, rows=[])
        choices = [("", "（不导入）")] + [
            (str(i), table.column_label(i)) for i in range(len(headers))
        ]
        for spec in li.FIELDS:
            if not spec.imported:
                continue
            self.fields[spec.key] = forms.ChoiceField(
                label=spec.label, choices=choices, required=False
            )

    def clean(self):
        data = super().clean()
        seen: dict[str, str] = {}
        for key, value in data.items():
            if value in ("", None):
                continue
            if value in seen:
                raise forms.ValidationError(
                    f"“{self.fields[key].label}”和“{self.fields[seen[value]].label}”"
                    "选择了同一列，请分别选择。"
                )
            seen[value] = key
        for required in ("problem", "measure"):
            if not data.get(required):
                self.add_error(required, "请选择这一列。")
        return data

    def mapping(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.cleaned_data.items() if v not in ("", None)}
