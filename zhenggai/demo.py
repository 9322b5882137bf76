"""A fictional town for the demo: 云溪镇 under 临江市, two inspections, ~90 measures.

Every name and sentence here is invented. Dates are placed around today so the
demo always shows measures in every status and every light colour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhenggai.audit.log import record
from zhenggai.inspections.models import Aspect, Inspection, Problem
from zhenggai.ledger.models import (
    Accountability,
    ClosureRequest,
    Measure,
    Milestone,
    ProgressUpdate,
    Recheck,
    Recovery,
    Regulation,
)
from zhenggai.orgs.models import Organisation, User
from zhenggai.oversight.models import Supervision

PASSWORD = "Yunxi@2026"  # noqa: S105 - the demo's published password, printed on purpose

Kind = Organisation.Kind
Cat = Organisation.Category

DEPARTMENTS = [
    "党政综合办公室",
    "党建工作办公室",
    "宣传统战办公室",
    "纪检监察办公室",
    "财政分局",
    "农业农村办公室",
    "自然资源所",
    "综合行政执法办公室",
    "社会事务办公室",
    "经济发展办公室",
]
VILLAGES = [
    ("桃源村", Kind.GENERAL_BRANCH),
    ("石桥村", Kind.BRANCH),
    ("梅林村", Kind.BRANCH),
    ("新塘社区", Kind.COMMITTEE),
]
LEADERS = [
    ("leader", "周海涛", "镇党委副书记、镇长"),
    ("lin.zhiyuan", "林志远", "镇党委书记"),
    ("chen.min", "陈敏", "镇党委委员、纪委书记"),
    ("huang.xiaoyan", "黄晓燕", "镇党委委员、组织委员"),
    ("wu.jianguo", "吴建国", "镇党委委员、副镇长"),
]

# (aspect, sub-aspect, [(problem title, topic, rule made, lead unit index)])
ASPECTS = [
    (
        "贯彻落实上级决策部署方面",
        [
            (
                "理论学习和决策执行",
                [
                    (
                        "理论学习中心组学习流于形式，研讨交流质量不高",
                        "理论学习",
                        "党委理论学习中心组学习规则",
                        1,
                    ),
                    (
                        "落实乡村振兴重点任务推进迟缓，部分项目未按期开工",
                        "乡村振兴项目",
                        "乡村振兴项目推进督办办法",
                        5,
                    ),
                    (
                        "耕地保护责任落实不到位，存在违法占用耕地现象",
                        "耕地保护",
                        "耕地保护田长制工作细则",
                        6,
                    ),
                    ("生态环境问题整改不彻底，河道垃圾反弹", "河道整治", "河长制巡河工作制度", 7),
                    (
                        "安全生产隐患排查不细致，整改闭环管理不严",
                        "安全生产",
                        "安全生产隐患排查整治办法",
                        7,
                    ),
                ],
            ),
            (
                "履行职能责任",
                [
                    (
                        "营商环境优化措施落实不够，涉企服务响应慢",
                        "涉企服务",
                        "涉企服务首问负责制度",
                        9,
                    ),
                    (
                        "民生实事项目推进不平衡，群众满意度不高",
                        "民生实事",
                        "民生实事项目管理办法",
                        8,
                    ),
                    ("信访矛盾化解不及时，重复信访时有发生", "信访化解", "信访事项办理回访制度", 0),
                    ("防汛防灾应急准备不足，物资台账不清", "应急物资", "应急物资储备管理制度", 7),
                ],
            ),
        ],
    ),
    (
        "群众身边腐败问题和不正之风方面",
        [
            (
                "资金资产资源管理",
                [
                    (
                        "村集体资产租赁合同管理不规范，存在欠缴租金",
                        "集体资产租赁",
                        "村集体资产租赁管理办法",
                        4,
                    ),
                    ("财务报销审核不严，存在白条入账", "财务报销", "镇村财务报销审核细则", 4),
                    ("工程项目管理不规范，存在先施工后招标", "工程项目", "小型工程项目管理办法", 9),
                    ("惠农补贴发放审核不严，存在优亲厚友", "惠农补贴", "惠农补贴发放公示制度", 5),
                    ("公务接待和公车使用管理不严", "公务接待", "公务接待和公车使用管理规定", 0),
                ],
            ),
            (
                "作风建设",
                [
                    (
                        "形式主义官僚主义问题仍有发生，填表报数负担较重",
                        "基层减负",
                        "基层减负十条措施",
                        0,
                    ),
                    (
                        "部分干部服务群众意识不强，办事推诿拖延",
                        "干部作风",
                        "干部作风问题投诉处理办法",
                        3,
                    ),
                    (
                        "纪律教育针对性不强，警示教育覆盖不全",
                        "警示教育",
                        "警示教育常态化工作方案",
                        3,
                    ),
                    (
                        "村级监督作用发挥不充分，村务监督委员会履职不到位",
                        "村务监督",
                        "村务监督委员会工作规则",
                        3,
                    ),
                ],
            ),
        ],
    ),
    (
        "基层党组织建设和干部队伍建设方面",
        [
            (
                "基层党组织建设",
                [
                    ("村党组织“三会一课”制度落实不严格", "三会一课", "“三会一课”纪实管理制度", 1),
                    ("发展党员程序不规范，材料不齐全", "发展党员", "发展党员工作规程", 1),
                    ("党员教育管理不到位，流动党员联系不紧密", "党员管理", "流动党员管理办法", 1),
                    (
                        "软弱涣散村党组织整顿成效不明显",
                        "软弱涣散整顿",
                        "软弱涣散党组织整顿工作方案",
                        1,
                    ),
                ],
            ),
            (
                "干部队伍建设",
                [
                    (
                        "干部选拔任用工作不够规范，档案审核不严",
                        "干部选任",
                        "干部选拔任用工作规程",
                        1,
                    ),
                    (
                        "年轻干部培养储备不足，梯队结构不合理",
                        "年轻干部培养",
                        "年轻干部培养锻炼计划",
                        1,
                    ),
                    (
                        "村干部考核激励机制不健全，考核结果运用不充分",
                        "村干部考核",
                        "村干部绩效考核办法",
                        1,
                    ),
                    ("编外人员管理不规范，存在人岗不符", "编外人员", "编外人员管理办法", 0),
                ],
            ),
        ],
    ),
]
LONG_TERM_TOPICS = {"耕地保护", "软弱涣散整顿", "年轻干部培养"}

MEASURE_TEMPLATES = [
    "全面排查{topic}方面存在的问题，逐项建立问题清单和整改台账，明确责任人和完成时限",
    "制定{rule}，规范工作流程，从制度上堵塞漏洞",
    "开展{topic}专项培训和警示教育，对责任人进行提醒谈话，压实工作责任",
    "组织对{topic}整改情况进行抽查复核，每月通报一次进展",
]

OLD_PROBLEMS = [
    ("村务公开不及时，公开内容不完整", "村务公开"),
    ("村集体鱼塘发包未经民主程序", "鱼塘发包"),
    ("村级财务票据管理混乱", "票据管理"),
    ("村干部兼职取酬不规范", "兼职取酬"),
    ("村级活动场所闲置，使用率不高", "活动场所"),
    ("村规民约修订滞后，作用发挥不充分", "村规民约"),
]


@dataclass
class DemoResult:
    created: bool
    credentials: list[tuple[str, str, str]]


def _org(name, kind, category, parent=None, short=""):
    org, _ = Organisation.objects.get_or_create(
        parent=parent, name=name, defaults={"kind": kind, "category": category, "short_name": short}
    )
    return org


def _user(username, full_name, role, org, title=""):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "role": role, "organisation": org, "title": title},
    )
    if created:
        user.set_password(PASSWORD)
        if role == User.Role.ADMIN:
            user.is_staff = user.is_superuser = True
        user.save()
    return user


@transaction.atomic
def build_demo(today: dt.date | None = None) -> DemoResult:
    """Create the demo town once; running it again changes nothing."""
    today = today or timezone.localdate()
    city = _org("中共临江市委员会", Kind.COMMITTEE, Cat.REGION, short="临江市委")
    town = _org("中共临江市云溪镇委员会", Kind.COMMITTEE, Cat.REGION, city, short="云溪镇党委")
    departments = [_org(n, Kind.BRANCH, Cat.DEPARTMENT, town) for n in DEPARTMENTS]
    villages = [
        _org(
            f"中共{n}委员会"
            if k == Kind.COMMITTEE
            else f"{n}党{'总支' if k == Kind.GENERAL_BRANCH else '支部'}",
            k,
            Cat.VILLAGE,
            town,
            short=n,
        )
        for n, k in VILLAGES
    ]
    for dept in departments:
        if not dept.short_name:
            dept.short_name = dept.name
            dept.save(update_fields=["short_name"])

    _user("admin", "系统管理员", User.Role.ADMIN, None)
    office = _user("office", "李文静", User.Role.OFFICE, town, "镇巡察整改工作办公室干事")
    unit = _user("unit", "何佳", User.Role.UNIT, departments[5], "农业农村办公室联络员")
    _user("oversight", "孙立群", User.Role.OVERSIGHT, city, "市委巡察办副主任")
    leaders = [_user(u, n, User.Role.LEADER, town, t) for u, n, t in LEADERS]
    for i, org in enumerate(departments + villages):
        contact = _user(f"unit{i + 1:02d}", f"联络员{i + 1:02d}", User.Role.UNIT, org)
        if org.head_id is None:
            org.head = contact
            org.save(update_fields=["head"])
    if town.head_id is None:
        town.head = leaders[1]
        town.save(update_fields=["head"])
    credentials = [
        ("admin", PASSWORD, "系统管理员"),
        ("office", PASSWORD, "整改办（云溪镇）"),
        ("unit", PASSWORD, "责任单位联络员（农业农村办公室）"),
        ("leader", PASSWORD, "责任领导（周海涛）"),
        ("oversight", PASSWORD, "巡察办（临江市委，只读）"),
        ("county", PASSWORD, "巡察办（溪山县委：两镇一局）"),
    ]
    from zhenggai.demo_county import build_county_demo

    old, _ = Inspection.objects.get_or_create(
        title="临江市委第四巡察组对桃源村党总支巡察",
        defaults=dict(
            kind=Inspection.Kind.XUNCHA,
            variant=Inspection.Variant.VILLAGE,
            group="临江市委第四巡察组",
            organisation=villages[0],
            start=today - dt.timedelta(days=700),
            end=today - dt.timedelta(days=670),
            feedback_date=today - dt.timedelta(days=640),
            concentrated_until=today - dt.timedelta(days=550),
        ),
    )
    current, created = Inspection.objects.get_or_create(
        title="临江市委第二巡察组对云溪镇党委常规巡察",
        defaults=dict(
            kind=Inspection.Kind.XUNCHA,
            variant=Inspection.Variant.REGULAR,
            group="临江市委第二巡察组",
            organisation=town,
            start=today - dt.timedelta(days=250),
            end=today - dt.timedelta(days=200),
            feedback_date=today - dt.timedelta(days=170),
            concentrated_until=today - dt.timedelta(days=78),
        ),
    )
    _contact_details(town, "云溪镇", "0000-5551200", "临江市云溪镇府前路1号", "510901")
    _contact_details(villages[0], "桃源村", "0000-5551288", "临江市云溪镇桃源村村委会", "510902")
    if not created:
        county = build_county_demo(today, city, PASSWORD)
        return DemoResult(created=county, credentials=credentials)

    old.targets.set([villages[0]])
    current.targets.set([town, *villages])
    current.carried_from.set([old])
    old_problems = _fill_old(old, office, leaders, villages[0], today)
    _fill_current(current, office, unit, leaders, departments, villages, today, old_problems)
    _registers(current, office, departments, today)
    from zhenggai.oversight.demo import build_supervision_demo  # light history, bulletins

    build_county_demo(today, city, PASSWORD)
    build_supervision_demo(today)
    return DemoResult(created=True, credentials=credentials)


def _contact_details(org, place, phone, address, postcode):
    """The channels a notice of ``org`` prints (fictional numbers and addresses)."""
    from zhenggai.publication.models import ContactDetails

    ContactDetails.objects.get_or_create(
        organisation=org,
        defaults=dict(
            phone=phone,
            phone_hours="工作日上午8:30-12:00，下午14:30-17:30",
            postal_address=address,
            envelope_words=f"对{place}巡察整改的意见建议",
            postcode=postcode,
            email=f"zhenggai-{postcode}@example.cn",
        ),
    )


def _fill_old(inspection, office, leaders, village, today):
    aspect = Aspect.objects.create(
        inspection=inspection, label="一、", title="村级组织运行和村务管理方面"
    )
    problems = []
    for i, (title, topic) in enumerate(OLD_PROBLEMS):
        problem = Problem.objects.create(
            inspection=inspection,
            aspect=aspect,
            code=f"问题{i + 1}",
            label=f"{i + 1}.",
            order=i,
            title=title,
        )
        problems.append(problem)
        for j in range(2):
            unfinished = i >= 4 and j == 1
            m = Measure.objects.create(
                problem=problem,
                label="一是" if j == 0 else "二是",
                order=j,
                text=MEASURE_TEMPLATES[j].format(topic=topic, rule=f"{topic}管理规定"),
                kind=Measure.Kind.CONCENTRATED,
                leader=leaders[3],
                lead_unit=village,
                deadline=inspection.concentrated_until,
                status=Measure.Status.IN_PROGRESS if unfinished else Measure.Status.CLOSED,
                assigned_on=inspection.feedback_date,
                last_progress_on=today - dt.timedelta(days=200 if unfinished else 560),
                closed_on=None if unfinished else today - dt.timedelta(days=555),
            )
            record(office, "measure.create", m, after={"status": m.status}, note="演示数据")
    return problems


def _fill_current(inspection, office, unit, leaders, departments, villages, today, old_problems):
    units = departments + villages
    feedback = inspection.feedback_date
    order = 0
    n = 0
    for a_index, (a_title, subs) in enumerate(ASPECTS):
        top = Aspect.objects.create(
            inspection=inspection, label="一二三"[a_index] + "、", title=a_title, order=a_index
        )
        for s_index, (s_title, problems) in enumerate(subs):
            sub = Aspect.objects.create(
                inspection=inspection,
                parent=top,
                label=f"（{'一二三四'[s_index]}）",
                title=s_title,
                order=s_index,
            )
            for title, topic, rule, lead in problems:
                order += 1
                problem = Problem.objects.create(
                    inspection=inspection,
                    aspect=sub,
                    code=f"问题{order}",
                    label=f"{order}.",
                    order=order,
                    title=title,
                    long_term=topic in LONG_TERM_TOPICS,
                )
                if topic == "村务监督":
                    problem.carried_from = old_problems[4]
                    problem.save(update_fields=["carried_from"])
                count = 3 if order % 4 else 4
                for j in range(count):
                    n += 1
                    _measure(
                        problem,
                        j,
                        n,
                        topic,
                        rule,
                        units[lead] if j == 0 else units[(lead + n) % len(units)],
                        units,
                        leaders,
                        office,
                        unit,
                        feedback,
                        inspection,
                        today,
                    )


def _closed_on(today: dt.date, n: int) -> dt.date:
    """When a closed measure of the current round was closed: within the concentrated
    period (which ended 78 days ago), one in five late — an on-time rate worth reading."""
    return today - dt.timedelta(days=30 + n % 40 if n % 5 == 0 else 78 + n % 60)


def _measure(
    problem, j, n, topic, rule, lead_unit, units, leaders, office, unit, feedback, inspection, today
):
    """One measure whose status and dates follow a fixed cycle, so every light shows."""
    S = Measure.Status
    cycle = n % 20
    if problem.long_term and j == 0:
        kind = Measure.Kind.LONG_TERM
    elif j == 0 and cycle % 3 == 0:
        kind = Measure.Kind.IMMEDIATE
    else:
        kind = Measure.Kind.CONCENTRATED
    if cycle < 7:
        status = S.CLOSED
    elif cycle < 9:
        status = S.CLOSURE_REQUESTED
    elif cycle < 18:
        status = S.IN_PROGRESS
    else:
        status = S.NOT_STARTED
    if kind == Measure.Kind.LONG_TERM:
        status = S.IN_PROGRESS
    # Deadline: closed ones mostly met theirs (_closed_on); open ones spread over red,
    # yellow and green.
    if status == S.CLOSED:
        deadline = inspection.concentrated_until
    else:
        deadline = {
            0: today - dt.timedelta(days=20),
            1: today + dt.timedelta(days=6),
            2: today + dt.timedelta(days=45),
            3: today + dt.timedelta(days=90),
        }[n % 4]
    # A few measures came in by import without leader or deadline: 待交办.
    unassigned = status == S.NOT_STARTED and cycle == 19 and kind != Measure.Kind.LONG_TERM
    if unassigned:
        deadline = None
    stale = n % 5 == 0
    last = (
        None if status == S.NOT_STARTED else today - dt.timedelta(days=45 if stale else 4 + n % 9)
    )
    measure = Measure.objects.create(
        problem=problem,
        label="一二三四五"[j] + "是",
        order=j,
        text=MEASURE_TEMPLATES[j % 4].format(topic=topic, rule=f"《{rule}》"),
        kind=kind,
        leader=None if unassigned else leaders[n % len(leaders)],
        lead_unit=lead_unit,
        deadline=deadline,
        status=status,
        assigned_on=feedback,
        last_progress_on=last,
        closed_on=_closed_on(today, n) if status == S.CLOSED else None,
    )
    co = [u for u in units if u != lead_unit][n % 7 : n % 7 + (n % 3)]
    measure.co_units.set(co)
    record(
        office, "measure.create", measure, after={"status": status}, note="演示数据：交办整改措施"
    )
    if kind == Measure.Kind.LONG_TERM:
        Milestone.objects.create(
            measure=measure,
            title=f"完成{topic}第一阶段任务",
            due=feedback + dt.timedelta(days=60),
            done_on=feedback + dt.timedelta(days=58),
            order=1,
        )
        Milestone.objects.create(
            measure=measure,
            title=f"{topic}第二阶段任务过半",
            due=today + dt.timedelta(days=8 if n % 2 else 40),
            order=2,
        )
        Milestone.objects.create(
            measure=measure,
            title=f"{topic}长效机制全面运行",
            due=feedback + dt.timedelta(days=540),
            order=3,
        )
    if last is not None:
        author = unit if measure.lead_unit_id == unit.organisation_id else None
        ProgressUpdate.objects.create(
            measure=measure,
            date=last,
            author=author,
            text=f"已完成{topic}问题摸排，形成问题台账，正在逐项推进整改。",
            figures=[{"label": "排查问题", "value": 3 + n % 11, "unit": "个"}],
        )
    if status in (S.CLOSURE_REQUESTED, S.CLOSED):
        closure = ClosureRequest.objects.create(
            measure=measure,
            note=f"{topic}相关整改任务已全部完成，佐证材料已上传。",
            submitted_by=unit if unit.organisation_id == measure.lead_unit_id else office,
            stage=ClosureRequest.Stage.APPROVED
            if status == S.CLOSED
            else (
                ClosureRequest.Stage.PENDING_APPROVAL
                if n % 2
                else ClosureRequest.Stage.PENDING_REVIEW
            ),
        )
        if status == S.CLOSED:
            # Requested, reviewed and approved in the days up to the closing date, so the
            # 对账销号单 prints every name with its date.
            approved = dt.datetime.combine(
                measure.closed_on, dt.time(10), tzinfo=timezone.get_current_timezone()
            )
            ClosureRequest.objects.filter(pk=closure.pk).update(
                reviewer=office,
                approver=measure.leader,
                submitted_at=approved - dt.timedelta(days=3),
                reviewed_at=approved - dt.timedelta(days=1),
                decided_at=approved,
            )
            for months, result in ((3, Recheck.Result.CONSOLIDATED), (6, Recheck.Result.PENDING)):
                due = measure.closed_on + dt.timedelta(days=30 * months)
                Recheck.objects.create(
                    measure=measure,
                    due=due,
                    result=result if due <= today else Recheck.Result.PENDING,
                    checked_on=due if due <= today and result != Recheck.Result.PENDING else None,
                )


def _registers(inspection, office, departments, today):
    problems = list(inspection.problems.all())
    rules = [(t, r) for _, subs in ASPECTS for _, ps in subs for t, _, r, _ in ps][:10]
    for i, (_, rule) in enumerate(rules):
        reg = Regulation.objects.create(
            inspection=inspection,
            title=f"《{rule}》",
            kind=Regulation.Kind.REVISED if i % 3 == 0 else Regulation.Kind.NEW,
            issued_on=today - dt.timedelta(days=100 - i * 5),
            issuer="云溪镇党委",
        )
        reg.problems.set([problems[i]])
    for kind, count, target, pi in [
        (Accountability.Kind.TALK, 6, "村（社区）党组织书记", 9),
        (Accountability.Kind.REMINDER_TALK, 4, "镇机关干部", 14),
        (Accountability.Kind.CRITICISM, 3, "村干部", 10),
        (Accountability.Kind.ADMONISH, 1, "村委会副主任", 12),
        (Accountability.Kind.PARTY_DISCIPLINE, 1, "村报账员", 10),
    ]:
        acc = Accountability.objects.create(
            inspection=inspection,
            kind=kind,
            count=count,
            target=target,
            date=today - dt.timedelta(days=60),
        )
        acc.problems.set([problems[pi]])
    for kind, amount, pi in [
        (Recovery.Kind.RENT, "38.6500", 9),
        (Recovery.Kind.RECOVERED, "12.3000", 12),
        (Recovery.Kind.REFUNDED, "2.4800", 10),
        (Recovery.Kind.SURRENDERED, "0.9600", 13),
    ]:
        rec = Recovery.objects.create(
            inspection=inspection,
            kind=kind,
            amount_wan_yuan=Decimal(amount),
            date=today - dt.timedelta(days=50),
        )
        rec.problems.set([problems[pi]])
    for i, (kind, who) in enumerate(
        [
            (Supervision.Kind.MEETING, "镇党委班子成员"),
            (Supervision.Kind.VISIT, "镇纪委"),
            (Supervision.Kind.LETTER, "镇巡察整改办"),
            (Supervision.Kind.TALK, "镇党委书记"),
            (Supervision.Kind.MEETING, "镇党委班子成员"),
        ]
    ):
        sup = Supervision.objects.create(
            inspection=inspection,
            kind=kind,
            date=today - dt.timedelta(days=150 - i * 25),
            who=who,
            note="研究部署巡察整改工作，督促责任单位按时限推进。",
            created_by=office,
        )
        sup.units.set(departments[i : i + 2])
