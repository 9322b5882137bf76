"""Form fields that accept what Chinese office users type."""

from __future__ import annotations

from django import forms

from zhenggai.core.text import normalize_text, read_date


class ChineseDateField(forms.DateField):
    """A date field that also reads 2024年1月2日 and full-width digits."""

    # Browsers only fill a date input from an ISO value.
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": "日期格式不正确，请写成 2024-01-02 或 2024年1月2日。"}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            parsed = read_date(value)
            if parsed is not None:
                return parsed
        return super().to_python(value)


class CleanCharField(forms.CharField):
    """A text field normalised for full-width letters and stray spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``; always a list."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            if self.required:
                raise forms.ValidationError("请选择文件。")
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]
