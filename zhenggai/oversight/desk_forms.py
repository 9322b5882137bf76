"""Forms of the 巡察办's desk: explanations, spot checks, 举一反三 and carry-over."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from zhenggai.lib.forms import ChineseDateField, CleanCharField
from zhenggai.orgs.models import Organisation

from .models import SpotCheckItem


class ExplainForm(forms.Form):
    rule = forms.CharField(widget=forms.HiddenInput)
    key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    note = CleanCharField(label="情况说明", widget=forms.Textarea(attrs={"rows": 2}))


class DrawForm(forms.Form):
    requested = CleanCharField(
        label="抽取数量或比例", max_length=20, initial="20%", help_text="如 5（项）或 20%"
    )


class SpotResultForm(forms.Form):
    result = forms.ChoiceField(
        label="核查结果",
        choices=[
            (SpotCheckItem.Result.PASSED, "核查属实"),
            (SpotCheckItem.Result.FAILED, "核查不实（重新打开整改）"),
        ],
        widget=forms.RadioSelect,
    )
    note = CleanCharField(
        label="核查情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    checked_on = ChineseDateField(label="核查日期", initial=timezone.localdate)

    def clean(self):
        data = super().clean()
        if data.get("result") == SpotCheckItem.Result.FAILED and not data.get("note"):
            self.add_error("note", "核查不实时必须写明情况。")
        return data


class SelfCheckForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="开展自查的组织",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    title = CleanCharField(label="自查问题", max_length=500)
    measure_text = CleanCharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = ChineseDateField(label="完成时限")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations
        self.fields["organisations"].label_from_instance = lambda o: o.display_name


class CarryOverForm(forms.Form):
    earlier = forms.IntegerField(widget=forms.HiddenInput)
    expected = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(label="我已核对数量，确认全部承接")
