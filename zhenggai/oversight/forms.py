"""Forms of the supervision register."""

from __future__ import annotations

from django import forms

from zhenggai.core.filetypes import FileTypeError, check_upload
from zhenggai.ledger.models import Measure
from zhenggai.lib.forms import ChineseDateField, CleanCharField, MultipleFileField
from zhenggai.orgs.models import Organisation

from .models import Supervision

MAX_UPLOAD = 20 * 1024 * 1024


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
            # The same content check as the ledger's evidence: the name is never trusted.
            data = upload.read()
            upload.seek(0)
            try:
                upload.sniffed_type = check_upload(upload.name, data).content_type
            except FileTypeError as exc:
                raise forms.ValidationError(f"附件{exc}") from exc
        return files
