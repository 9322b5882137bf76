from django import forms

from .models import Preference


class PreferenceForm(forms.ModelForm):
    """A user's own reminder channels."""

    webhook_url = forms.URLField(
        label="群机器人地址", max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Preference
        fields = ["email_enabled", "webhook_kind", "webhook_url", "digest"]

    def clean(self):
        data = super().clean()
        if data.get("webhook_kind") and not data.get("webhook_url"):
            self.add_error("webhook_url", "选择了群机器人类型，请填写机器人的 Webhook 地址。")
        if data.get("webhook_url") and not data.get("webhook_kind"):
            self.add_error("webhook_kind", "请选择群机器人是企业微信还是钉钉。")
        return data
