from __future__ import annotations

from django import forms

from zhenggai.core.lights import Light
from zhenggai.lib.forms import CleanCharField
from zhenggai.orgs.models import Organisation

from .models import Measure

LIGHT_CHOICES = [("", "全部灯色")] + [(light.value, light.label) for light in Light]


class LedgerFilterForm(forms.Form):
    """Filters of the ledger and to-do lists. Every field is optional."""

    unit = forms.ModelChoiceField(
        label="责任单位",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="全部单位",
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *Measure.Status.choices], required=False
    )
    light = forms.ChoiceField(label="灯色", choices=LIGHT_CHOICES, required=False)
    kind = forms.ChoiceField(
        label="类型", choices=[("", "全部类型"), *Measure.Kind.choices], required=False
    )
    q = CleanCharField(label="关键词", required=False, max_length=100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def apply(self, qs):
        """Filter a light-annotated measure queryset by the valid fields."""
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["unit"]:
            qs = qs.led_or_coled_by(data["unit"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["light"]:
            qs = qs.filter(light=data["light"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["q"]:
            from django.db.models import Q

            qs = qs.filter(
                Q(text__icontains=data["q"])
                | Q(problem__title__icontains=data["q"])
                | Q(problem__code__iexact=data["q"])
            )
        return qs
