"""Forms of the notice pages and the public portal; fields normalise what people type."""

from __future__ import annotations

from django import forms

from zhenggai.core.text import normalize_text
from zhenggai.lib.forms import ChineseDateField, CleanCharField

from .models import PublicComment

OPINION_MAX = 2000
CONTACT_MAX = 100


class NoticeEditForm(forms.Form):
    """The office's edit of a draft: text, window and channels."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = CleanCharField(label="标题", max_length=300)
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 30, "class": "notice-body"}),
        help_text="每段一行。以“一、”“（一）”“1.”开头的行按标题排版；结尾的公开期限、联系方式、"
        "附件、落款和日期按下方栏目自动生成。",
    )
    disclosure_start = ChineseDateField(label="公开期限开始", required=False)
    disclosure_end = ChineseDateField(label="公开期限截止", required=False)
    phone = CleanCharField(label="联系电话", max_length=60, required=False)
    phone_hours = CleanCharField(label="接听时间", max_length=120, required=False)
    postal_address = CleanCharField(label="邮政信箱（地址）", max_length=200, required=False)
    envelope_words = CleanCharField(label="信封注明", max_length=120, required=False)
    postcode = CleanCharField(label="邮政编码", max_length=6, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    signature = CleanCharField(label="落款", max_length=120, required=False)

    def clean_body(self):
        # Keep the office's line breaks; tidy each line's spaces and drop empty lines.
        lines = [normalize_text(line) for line in self.cleaned_data["body"].splitlines()]
        body = "\n".join(line for line in lines if line)
        if not body:
            raise forms.ValidationError("正文不能为空。")
        return body

    def clean_postcode(self):
        code = self.cleaned_data["postcode"]
        if code and not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError("邮政编码应为6位数字。")
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("disclosure_start"), data.get("disclosure_end")
        if start and end and end < start:
            self.add_error("disclosure_end", "公开期限的截止日期不能早于开始日期。")
        if bool(start) != bool(end):
            self.add_error("disclosure_end", "请同时填写公开期限的开始和截止日期。")
        return data

    def notice_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="退回意见", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpinionForm(forms.Form):
    """The public's opinion. ``website`` is a honeypot: people never see it, bots fill it."""

    text = forms.CharField(
        label="意见建议",
        max_length=OPINION_MAX,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": OPINION_MAX}),
        error_messages={
            "max_length": f"意见内容不能超过{OPINION_MAX}字。",
            "min_length": "意见内容至少5个字。",
            "required": "请填写意见内容。",
        },
    )
    contact = CleanCharField(
        label="联系方式（选填）",
        max_length=CONTACT_MAX,
        required=False,
        help_text="如需电话或书面答复，请留下电话或邮箱；不填也可以凭回执码查看答复。",
        error_messages={"max_length": f"联系方式不能超过{CONTACT_MAX}字。"},
    )
    measure = forms.TypedChoiceField(
        label="涉及的整改事项（选填）", required=False, coerce=int, empty_value=None
    )
    website = forms.CharField(
        required=False,
        label="请勿填写此项",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = {m.pk: m for m in measures}
        self.fields["measure"].choices = [("", "—— 不指定 ——")] + [
            (m.pk, f"{m.problem.code or m.problem.label} {m.problem.title[:24]} · {m.label}")
            for m in measures
        ]

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def measure_obj(self):
        pk = self.cleaned_data.get("measure")
        return self.measures.get(pk) if pk else None


class ReceiptForm(forms.Form):
    code = forms.CharField(label="回执码", max_length=20)


class RecordOpinionForm(forms.Form):
    """Staff register an opinion that arrived by phone, post or email."""

    channel = forms.ChoiceField(
        label="渠道",
        choices=[c for c in PublicComment.Channel.choices if c[0] != PublicComment.Channel.WEB],
    )
    text = forms.CharField(
        label="意见内容", max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = CleanCharField(label="联系方式", max_length=CONTACT_MAX, required=False)


class RouteForm(forms.Form):
    target = forms.ChoiceField(label="转办至", required=True)

    def __init__(self, *args, measures=(), problems=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = {f"m{m.pk}": m for m in measures}
        self.problems = {f"p{p.pk}": p for p in problems}
        self.units = {f"u{u.pk}": u for u in units}
        self.fields["target"].choices = (
            [("", "—— 请选择 ——")]
            + [(k, f"问题：{p.code or p.label} {p.title[:30]}") for k, p in self.problems.items()]
            + [
                (k, f"措施：{m.problem.code or m.problem.label} {m.label}{m.text[:24]}")
                for k, m in self.measures.items()
            ]
            + [(k, f"单位：{u.display_name}") for k, u in self.units.items()]
        )

    def target_objects(self):
        """(measure, problem, unit) chosen; a measure brings its lead unit."""
        key = self.cleaned_data["target"]
        return self.measures.get(key), self.problems.get(key), self.units.get(key)


class ReplyForm(forms.Form):
    reply = forms.CharField(label="答复", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
