from __future__ import annotations

from django import forms
from django.db.models import Q

from zhenggai.ledger.models import Measure
from zhenggai.lib.forms import CleanCharField

from .models import Aspect, Problem


class AspectForm(forms.ModelForm):
    class Meta:
        model = Aspect
        fields = ["parent", "label", "title"]

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = inspection.aspects.all()
        self.fields["parent"].empty_label = "（顶层方面）"


def carry_over_candidates(inspection):
    """Unfinished problems of earlier rounds in the same organisation subtree."""
    open_measures = Measure.objects.exclude(status=Measure.Status.CLOSED).values("problem_id")
    return (
        Problem.objects.filter(
            inspection__organisation__path__startswith=inspection.organisation.path,
            inspection__withdrawn_at__isnull=True,
        )
        .exclude(inspection=inspection)
        .filter(Q(pk__in=open_measures))
        .select_related("inspection")
        .order_by("-inspection__feedback_date", "order")
    )


class ProblemForm(forms.ModelForm):
    title = CleanCharField(label="问题", max_length=500)
    code = CleanCharField(label="反馈编号", max_length=20, required=False, help_text="如：问题3")

    class Meta:
        model = Problem
        fields = ["aspect", "code", "label", "title", "detail", "long_term", "carried_from"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].queryset = inspection.aspects.all()
        self.fields["carried_from"].queryset = carry_over_candidates(inspection)
        self.fields["carried_from"].label_from_instance = lambda p: (
            f"{p.inspection.title}｜{p.code or p.label} {p.title}"
        )

    def clean_title(self):
        return self.cleaned_data["title"].rstrip("。")


class WithdrawForm(forms.Form):
    reason = CleanCharField(
        label="撤回原因",
        max_length=200,
        help_text="如：重复导入、导入了错误的文件。撤回后本轮巡察不再出现在列表、排名和提醒中，记录不删除。",
    )
