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


class RemoteSelect(forms.Select):
    """A ``<select>`` whose options load on demand: only the empty choice and the chosen
    one are rendered, and ``picker.js`` fetches the rest from ``url`` as the user types
    (see ``lib.pickers.picker_json``). A page then weighs the same for 50 or 5,000
    organisations; the field's queryset still validates what comes back."""

    def __init__(self, url: str = "", attrs=None):
        super().__init__(attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-picker-url"] = self.url
        return context

    def optgroups(self, name, value, attrs=None):
        every = self.choices
        self.choices = _chosen(every, value)
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = every


class RemoteSelectMultiple(RemoteSelect, forms.SelectMultiple):
    """:class:`RemoteSelect` for several choices (a register entry's problems): the
    chosen options are rendered, ``picker.js`` keeps them while it fetches others."""


def _chosen(choices, value) -> list:
    """The empty choice and the chosen ones, without listing the rest."""
    wanted = {str(v) for v in value if v not in (None, "")}
    queryset = getattr(choices, "queryset", None)
    if queryset is None:
        return [c for c in choices if c[0] in ("", None) or str(c[0]) in wanted]
    field = choices.field
    out = [("", field.empty_label)] if field.empty_label is not None else []
    ids = [v for v in wanted if v.isdigit()]
    if ids:
        out += [(o.pk, field.label_from_instance(o)) for o in queryset.filter(pk__in=ids)]
    return out
