"""The demo's county (溪山县): a 巡察办 above two towns and a bureau, two rounds each.

Built so the 巡察办's desk shows something on first run: different completion rates
to compare, evidence on most closed measures and a few hollow closures, relapses
found by look-backs and by a spot check, problems that repeat across the three
organisations (举一反三) and across rounds, and — in 松岭镇's current round —
at least one finding of every quality rule. Every name and sentence is invented.
Idempotent: nothing is created when the county's first inspection exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile

from zhenggai.inspections.models import Aspect, Inspection, Problem
from zhenggai.ledger.actions import do_record_recheck
from zhenggai.ledger.models import (
    Accountability,
    Evidence,
    Measure,
    Milestone,
    ProgressUpdate,
    Recheck,
    Recovery,
    Regulation,
)
from zhenggai.orgs.models import Organisation, User
from zhenggai.oversight.desk_actions import do_draw_spot_check, do_record_spot_result

S = Measure.Status
K = Measure.Kind
Kind = Organisation.Kind
Cat = Organisation.Category

# Problems that come back in several organisations (wording differs, as it would).
COMMON = {
    "rent": [
        ("村集体资产租赁合同管理不规范，部分合同未经民主程序，租金长期欠缴", "集体资产租赁"),
        ("集体资产出租合同签订不规范，欠缴租金未及时催收", "集体资产出租"),
        ("下属单位国有资产出租管理不规范，租赁合同到期未续签、租金收缴不到位", "国有资产出租"),
    ],
    "subsidy": [
        ("惠农补贴发放审核把关不严，个别农户虚报面积冒领补贴", "惠农补贴"),
        ("耕地地力保护补贴审核不严，存在虚报冒领补贴现象", "耕地地力补贴"),
        ("农机购置补贴审核把关不严，补贴发放公示不及时", "农机购置补贴"),
    ],
    "car": [
        ("公务用车管理不严格，存在公车私用现象", "公务用车"),
        ("公务车辆使用登记不规范，公车私用问题时有发生", "公务车辆"),
        ("公车管理制度执行不严，公务用车私用、派车登记缺失", "公车派车"),
    ],
    "reimburse": [
        ("财务报销审核不严，存在白条入账、超标准列支", "财务报销"),
        ("财务报销把关不严，白条入账问题仍然存在", "财务报销"),
        ("财务报销审核流于形式，存在白条抵账", "财务报销"),
    ],
}
OWN = {
    "松岭镇": [
        ("防汛物资储备台账不清，部分物资过期未更新", "防汛物资"),
        ("党员发展程序不规范，个别入党材料不完整", "党员发展"),
        ("村务公开不及时，公开内容不全面", "村务公开"),
        ("理论学习中心组学习流于形式", "中心组学习"),
    ],
    "柳湾镇": [
        ("违法建设整治不彻底，拆后复建", "违法建设"),
        ("人居环境整治反弹，河道垃圾清理不及时", "河道保洁"),
        ("信访事项办理超期，群众重复信访", "信访事项"),
    ],
    "县农业农村局": [
        ("农业项目资金拨付滞后，项目验收把关不严", "农业项目"),
        ("行政执法案卷不规范，执法记录不完整", "执法案卷"),
        ("干部作风不实，服务基层主动性不强", "驻村服务"),
    ],
}
EARLIER = {
    "松岭镇": [
        ("村级财务公开不及时，群众知晓率低", "村级财务公开"),
        ("基层党组织换届程序执行不严", "换届程序"),
    ],
    "柳湾镇": [
        ("集镇环境卫生管理不到位", "集镇保洁"),
        ("扶贫项目资产管护责任不明确", "扶贫资产"),
    ],
    "县农业农村局": [
        ("机关党建与业务工作结合不紧", "机关党建"),
        ("政府采购内控制度不健全", "政府采购"),
    ],
}
# A concrete measure for each problem: object, deliverable, figure or date.
CONCRETE = [
    "逐项清查{topic}相关台账和凭证，{n}月底前形成清查报告",
    "制定《{topic}管理办法》，明确审核流程和责任人",
    "对清查发现的{n}宗问题逐一整改，建立销号台账",
]
EVIDENCE_NAMES = ["清查台账扫描件", "整改前后对比照片", "专题会议纪要", "制度印发文件"]


def _pdf(text: str) -> bytes:
    """A small, valid PDF with one line of text: demo evidence with its own hash."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text.encode('unicode_escape').decode()}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def _evidence(measure, user, name: str, data: bytes) -> Evidence:
    sha = hashlib.sha256(data).hexdigest()
    item = Evidence(
        measure=measure,
        original_name=f"{name}.pdf",
        content_type="application/pdf",
        sha256=sha,
        size=len(data),
        uploaded_by=user,
    )
    item.file.save(sha, ContentFile(data), save=False)
    item.save()
    return item


def _user(username, full_name, role, org, password, title=""):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "role": role, "organisation": org, "title": title},
    )
    if created:
        user.set_password(password)
        user.save()
    return user


def build_county_demo(today: dt.date, city: Organisation, password: str) -> bool:
    """Create the county once; return whether anything was created."""
    county, _ = Organisation.objects.get_or_create(
        parent=city,
        name="中共临江市溪山县委员会",
        defaults={"kind": Kind.COMMITTEE, "category": Cat.REGION, "short_name": "溪山县委"},
    )
    if Inspection.objects.filter(organisation__parent=county).exists():
        return False
    inspector = _user("county", "郑晓峰", User.Role.OVERSIGHT, county, password, "县委巡察办主任")
    orgs = [
        ("中共溪山县松岭镇委员会", "松岭镇", Kind.COMMITTEE, Cat.REGION),
        ("中共溪山县柳湾镇委员会", "柳湾镇", Kind.COMMITTEE, Cat.REGION),
        ("中共溪山县农业农村局党组", "县农业农村局", Kind.LEADING_GROUP, Cat.DEPARTMENT),
    ]
    for index, (name, short, kind, cat) in enumerate(orgs):
        org, _ = Organisation.objects.get_or_create(
            parent=county, name=name, defaults={"kind": kind, "category": cat, "short_name": short}
        )
        slug = ["songling", "liuwan", "nongye"][index]
        office = _user(f"{slug}.office", f"{short}整改办", User.Role.OFFICE, org, password)
        leader = _user(f"{slug}.leader", f"{short}书记", User.Role.LEADER, org, password)
        if org.head_id is None:
            org.head = leader
            org.save(update_fields=["head"])
        earlier = _round(org, short, index, 1, today - dt.timedelta(days=620), office, leader)
        current = _round(org, short, index, 2, today - dt.timedelta(days=150), office, leader)
        current.carried_from.set([earlier])
        if index == 0:
            _every_quality_rule(current, office, leader, today)
        _spot_check(current, inspector, today, fail=index != 1)
    return True


def _round(org, short, index, n, feedback, office, leader) -> Inspection:
    inspection = Inspection.objects.create(
        title=f"溪山县委第{'一二三'[index]}巡察组对{short}第{n}轮巡察",
        kind=Inspection.Kind.XUNCHA,
        # 专项: the county's rounds looked at money and assets (and the demo keeps one
        # 常规 inspection, 云溪镇's, that other tests and benchmarks pick by its variant).
        variant=Inspection.Variant.SPECIAL,
        group=f"溪山县委第{'一二三'[index]}巡察组",
        round=f"十五届县委第{'三七'[n - 1]}轮巡察",
        organisation=org,
        start=feedback - dt.timedelta(days=60),
        end=feedback - dt.timedelta(days=30),
        feedback_date=feedback,
        concentrated_until=feedback + dt.timedelta(days=90),
    )
    inspection.targets.set([org])
    aspect = Aspect.objects.create(inspection=inspection, label="一、", title="巡察反馈问题")
    if n == 1:
        titles = [COMMON["car"][index], *EARLIER[short]]
    else:
        titles = [COMMON[k][index] for k in ("rent", "subsidy", "reimburse")] + OWN[short]
        if index == 0:  # recurs from round 1, as 松岭镇's 巡察 found it again
            titles.append(("公务用车管理仍不严格，公车私用现象反弹", "公车使用"))
    today = feedback + dt.timedelta(days=150 if n == 2 else 620)
    # Round 1 is mostly done; round 2 differs by organisation so the overview compares.
    done_share = {1: 0.9, 2: [0.55, 0.3, 0.75][index]}[n]
    measures = []
    for i, (title, topic) in enumerate(titles):
        problem = Problem.objects.create(
            inspection=inspection,
            aspect=aspect,
            code=f"问题{i + 1}",
            label=f"{i + 1}.",
            order=i,
            title=title,
        )
        for j in range(2):
            k = len(measures)
            closed = (k * 37 % 100) / 100 < done_share
            deadline = feedback + dt.timedelta(days=20 + 30 * ((i + j) % 3))
            status = S.CLOSED if closed else (S.IN_PROGRESS if k % 3 else S.NOT_STARTED)
            m = Measure.objects.create(
                problem=problem,
                label="一是" if j == 0 else "二是",
                order=j,
                text=CONCRETE[(i + j) % 3].format(topic=topic, n=(i % 9) + 3),
                kind=K.CONCENTRATED,
                leader=leader,
                lead_unit=org,
                deadline=deadline,
                status=status,
                assigned_on=feedback + dt.timedelta(days=10),
                last_progress_on=min(today, deadline - dt.timedelta(days=5)),
                closed_on=min(today, deadline - dt.timedelta(days=(k % 4) * 3 - 2))
                if closed
                else None,
            )
            measures.append(m)
            if status != S.NOT_STARTED:
                ProgressUpdate.objects.create(
                    measure=m,
                    date=m.last_progress_on,
                    text=f"已完成{topic}清查，发现问题{(k % 5) + 2}宗，已整改{(k % 5) + 1}宗。",
                    figures=[{"value": (k % 5) + 2, "unit": "宗", "label": "发现问题"}],
                    author=office,
                )
            # Evidence on most closures; every seventh closure is hollow (none).
            if closed and k % 7:
                name = EVIDENCE_NAMES[k % len(EVIDENCE_NAMES)]
                _evidence(m, office, name, _pdf(f"{inspection.pk}-{m.pk} {name}"))
    Regulation.objects.create(
        inspection=inspection, title=f"《{short}集体资产租赁管理办法》", issued_on=feedback
    )
    Accountability.objects.create(
        inspection=inspection, kind="talk", count=2 + index + n, date=feedback
    )
    Recovery.objects.create(
        inspection=inspection,
        kind="rent",
        amount_wan_yuan=Decimal(str(3 + index * 2.5 + n)),
        date=feedback,
    )
    _lookbacks(inspection, office, feedback + dt.timedelta(days=150 if n == 2 else 400))
    return inspection


def _lookbacks(inspection, office, on: dt.date) -> None:
    """Look-backs on the earliest closures: mostly consolidated, one relapse."""
    closed = list(
        Measure.objects.filter(problem__inspection=inspection, status=S.CLOSED).order_by("pk")[:4]
    )
    for i, m in enumerate(closed):
        check = Recheck.objects.create(measure=m, due=on)
        relapse = i == 1
        do_record_recheck(
            office,
            check,
            result=Recheck.Result.RELAPSED if relapse else Recheck.Result.CONSOLIDATED,
            note="回访发现欠缴租金再次出现" if relapse else "整改成果巩固",
            checked_on=on,
        )


def _every_quality_rule(inspection, office, leader, today) -> None:
    """松岭镇's current round: at least one finding of each quality rule."""
    from zhenggai.publication.models import Notice

    org = inspection.organisation
    problem = Problem.objects.create(
        inspection=inspection,
        aspect=inspection.aspects.first(),
        code="问题9",
        label="9.",
        order=9,
        title="干部作风建设不够扎实",
        long_term=True,
    )
    common = {"problem": problem, "assigned_on": inspection.feedback_date + dt.timedelta(days=10)}
    Measure.objects.create(  # vague, and its deadline is before the feedback
        text="加强学习",
        leader=leader,
        lead_unit=org,
        deadline=inspection.feedback_date - dt.timedelta(days=5),
        status=S.IN_PROGRESS,
        **common,
    )
    Measure.objects.create(  # 立行立改 long after the concentrated period
        text="进一步提高思想认识，持续深化作风建设",
        kind=K.IMMEDIATE,
        leader=leader,
        lead_unit=org,
        deadline=inspection.concentrated_until + dt.timedelta(days=120),
        **common,
    )
    Measure.objects.create(text="梳理干部考勤记录，形成通报", kind=K.CONCENTRATED, **common)
    long_term = Measure.objects.create(
        text="建立干部作风常态化督查机制，每季度开展一次明察暗访",
        kind=K.LONG_TERM,
        leader=leader,
        lead_unit=org,
        deadline=today + dt.timedelta(days=400),
        status=S.IN_PROGRESS,
        **common,
    )
    Milestone.objects.create(
        measure=long_term,
        title="第一季度明察暗访",
        due=today - dt.timedelta(days=30),
        done_on=today - dt.timedelta(days=32),
    )
    Measure.objects.create(  # closed: no progress, no evidence
        text="对机关干部上下班纪律开展专项检查，通报检查结果",
        leader=leader,
        lead_unit=org,
        deadline=today - dt.timedelta(days=20),
        status=S.CLOSED,
        closed_on=today - dt.timedelta(days=25),
        **common,
    )
    # The same file backs a measure of another problem: evidence reused.
    other = (
        Measure.objects.filter(problem__inspection=inspection, status=S.CLOSED)
        .exclude(problem=problem)
        .exclude(evidence__isnull=True)
        .first()
    )
    if other is not None:
        reused = other.evidence.first()
        hollow_twin = Measure.objects.create(
            text="对村干部坐班值班情况开展检查，形成检查记录",
            leader=leader,
            lead_unit=org,
            deadline=today - dt.timedelta(days=15),
            status=S.CLOSED,
            closed_on=today - dt.timedelta(days=16),
            **common,
        )
        Evidence.objects.create(
            measure=hollow_twin,
            file=reused.file.name,
            original_name=reused.original_name,
            content_type=reused.content_type,
            sha256=reused.sha256,
            size=reused.size,
            uploaded_by=office,
        )
    measures = Measure.objects.filter(problem__inspection=inspection)
    closed = measures.filter(status=S.CLOSED).count()
    Notice.objects.create(
        inspection=inspection,
        title=f"中共{org.display_name}委员会关于巡察整改进展情况的通报",
        body=(
            f"整改工作开展以来，{org.display_name}党委将{inspection.problems.count()}个反馈问题"
            f"细化为{measures.count()}项整改措施，目前已完成{closed + 6}项；"
            "问责追责4人次；挽回经济损失8万元。"
        ),
    )


def _spot_check(inspection, inspector, today, *, fail: bool) -> None:
    """One draw by the county's 巡察办; the first item checked, failed where asked."""
    check = do_draw_spot_check(inspector, inspection, requested="20%", seed=f"demo-{inspection.pk}")
    items = list(check.items.order_by("pk"))
    if not items:
        return
    do_record_spot_result(
        inspector,
        items[0],
        result="failed" if fail else "passed",
        note="走访7户租户，4户称未接到清理通知" if fail else "现场核查属实",
        checked_on=today,
    )
    if len(items) > 1:
        do_record_spot_result(
            inspector, items[1], result="passed", note="台账与现场一致", checked_on=today
        )
