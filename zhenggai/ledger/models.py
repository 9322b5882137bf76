"""The rectification ledger: measures and everything reported against them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from zhenggai.core import limits
from zhenggai.core.lights import Light, LightRules, is_assigned, measure_light
from zhenggai.inspections.models import Inspection, Withholdable
from zhenggai.lib.withdrawal import Withdrawable
from zhenggai.orgs.policy import EscalationPolicy, policies_for, policy_for, rules_of


def policy_of(inspection) -> EscalationPolicy:
    """The escalation policy of the inspected organisation (one query, cached)."""
    cached = getattr(inspection, "_policy", None)
    if cached is None:
        cached = inspection._policy = policy_for(inspection.organisation)
    return cached


def rules_for(inspection) -> LightRules:
    """The light thresholds of one inspection's measures: the one function every page,
    count, export, bulletin and reminder takes its lights' rules from."""
    return rules_of(policy_of(inspection))


def rules_by_inspection(inspections: Iterable[Inspection]) -> dict[int, LightRules]:
    """Inspection id → its light thresholds, for lists spanning inspections (one query;
    load the inspections with their ``organisation``)."""
    inspections = list(inspections)
    policies = policies_for({i.organisation for i in inspections})
    return {i.pk: rules_of(policies[i.organisation_id]) for i in inspections}


def _threshold(rules: LightRules | Mapping[int, LightRules], days_of, day: Callable):
    """The date a threshold falls on: one value for one rule set, or per inspection.

    When every inspection of ``rules`` shares the threshold (the common case: one
    province policy) it is one value too — a CASE over a province's inspection ids,
    evaluated for every measure, cost the office home more than its joins (issue 15).
    The measures must belong to inspections of ``rules`` either way."""
    if isinstance(rules, LightRules):
        return Value(day(days_of(rules)))
    groups: dict[int, list[int]] = {}
    for inspection_id, r in rules.items():
        groups.setdefault(days_of(r), []).append(inspection_id)
    if len(groups) == 1:
        return Value(day(next(iter(groups))))
    return Case(
        *(
            When(problem__inspection_id__in=ids, then=Value(day(days)))
            for days, ids in sorted(groups.items())
        ),
        default=Value(None),
        output_field=models.DateField(),
    )


class MeasureQuerySet(models.QuerySet):
    def with_light(self, today: dt.date, rules: LightRules | Mapping[int, LightRules]):
        """Annotate ``judged_deadline``, ``light`` and ``light_rank`` in SQL.

        ``rules`` come from the escalation policy: :func:`rules_for` for one inspection,
        or :func:`rules_by_inspection` (inspection id → rules) for a list spanning several;
        there is no fallback. Mirrors :func:`zhenggai.core.lights.measure_light` (a test
        keeps the two in step) so that lists can filter and sort by light in the database.
        """
        next_milestone = (
            Milestone.objects.filter(measure=OuterRef("pk"), done_on__isnull=True)
            .order_by("due")
            .values("due")[:1]
        )
        yellow_from = _threshold(
            rules,
            lambda r: r.yellow_days_before_deadline,
            lambda days: today + dt.timedelta(days=days),
        )
        stale_before = _threshold(
            rules,
            lambda r: r.yellow_days_without_update,
            lambda days: today - dt.timedelta(days=days),
        )
        qs = self.annotate(
            judged_deadline=Case(
                When(
                    kind=Measure.Kind.LONG_TERM, then=Coalesce(Subquery(next_milestone), "deadline")
                ),
                default=F("deadline"),
            ),
            last_activity=Coalesce("last_progress_on", "assigned_on"),
        )
        unassigned = (
            Q(leader__isnull=True) | Q(lead_unit__isnull=True) | Q(judged_deadline__isnull=True)
        )
        rule = [
            (Q(status=Measure.Status.CLOSED), Light.CLOSED),
            (unassigned, Light.UNASSIGNED),
            (Q(judged_deadline__lt=today), Light.RED),
            (Q(judged_deadline__lte=yellow_from), Light.YELLOW),
            (Q(last_activity__lt=stale_before), Light.YELLOW),
        ]
        # The rank repeats the rule rather than testing ``light``: a CASE over the
        # light's CASE made PostgreSQL evaluate the light up to six times per row.
        light = Case(
            *(When(cond, then=Value(lit.value)) for cond, lit in rule),
            default=Value(Light.GREEN.value),
            output_field=models.CharField(),
        )
        rank = Case(
            *(When(cond, then=Value(lit.rank)) for cond, lit in rule),
            default=Value(Light.GREEN.rank),
            output_field=models.IntegerField(),
        )
        return qs.annotate(light=light, light_rank=rank)

    def with_stored_light(self):
        """``light``, ``light_rank`` and ``judged_deadline`` as last stored (:func:`relight`),
        not computed: for ordering a province's measures by an index (the office's home).
        Only while :func:`stored_lights_ready` says the tick stored them today."""
        return self.annotate(
            judged_deadline=F("lit_deadline"),
            light_rank=F("lit_rank"),
            light=Case(
                *(When(lit_rank=light.rank, then=Value(light.value)) for light in Light),
                default=Value(""),
                output_field=models.CharField(),
            ),
        )

    def with_sorting_light(self, today: dt.date, rules: LightRules | Mapping[int, LightRules]):
        """The light to filter, count, group or order by: :meth:`with_stored_light` once
        the tick stored today's lights (a column, indexed), else :meth:`with_light`.
        Rows shown to the user are lit afresh, so a stored light could misplace a row,
        never mislabel it."""
        if stored_lights_ready(today):
            return self.with_stored_light()
        return self.with_light(today, rules)

    def with_policy_light(self, today: dt.date):
        """:meth:`with_light` with each measure's own organisation's rules, for lists that
        span inspections (我的任务, the oversight overview)."""
        inspections = Inspection.objects.filter(
            pk__in=self.values("problem__inspection_id")
        ).select_related("organisation")
        return self.with_light(today, rules_by_inspection(inspections))

    def led_or_coled_by(self, org):
        """Measures a unit leads or co-leads.

        A UNION of the two indexed lookups: ``lead_unit = X OR pk IN (co-units)`` made
        PostgreSQL scan every measure of the province (issue 15)."""
        led = Measure.objects.filter(lead_unit=org).order_by().values("pk")
        co = Measure.co_units.through.objects.filter(organisation=org).values("measure_id")
        return self.filter(pk__in=led.union(co, all=True))


class Measure(Withholdable):
    """A rectification measure (整改措施): one leader, one lead unit, a deadline.

    Status moves 未启动 → 推进中 → 申请销号 → 已销号 through the workflow's
    actions only; a return or a relapse found by a re-check moves it back to
    推进中. ``version`` guards concurrent edits (optimistic locking).
    """

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", "立行立改"
        CONCENTRATED = "concentrated", "集中整改"
        LONG_TERM = "long_term", "长期整改"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未启动"
        IN_PROGRESS = "in_progress", "推进中"
        CLOSURE_REQUESTED = "closure_requested", "申请销号"
        CLOSED = "closed", "已销号"

    problem = models.ForeignKey(
        "inspections.Problem",
        verbose_name="反馈问题",
        on_delete=models.PROTECT,
        related_name="measures",
    )
    label = models.CharField("序号", max_length=20, blank=True, help_text="如：一是")
    group = models.CharField(
        "措施分组",
        max_length=limits.MEASURE_GROUP,
        blank=True,
        help_text="问题下的小标题，如：（1）关于…；同一分组的措施排在一起",
    )
    order = models.PositiveIntegerField("排序", default=0)
    text = models.TextField("整改措施")
    kind = models.CharField(
        "整改类型", max_length=20, choices=Kind.choices, default=Kind.CONCENTRATED
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_measures",
    )
    lead_unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_measures",
    )
    co_units = models.ManyToManyField(
        "orgs.Organisation", verbose_name="配合单位", blank=True, related_name="co_measures"
    )
    deadline = models.DateField("整改时限", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    version = models.PositiveIntegerField("版本", default=1)
    assigned_on = models.DateField("交办日期", default=timezone.localdate)
    # Denormalised from ProgressUpdate by the progress action, so that the
    # "no update for N days" light rule is a plain column filter on large lists.
    last_progress_on = models.DateField("最近进展日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # The light's rank and judged deadline as :func:`relight` last stored them (the tick
    # for every measure, each action for its own), so that a province office's home
    # orders 750,000 open measures by an index instead of computing every light.
    lit_rank = models.PositiveSmallIntegerField(null=True, editable=False)
    lit_deadline = models.DateField(null=True, editable=False)

    objects = MeasureQuerySet.as_manager()

    class Meta(Withholdable.Meta):
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["problem__order", "order", "id"]
        indexes = [
            models.Index(fields=["lead_unit", "status"], name="measure_unit_status_idx"),
            models.Index(fields=["leader", "status"], name="measure_leader_status_idx"),
            models.Index(fields=["deadline"], name="measure_deadline_idx"),
            models.Index(fields=["lit_rank", "lit_deadline", "id"], name="measure_lit_order_idx"),
            # A light filter within one inspection (the ledger's 红灯) counts by index.
            models.Index(fields=["problem", "lit_rank"], name="measure_problem_lit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label}{self.text[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("ledger:measure", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_assigned(self) -> bool:
        """交办 complete: a leader, a lead unit and a deadline (else 待交办)."""
        return is_assigned(
            leader=self.leader_id, lead_unit=self.lead_unit_id, deadline=self.deadline
        )

    @property
    def name(self) -> str:
        """How people refer to a measure: problem code and label, then its opening words
        (``问题3·二是 清查全部租赁合同``), never a database id."""
        problem = self.problem
        code = problem.code or problem.label.rstrip("、.．")
        head = "·".join(part for part in (code, self.label) if part)
        return f"{head} {self.text[:24]}".strip()

    def compute_light(self, today: dt.date | None = None) -> Light:
        """This measure's light, computed in Python (one query for milestones)."""
        today = today or timezone.localdate()
        deadline = self.deadline
        if self.kind == self.Kind.LONG_TERM:
            nxt = self.milestones.filter(done_on__isnull=True).order_by("due").first()
            if nxt is not None:
                deadline = nxt.due
        return measure_light(
            today=today,
            deadline=deadline,
            closed=self.is_closed,
            last_activity=self.last_progress_on or self.assigned_on,
            rules=rules_for(self.problem.inspection),
            assigned=is_assigned(
                leader=self.leader_id, lead_unit=self.lead_unit_id, deadline=deadline
            ),
        )

    @property
    def light_value(self) -> Light:
        """The light from the list annotation when present, else computed."""
        annotated = getattr(self, "light", None)
        return Light(annotated) if annotated else self.compute_light()


class Milestone(Withdrawable):
    """A step of a long-term measure; long-term items close milestone by milestone."""

    measure = models.ForeignKey(
        Measure, verbose_name="整改措施", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField("阶段目标", max_length=300)
    due = models.DateField("计划完成日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "阶段目标"
        verbose_name_plural = "阶段目标"
        ordering = ["measure", "due", "order"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(Withholdable, Withdrawable):
    """A progress report by a unit: what was done, when, with figures and evidence.

    ``figures`` is a list of ``{"value": 12, "unit": "宗", "label": "清理合同"}``.
    Its 不宜公开 mark (``withheld``) covers the figures: the 社会通报 prints the
    update's text without them, the 党内通报 and the report keep them.
    """

    measure = models.ForeignKey(
        Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="updates"
    )
    date = models.DateField("进展日期")
    text = models.TextField("进展情况")
    figures = models.JSONField("数据", default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    # Made when the form is shown and posted back with it: a double submit makes one row.
    idempotency_key = models.CharField("表单标识", max_length=64, blank=True, default="")

    class Meta(Withholdable.Meta):
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="progress_one_row_per_form",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:30]}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Files are stored under their hash, never under the uploader's name.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(Withdrawable):
    """A supporting file (佐证材料) attached to a progress update or a closure request."""

    measure = models.ForeignKey(
        Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="evidence"
    )
    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name="整改进展",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    closure = models.ForeignKey(
        "ledger.ClosureRequest",
        verbose_name="销号申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ClosureRequest(models.Model):
    """A unit's request to close a measure (对账销号), reviewed then approved."""

    class Stage(models.TextChoices):
        PENDING_REVIEW = "pending_review", "待整改办审核"
        PENDING_APPROVAL = "pending_approval", "待领导审批"
        APPROVED = "approved", "已销号"
        RETURNED = "returned", "已退回"

    measure = models.ForeignKey(
        Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="closures"
    )
    note = models.TextField("完成情况说明")
    stage = models.CharField(
        "环节", max_length=20, choices=Stage.choices, default=Stage.PENDING_REVIEW
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("申请时间", auto_now_add=True)
    checklist = models.JSONField("审核要点", default=dict, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "销号申请"
        verbose_name_plural = "销号申请"
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["stage"], name="closure_stage_idx")]

    def __str__(self) -> str:
        return f"{self.measure} · {self.get_stage_display()}"


class Recheck(models.Model):
    """A look-back check (回头看) of a closed measure; a relapse reopens it."""

    class Result(models.TextChoices):
        PENDING = "pending", "待复查"
        CONSOLIDATED = "consolidated", "巩固良好"
        RELAPSED = "relapsed", "反弹回潮"
        CANCELLED = "cancelled", "已取消"

    measure = models.ForeignKey(
        Measure, verbose_name="整改措施", on_delete=models.PROTECT, related_name="rechecks"
    )
    due = models.DateField("复查日期")
    result = models.CharField("结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    checked_on = models.DateField("复查完成日期", null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("复查情况", blank=True)

    class Meta:
        verbose_name = "回头看复查"
        verbose_name_plural = "回头看复查"
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["result", "due"], name="recheck_result_due_idx")]

    def __str__(self) -> str:
        return f"{self.measure} · {self.due}"


class RegisterEntry(Withdrawable):
    """What makes a register entry (制度、问责、追缴) correctable and withdrawable: a
    version for the stale-edit check, and the one withdrawal rule of
    :mod:`zhenggai.lib.withdrawal` (``objects`` leaves withdrawn entries out of every
    total, notice and report; the registers page reads ``all_objects`` to show them
    struck through, with their reason). Changed only through ``ledger.actions``."""

    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True


class Regulation(RegisterEntry, Withholdable):
    """A rule made or revised during rectification (建章立制)."""

    class Kind(models.TextChoices):
        NEW = "new", "新建"
        REVISED = "revised", "修订"

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="regulations",
    )
    title = models.CharField("制度名称", max_length=300, help_text="如：《…管理办法》")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.NEW)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    issuer = models.CharField("制定单位", max_length=120, blank=True)
    problems = models.ManyToManyField(
        "inspections.Problem", verbose_name="对应问题", blank=True, related_name="regulations"
    )

    class Meta(Withholdable.Meta):
        verbose_name = "建章立制"
        verbose_name_plural = "建章立制"
        ordering = ["inspection", "issued_on", "id"]

    def __str__(self) -> str:
        return self.title


class Accountability(RegisterEntry, Withholdable):
    """An accountability action (问责追责) taken on a problem."""

    class Kind(models.TextChoices):
        TALK = "talk", "约谈"
        REMINDER_TALK = "reminder_talk", "提醒谈话"
        CRITICISM = "criticism", "批评教育"
        ADMONISH = "admonish", "诫勉"
        PARTY_DISCIPLINE = "party_discipline", "党纪处分"
        GOVERNMENT_SANCTION = "government_sanction", "政务处分"
        ORGANISATIONAL = "organisational", "组织处理"
        REFERRAL = "referral", "移送"

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="accountabilities",
    )
    kind = models.CharField("方式", max_length=30, choices=Kind.choices)
    count = models.PositiveIntegerField("人次", default=1)
    target = models.CharField("对象", max_length=200, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    problems = models.ManyToManyField(
        "inspections.Problem", verbose_name="对应问题", blank=True, related_name="accountabilities"
    )

    class Meta(Withholdable.Meta):
        verbose_name = "问责追责"
        verbose_name_plural = "问责追责"
        ordering = ["inspection", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="accountability_count_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.count}人次"


class Recovery(RegisterEntry, Withholdable):
    """Money recovered (追回/清退/退缴/收回欠租), in 万元."""

    class Kind(models.TextChoices):
        RECOVERED = "recovered", "追回"
        REFUNDED = "refunded", "清退"
        SURRENDERED = "surrendered", "退缴"
        RENT = "rent", "收回欠租"

    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name="巡察",
        on_delete=models.PROTECT,
        related_name="recoveries",
    )
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    amount_wan_yuan = models.DecimalField("金额（万元）", max_digits=14, decimal_places=4)
    date = models.DateField("日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    problems = models.ManyToManyField(
        "inspections.Problem", verbose_name="对应问题", blank=True, related_name="recoveries"
    )

    class Meta(Withholdable.Meta):
        verbose_name = "追缴资金"
        verbose_name_plural = "追缴资金"
        ordering = ["inspection", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_wan_yuan__gt=0), name="recovery_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_wan_yuan}万元"


class LightsDay(models.Model):
    """One row: the day the tick last stored every measure's light (:func:`relight`).
    A saved escalation policy clears it — every light may have moved — and the pages
    that order by stored lights compute them again until the next tick."""

    day = models.DateField(null=True)

    class Meta:
        verbose_name = "灯色存储日期"
        verbose_name_plural = "灯色存储日期"

    def __str__(self) -> str:
        return str(self.day or "—")


def stored_lights_ready(today: dt.date) -> bool:
    """True when every measure's stored light is today's (one query)."""
    return LightsDay.objects.filter(pk=1, day=today).exists()


def relight(today: dt.date, pks: Iterable[int] | None = None) -> int:
    """Store today's light rank and judged deadline of the measures ``pks`` (every
    measure when None), set-based: one ``UPDATE … FROM`` over :meth:`with_policy_light`,
    touching only the rows whose stored values differ. Returns the rows updated."""
    from django.db import connection

    qs = Measure.objects.all() if pks is None else Measure.objects.filter(pk__in=pks)
    lit = (
        qs.with_policy_light(today)
        .annotate(measure_id=F("pk"))
        .values("measure_id", "light_rank", "judged_deadline")
        .order_by()
    )
    sql, params = lit.query.sql_with_params()
    table = Measure._meta.db_table
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET lit_rank = s.light_rank, lit_deadline = s.judged_deadline "  # noqa: S608 — Django's SQL, with parameters
            f"FROM ({sql}) s WHERE {table}.id = s.measure_id "
            f"AND ({table}.lit_rank {differs} s.light_rank "
            f"OR {table}.lit_deadline {differs} s.judged_deadline)",
            params,
        )
        return cursor.rowcount


def relight_all(today: dt.date) -> int:
    """The tick's :func:`relight` of every measure, then the day recorded as stored."""
    n = relight(today)
    LightsDay.objects.update_or_create(pk=1, defaults={"day": today})
    return n
