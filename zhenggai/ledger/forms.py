"""Forms of the ledger: filters, the plan, progress, closure, look-back, registers."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils import timezone

from zhenggai.core.lights import Light
from zhenggai.core.text import normalize_text
from zhenggai.core.workdays import (
    BASE_HELP,
    parse_working_days,
    working_days_deadline,
)
from zhenggai.inspections.models import Problem
from zhenggai.lib.forms import (
    ChineseDateField,
    CleanCharField,
    MultipleFileField,
    RemoteSelect,
    RemoteSelectMultiple,
)
from zhenggai.lib.matching import holding, same_as
from zhenggai.orgs.models import Organisation, User

from .actions import CHECKLIST, Upload
from .models import Accountability, Measure, Recheck, Recovery, Regulation

LIGHT_CHOICES = [("", "全部灯色")] + [(light.value, light.label) for light in Light]


class LedgerFilterForm(forms.Form):
    """Filters of the ledger and to-do lists. Every field is optional."""

    unit = forms.ModelChoiceField(
        label="责任单位",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="全部单位",
        widget=RemoteSelect,
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *Measure.Status.choices], required=False
    )
    light = forms.ChoiceField(label="灯色", choices=LIGHT_CHOICES, required=False)
    kind = forms.ChoiceField(
        label="类型", choices=[("", "全部类型"), *Measure.Kind.choices], required=False
    )
    q = CleanCharField(label="关键词", required=False, max_length=100)

    def __init__(
        self, *args, units=None, units_url: str = "", across_inspections: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.across_inspections = across_inspections
        if units is not None:
            self.fields["unit"].queryset = units
            self.fields["unit"].widget.url = units_url

    def rows_in(self, counts: dict[str, int] | None) -> int | None:
        """How many rows the home's table holds when the light ``counts`` of its scope
        already say it — no filter: every open measure, a light filter alone: that
        light — sparing a count over a province; else None."""
        if counts is None:
            return None
        used = {k for k, v in self.cleaned_data.items() if v} if self.is_valid() else set()
        if not used:
            return sum(n for light, n in counts.items() if light != Light.CLOSED)
        if used == {"light"}:
            return counts[self.cleaned_data["light"]]
        return None

    def apply(self, qs):
        """Filter a light-annotated measure queryset by the valid fields."""
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("unit"):
            qs = qs.led_or_coled_by(data["unit"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["light"]:
            # By rank: a plain column when the lights are the stored ones (with_stored_light).
            qs = qs.filter(light_rank=Light(data["light"]).rank)
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["q"]:
            if self.across_inspections:
                qs = qs.filter(pk__in=text_matches(qs, data["q"]))
            else:
                qs = qs.filter(text_holds(data["q"]))
        return qs


def text_holds(q: str) -> Q:
    """Measures whose text, or whose problem's title or code, holds ``q`` — for a list
    within one inspection: its measures are read by their problems' index and tested
    there (a topic word in one measure of seven, 100,000 measures: 90 ms, against 900 ms
    for :func:`text_matches`, whose trigram lookups fetch the matches of the whole
    province before keeping the inspection's)."""
    return holding("text", q) | holding("problem__title", q) | same_as("problem__code", q)


def text_matches(measures, q: str):
    """For lists spanning inspections (the home page): the ids of ``measures`` whose
    text, or whose problem's title or code, holds ``q``:
    a UNION of one lookup per table, so that on PostgreSQL each side can use its own
    trigram index (migration ledger 0007) instead of joining every measure to its
    problem before filtering; SQLite reads the same SQL without those indexes."""
    problems = Problem.objects.filter(holding("title", q) | same_as("code", q)).values("pk")
    by_text = measures.filter(holding("text", q)).order_by().values("pk")
    by_problem = measures.filter(problem__in=problems).order_by().values("pk")
    return by_text.union(by_problem)


def lead_units_of(measures):
    """The lead units of ``measures``: what the ledger's unit filter offers."""
    return Organisation.objects.filter(pk__in=measures.values("lead_unit_id")).order_by(
        "path", "order"
    )


def units_under(org):
    """Departments and villages of an organisation's subtree (not the organisation itself)."""
    return Organisation.objects.filter(path__startswith=org.path).exclude(pk=org.pk)


def leaders_under(org):
    return User.objects.filter(
        role=User.Role.LEADER, is_active=True, organisation__path__startswith=org.path
    ).order_by("full_name")


class MeasureForm(forms.ModelForm):
    """Plan a measure: one leader, one lead unit, co-units, a deadline, a kind."""

    deadline = ChineseDateField(label="整改时限", required=False)
    working_days = CleanCharField(
        label="或：工作日时限",
        required=False,
        help_text=f"如“15个工作日”，{BASE_HELP}",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = ["label", "group", "text", "kind", "leader", "lead_unit", "co_units", "deadline"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "co_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        org = inspection.organisation
        self.fields["leader"].queryset = leaders_under(org)
        self.fields["lead_unit"].queryset = units_under(org)
        self.fields["co_units"].queryset = units_under(org)
        self.fields["leader"].required = True
        self.fields["lead_unit"].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.feedback = inspection.feedback_date
        self.counted = None  # the working-day Deadline, when one was typed
        if self.feedback:
            self.fields[
                "working_days"
            ].help_text += f"（本轮反馈日期：{self.feedback:%Y年%-m月%-d日}）"

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean(self):
        data = super().clean()
        raw = data.get("working_days")
        if raw:
            days = parse_working_days(raw)
            if days is None:
                self.add_error("working_days", "请写成“15个工作日”的形式。")
            else:
                self.counted = working_days_deadline(
                    days, feedback=self.feedback, today=timezone.localdate()
                )
                data["deadline"] = self.counted.date
        if not data.get("deadline") and data.get("kind") != Measure.Kind.LONG_TERM:
            self.add_error("deadline", "请填写整改时限（日期或工作日数）。")
        lead, co = data.get("lead_unit"), data.get("co_units")
        if lead is not None and co and lead in co:
            data["co_units"] = [u for u in co if u != lead]
        return data


class MilestoneForm(forms.Form):
    title = CleanCharField(label="阶段目标", max_length=300)
    due = ChineseDateField(label="计划完成日期")


class BulkAssignForm(forms.Form):
    """Assign the ticked measures, or the whole filtered list (``all_filtered``): the
    filter travels in ``filter_query`` and the count the user saw in ``expected``, so a
    list that changed meanwhile is refused rather than assigned blind."""

    measures = forms.ModelMultipleChoiceField(
        queryset=Measure.objects.none(), label="整改措施", required=False
    )
    all_filtered = forms.BooleanField(label="全部筛选结果", required=False)
    expected = forms.IntegerField(required=False, widget=forms.HiddenInput)
    filter_query = forms.CharField(required=False, widget=forms.HiddenInput)
    leader = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="责任领导")
    lead_unit = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="牵头单位"
    )
    deadline = ChineseDateField(label="整改时限", required=False)
    working_days = CleanCharField(
        label="或：工作日时限", required=False, help_text=f"如“15个工作日”，{BASE_HELP}"
    )

    def __init__(self, *args, inspection, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = inspection.feedback_date
        self.counted = None  # the working-day Deadline, when one was typed
        self.fields["measures"].queryset = measures
        self.fields["leader"].queryset = leaders_under(inspection.organisation)
        self.fields["lead_unit"].queryset = units_under(inspection.organisation)

    def clean(self):
        data = super().clean()
        raw = data.get("working_days")
        if raw:
            days = parse_working_days(raw)
            if days is None:
                self.add_error("working_days", "请写成“15个工作日”的形式。")
            else:  # the one base (core.workdays), as in the measure form and the imports
                self.counted = working_days_deadline(
                    days, feedback=self.feedback, today=timezone.localdate()
                )
                data["deadline"] = self.counted.date
        if not (data.get("leader") or data.get("lead_unit") or data.get("deadline")):
            raise forms.ValidationError("请至少选择责任领导、牵头单位或整改时限中的一项。")
        if not data.get("all_filtered") and not data.get("measures"):
            raise forms.ValidationError("请勾选要交办的措施，或勾选“全部筛选结果”。")
        return data


_FIGURE = re.compile(r"^(?P<label>.*?)\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>\S{1,4})?$")


def parse_figures(text: str) -> list[dict]:
    """Read one figure a line: "清理合同 12 宗" → label 清理合同, value 12, unit 宗."""
    figures, errors = [], []
    for number, raw in enumerate(normalize_text(text).splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _FIGURE.match(line)
        if not match or not match.group("label"):
            errors.append(f"第{number}行“{line}”：请写成“名称 数值 单位”，如“清理合同 12 宗”。")
            continue
        try:
            value = Decimal(match.group("value"))
        except InvalidOperation:
            errors.append(f"第{number}行“{line}”：数值无法识别。")
            continue
        figures.append(
            {
                "label": match.group("label").strip(),
                "value": int(value) if value == value.to_integral() else float(value),
                "unit": match.group("unit") or "",
            }
        )
    if errors:
        raise forms.ValidationError(errors)
    return figures


def uploads_of(files) -> list[Upload]:
    return [Upload(name=f.name, data=f.read()) for f in files]


class ProgressForm(forms.Form):
    date = ChineseDateField(label="进展日期", initial=timezone.localdate)
    text = forms.CharField(
        label="进展情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    figures = forms.CharField(
        label="数据（可选）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "每行一项，如：清理合同 12 宗"}),
    )
    files = MultipleFileField(label="佐证材料（可多选）")
    # A new value each time the form is shown; posted twice, it makes one progress row.
    key = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=64,
        initial=lambda: secrets.token_urlsafe(24),
    )

    def clean_figures(self):
        return parse_figures(self.cleaned_data.get("figures") or "")


class ClosureRequestForm(forms.Form):
    note = forms.CharField(
        label="完成情况说明", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    files = MultipleFileField(label="佐证材料（可多选）")


class ReviewForm(forms.Form):
    evidence = forms.BooleanField(label=CHECKLIST["evidence"], required=False)
    matches = forms.BooleanField(label=CHECKLIST["matches"], required=False)
    figures = forms.BooleanField(label=CHECKLIST["figures"], required=False)
    decision = forms.ChoiceField(
        label="审核意见",
        choices=[("accept", "通过，报领导审批"), ("return", "退回")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="退回理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", "退回时必须填写理由。")
        if data.get("decision") == "accept" and not all(data.get(k) for k in CHECKLIST):
            raise forms.ValidationError(
                "审核要点未全部勾选，不能通过；如有不符，请退回并说明理由。"
            )
        return data


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批意见",
        choices=[("approve", "同意销号"), ("return", "不同意，退回")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", "不同意销号时必须填写理由。")
        return data


class RecheckForm(forms.Form):
    result = forms.ChoiceField(
        label="复查结果",
        choices=[
            (Recheck.Result.CONSOLIDATED, "巩固良好"),
            (Recheck.Result.RELAPSED, "反弹回潮（重新打开措施）"),
        ],
        widget=forms.RadioSelect,
    )
    checked_on = ChineseDateField(label="复查日期", initial=timezone.localdate)
    note = forms.CharField(
        label="复查情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("result") == Recheck.Result.RELAPSED and not (data.get("note") or "").strip():
            self.add_error("note", "发现反弹回潮时必须写明情况。")
        return data


class _RegisterForm(forms.ModelForm):
    """Add a register entry, or correct one (``instance``; ``version`` is the one shown)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, problems, problems_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        # An inspection may have 10,000 problems: they load as the user types. The widget
        # comes first: setting the queryset hands the widget its choices (the chosen ones).
        self.fields["problems"].widget = RemoteSelectMultiple(url=problems_url)
        self.fields["problems"].queryset = problems
        self.fields["problems"].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class WithdrawEntryForm(forms.Form):
    """Withdraw a register entry: the reason is required and kept with it."""

    reason = CleanCharField(
        label="撤回原因",
        max_length=200,
        help_text="如：重复登记、金额录入错误。撤回后该记录保留并划线显示，不再计入任何统计。",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RegulationForm(_RegisterForm):
    issued_on = ChineseDateField(label="印发日期", required=False)

    class Meta:
        model = Regulation
        fields = ["title", "kind", "issued_on", "issuer", "problems"]


class AccountabilityForm(_RegisterForm):
    date = ChineseDateField(label="日期", required=False)

    class Meta:
        model = Accountability
        fields = ["kind", "count", "target", "date", "note", "problems"]


class RecoveryForm(_RegisterForm):
    date = ChineseDateField(label="日期", required=False)

    class Meta:
        model = Recovery
        fields = ["kind", "amount_wan_yuan", "date", "note", "problems"]

    def clean_amount_wan_yuan(self):
        amount = self.cleaned_data["amount_wan_yuan"]
        if amount is None or amount <= 0:
            raise forms.ValidationError("金额须大于0（单位：万元）。")
        return amount
