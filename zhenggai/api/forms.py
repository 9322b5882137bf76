from django import forms

from zhenggai.lib.forms import CleanCharField


class TokenForm(forms.Form):
    name = CleanCharField(
        label="用途", max_length=100, help_text="如“市巡察平台同步”，便于日后辨认和撤销"
    )
