"""Form fields that accept what Chinese office users type."""

from __future__ import annotations

from django import forms

from .text import normalize_text, parse_date


class ChineseDateField(forms.DateField):
    """A date field that also reads 2024年1月2日 and full-width digits."""

    widget = forms.DateInput(attrs={"type": "date"})
    default_error_messages = {"invalid": "日期格式不正确，请写成 2024-01-02 或 2024年1月2日。"}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            parsed = parse_date(value)
            if parsed is not None:
                return parsed
        return super().to_python(value)


class CleanCharField(forms.CharField):
    """A text field normalised for full-width letters and stray spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value
