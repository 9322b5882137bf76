"""The REST API (OpenAPI 3 at /api/openapi.json, browsable at /api/docs).

Every endpoint answers with what the same user sees on the pages: lists start from the
scoped querysets of ``zhenggai.access`` and single objects from its
``get_<obj>_for_user`` (404 for outsiders, 403 for read-only users). Writes call the
same ``do_*`` actions as the forms, so they are validated, version-checked and audited
the same way.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from ninja import Field, File, Form, NinjaAPI, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from zhenggai import access
from zhenggai.core.lights import ProblemStatus
from zhenggai.ledger import actions
from zhenggai.ledger.actions import StaleEdit
from zhenggai.ledger.forms import parse_figures
from zhenggai.ledger.models import Evidence, Measure, ProgressUpdate, rules_for
from zhenggai.ledger.queries import problem_statuses
from zhenggai.lib.errors import WorkflowError
from zhenggai.lib.pages import today

from .auth import AUTH

api = NinjaAPI(
    title="整改 Zhenggai API",
    version="1",
    description=(
        "读取巡察、问题、整改措施（含红黄绿灯）、进展、佐证材料信息和登记册；报送进展、申请销号。"
        "范围与网页相同：每个用户只能读到自己在网页上能看到的内容。"
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # The description of the API is for colleagues, not for the public internet.
    docs_decorator=login_required,
)


PAGE_SIZE = 50


class Message(Schema):
    detail: str


@api.exception_handler(StaleEdit)
def _stale(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(WorkflowError)
def _refused(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "没有找到，或您无权查看。"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "您无权进行此操作。"}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "请提供有效的接口令牌（Authorization: Bearer …）。"}, status=401
    )


ERRORS = {401: Message, 403: Message, 404: Message}

# ------------------------------------------------------------------ schemas


class OrganisationOut(Schema):
    id: int
    name: str


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return user.get_full_name() or user.username


class InspectionOut(Schema):
    id: int
    title: str
    kind: str
    variant: str
    group: str
    organisation: OrganisationOut
    start: dt.date | None
    end: dt.date | None
    feedback_date: dt.date | None
    concentrated_until: dt.date | None


class ProblemOut(Schema):
    id: int
    inspection_id: int
    code: str
    label: str
    title: str
    detail: str
    long_term: bool
    status: str = Field(description="done 已完成整改 / mostly_done 基本完成 / in_progress 正在推进")


class MeasureOut(Schema):
    id: int
    problem_id: int
    inspection_id: int
    label: str
    group: str = Field(description="措施分组：问题下的小标题（如“（1）关于…”），没有则为空")
    text: str
    kind: str
    status: str
    light: str = Field(description="red 红灯 / yellow 黄灯 / green 绿灯")
    deadline: dt.date | None
    judged_deadline: dt.date | None = Field(description="灯色依据的期限（长期整改为下一阶段目标）")
    leader: PersonOut | None
    lead_unit: OrganisationOut | None
    co_units: list[OrganisationOut]
    last_progress_on: dt.date | None
    closed_on: dt.date | None
    version: int = Field(description="写操作时带上，他人已修改时返回 409")

    @staticmethod
    def resolve_inspection_id(measure) -> int:
        return measure.problem.inspection_id


class ProgressOut(Schema):
    id: int
    measure_id: int
    date: dt.date
    text: str
    figures: list[dict]
    author: PersonOut | None
    created_at: dt.datetime


class EvidenceOut(Schema):
    id: int
    measure_id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    progress_update_id: int | None
    closure_request_id: int | None
    download_url: str

    @staticmethod
    def resolve_progress_update_id(evidence) -> int | None:
        return evidence.update_id

    @staticmethod
    def resolve_closure_request_id(evidence) -> int | None:
        return evidence.closure_id

    @staticmethod
    def resolve_download_url(evidence) -> str:
        return reverse("ledger:evidence", args=[evidence.pk])


class RegisterRow(Schema):
    problem_ids: list[int]

    @staticmethod
    def resolve_problem_ids(row) -> list[int]:
        return sorted(p.pk for p in row.problems.all())


class RegulationOut(RegisterRow):
    id: int
    title: str
    kind: str
    issued_on: dt.date | None
    issuer: str


class AccountabilityOut(RegisterRow):
    id: int
    kind: str
    count: int
    target: str
    date: dt.date | None


class RecoveryOut(RegisterRow):
    id: int
    kind: str
    amount_wan_yuan: Decimal
    date: dt.date | None


class RegistersOut(Schema):
    regulations: list[RegulationOut]
    accountabilities: list[AccountabilityOut]
    recoveries: list[RecoveryOut]


class ClosureOut(Schema):
    id: int
    measure_id: int
    stage: str
    note: str


# ------------------------------------------------------------------ scoped querysets


def _measures(user, inspection):
    """The measures of ``inspection`` that ``user`` sees, with their light (as the ledger)."""
    return (
        access.measures_for(user)
        .filter(problem__inspection=inspection)
        .with_light(today(), rules_for(inspection))
        .select_related("problem", "lead_unit", "leader")
        .prefetch_related("co_units")
        .order_by("problem__order", "problem_id", "order", "pk")
    )


def _check_version(measure: Measure, version: int | None) -> None:
    if version is not None and version != measure.version:
        raise StaleEdit(measure)


# ------------------------------------------------------------------ read

router = Router(tags=["整改台账"])


@router.get(
    "/inspections", response=list[InspectionOut], url_name="inspections", summary="巡察列表"
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_inspections(request):
    return access.inspections_for(request.user).select_related("organisation").order_by("-pk")


@router.get(
    "/inspections/{pk}",
    response={200: InspectionOut, **ERRORS},
    url_name="inspection",
    summary="一轮巡察",
)
def get_inspection(request, pk: int):
    inspection, _ = access.get_inspection_for_user(request.user, pk)
    return inspection


@router.get(
    "/inspections/{pk}/problems",
    response={200: list[ProblemOut], **ERRORS},
    url_name="problems",
    summary="反馈问题（问题清单），含由措施得出的问题状态",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_problems(request, pk: int):
    inspection, _ = access.get_inspection_for_user(request.user, pk)
    return ProblemPage(
        access.problems_for(request.user).filter(inspection=inspection).order_by("order", "pk")
    )


class ProblemPage:
    """A problem queryset whose page gets the derived status in one query per page."""

    def __init__(self, qs):
        self.qs = qs

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, bounds: slice) -> list:
        problems = list(self.qs[bounds])
        statuses = problem_statuses([p.pk for p in problems])
        for p in problems:
            p.status = str(statuses.get(p.pk, ProblemStatus.IN_PROGRESS))
        return problems


@router.get(
    "/inspections/{pk}/measures",
    response={200: list[MeasureOut], **ERRORS},
    url_name="measures",
    summary="整改措施（含红黄绿灯），可按灯色、状态筛选",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_measures(request, pk: int, light: str | None = None, status: str | None = None):
    inspection, _ = access.get_inspection_for_user(request.user, pk)
    qs = _measures(request.user, inspection)
    if light:
        qs = qs.filter(light=light)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get(
    "/measures/{pk}",
    response={200: MeasureOut, **ERRORS},
    url_name="measure",
    summary="一项整改措施（含灯色和版本号）",
)
def get_measure(request, pk: int):
    measure, _ = access.get_measure_for_user(request.user, pk)
    return _measures(request.user, measure.problem.inspection).get(pk=pk)


@router.get(
    "/measures/{pk}/progress",
    response={200: list[ProgressOut], **ERRORS},
    url_name="progress",
    summary="整改进展，最新的在前",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_progress(request, pk: int):
    measure, _ = access.get_measure_for_user(request.user, pk)
    return (
        ProgressUpdate.objects.filter(measure=measure)
        .select_related("author")
        .order_by("-date", "-pk")
    )


@router.get(
    "/measures/{pk}/evidence",
    response={200: list[EvidenceOut], **ERRORS},
    url_name="evidence",
    summary="佐证材料的文件信息（文件由 download_url 下载，需登录）",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_evidence(request, pk: int):
    measure, _ = access.get_measure_for_user(request.user, pk)
    return Evidence.objects.filter(measure=measure).order_by("uploaded_at", "pk")


@router.get(
    "/inspections/{pk}/registers",
    response={200: RegistersOut, **ERRORS},
    url_name="registers",
    summary="建章立制、问责追责、追缴资金登记册（与本人可见问题相关的条目，已撤销的不列出）",
)
def get_registers(request, pk: int):
    inspection, _ = access.get_inspection_for_user(request.user, pk)
    visible = Q(problems__in=access.problems_for(request.user).filter(inspection=inspection))

    def rows(qs):
        return qs.filter(visible).distinct().prefetch_related("problems").order_by("pk")

    return {
        "regulations": rows(inspection.regulations),
        "accountabilities": rows(inspection.accountabilities),
        "recoveries": rows(inspection.recoveries),
    }


# ------------------------------------------------------------------ write


class ProgressIn(Schema):
    date: dt.date
    text: str = Field(max_length=5000)
    figures: str = Field("", description="每行一项，如“清理合同 12 宗”")
    version: int | None = Field(None, description="读取时的版本号；他人已修改时返回 409")


class ClosureIn(Schema):
    note: str = Field(max_length=5000)
    version: int | None = Field(None, description="读取时的版本号；他人已修改时返回 409")


def _uploads(files) -> list[actions.Upload]:
    return [actions.Upload(name=f.name, data=f.read()) for f in files or []]


@router.post(
    "/measures/{pk}/progress",
    response={201: ProgressOut, 400: Message, 409: Message, **ERRORS},
    url_name="progress_post",
    summary="报送整改进展（multipart，可附佐证材料 files）",
)
def post_progress(
    request,
    pk: int,
    data: Form[ProgressIn],
    files: File[list[UploadedFile]] = None,
):
    measure, perms = access.get_measure_for_user(request.user, pk)
    access.require(perms.report)
    _check_version(measure, data.version)
    try:
        figures = parse_figures(data.figures)
    except ValidationError as exc:
        raise WorkflowError("；".join(exc.messages)) from exc
    update = actions.do_post_progress(
        request.user,
        measure,
        date=data.date,
        text=data.text,
        figures=figures,
        files=_uploads(files),
    )
    return Status(201, update)


@router.post(
    "/measures/{pk}/closure",
    response={201: ClosureOut, 400: Message, 409: Message, **ERRORS},
    url_name="closure_request",
    summary="申请销号（multipart；须附佐证材料，或该措施已有佐证材料）",
)
def request_closure(
    request,
    pk: int,
    data: Form[ClosureIn],
    files: File[list[UploadedFile]] = None,
):
    measure, perms = access.get_measure_for_user(request.user, pk)
    access.require(perms.request_closure)
    _check_version(measure, data.version)
    closure = actions.do_request_closure(
        request.user, measure, note=data.note, files=_uploads(files)
    )
    return Status(201, closure)


api.add_router("/", router)
