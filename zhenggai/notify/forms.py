from django import forms

from .models import Preference
from .webhooks import UnsafeWebhook, check_url


class PreferenceForm(forms.ModelForm):
    """A user's own reminder channels, their email address included."""

    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="提醒和待办通知发往此邮箱；不填则不发邮件",
    )
    webhook_url = forms.URLField(
        label="群机器人地址",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="企业微信：https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…；"
        "钉钉：https://oapi.dingtalk.com/robot/send?access_token=…",
    )

    class Meta:
        model = Preference
        fields = [
            "email",
            "email_enabled",
            "webhook_kind",
            "webhook_url",
            "webhook_secret",
            "digest",
        ]
        widgets = {"webhook_secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].initial = user.email

    def clean_webhook_url(self):
        url = self.cleaned_data.get("webhook_url", "").strip()
        if url:
            try:
                check_url(url)
            except UnsafeWebhook as exc:
                raise forms.ValidationError(str(exc)) from exc
        return url

    def clean(self):
        data = super().clean()
        if data.get("webhook_kind") and not data.get("webhook_url"):
            self.add_error("webhook_url", "选择了群机器人类型，请填写机器人的 Webhook 地址。")
        if data.get("webhook_url") and not data.get("webhook_kind"):
            self.add_error("webhook_kind", "请选择群机器人是企业微信还是钉钉。")
        if data.get("webhook_secret") and data.get("webhook_kind") != "dingtalk":
            self.add_error("webhook_secret", "加签密钥只用于钉钉机器人。")
        return data
