"""Forms of the supervision register."""

from __future__ import annotations

from django import forms

from zhenggai.ledger.models import Measure
from zhenggai.lib.forms import ChineseDateField, CleanCharField
from zhenggai.orgs.models import Organisation

from .models import Supervision

MAX_UPLOAD = 20 * 1024 * 1024

# Magic bytes of the files offices attach: the declared type is never trusted.
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),  # docx, xlsx, ofd are zip containers
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),  # doc, xls, wps
]
ZIP_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ofd": "application/ofd",
}


def sniff(head: bytes, name: str) -> str | None:
    """The content type from the first bytes, or None for a type we do not take."""
    for magic, ctype in MAGIC:
        if head.startswith(magic):
            if ctype == "application/zip":
                ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
                return ZIP_TYPES.get(ext)
            return ctype
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


class SupervisionForm(forms.ModelForm):
    date = ChineseDateField(label="日期")
    who = CleanCharField(label="参加人员", max_length=300, required=False)
    files = MultipleFileField(label="附件", required=False)

    class Meta:
        model = Supervision
        fields = ["kind", "date", "who", "units", "measures", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Organisation.objects.filter(
            pk__in=Measure.objects.filter(problem__inspection=inspection).values("lead_unit_id")
        ).order_by("path", "order")
        self.fields["measures"].queryset = Measure.objects.filter(
            problem__inspection=inspection
        ).select_related("problem")
        self.fields["measures"].label_from_instance = lambda m: (
            f"{m.problem.code or m.problem.label} {m.label}{m.text[:30]}"
        )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for upload in files:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(f"附件“{upload.name}”超过 20MB。")
            head = upload.read(16)
            upload.seek(0)
            ctype = sniff(head, upload.name)
            if ctype is None:
                raise forms.ValidationError(
                    f"附件“{upload.name}”的文件类型不受支持（仅限 PDF、图片、Word、Excel、OFD）。"
                )
            upload.sniffed_type = ctype
        return files
