from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenggai.core.notices import NoticeReadError, SpreadsheetGiven, parse_file
from zhenggai.exchange.notice_import import do_import_notice
from zhenggai.inspections.models import Inspection
from zhenggai.inspections.targets import plan_targets
from zhenggai.lib.uploads import expansion_limits
from zhenggai.orgs.models import Organisation, User


class Command(BaseCommand):
    help = "把已发布的整改通报或反馈意见导入整改台账（整体成功或整体不导入）。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".txt / .html / .docx / .pdf")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--inspection", type=int, help="导入到已有巡察（编号）")
        target.add_argument("--organisation", type=int, help="新建巡察，被巡察党组织编号")
        parser.add_argument("--actor", default="admin", help="记入操作记录的用户名（默认 admin）")

    def handle(self, *args, file: Path, inspection, organisation, actor, **options):
        actor_user = User.objects.filter(username=actor).first()
        if actor_user is None:
            raise CommandError(f"没有用户“{actor}”。")
        try:
            notice = parse_file(file, expansion_limits())
        except SpreadsheetGiven as exc:
            raise CommandError(
                f"{file.name}: 这是Excel台账，不是通报正文：请用 "
                f"zhenggai import-ledger {inspection or '巡察编号'} {file} 导入台账。"
            ) from exc
        except NoticeReadError as exc:
            raise CommandError(f"{file.name}: {exc.reason}") from exc
        except OSError as exc:
            raise CommandError(f"{file}: 无法读取（{exc.strerror}）") from exc
        target = org = None
        if inspection is not None:
            target = Inspection.objects.filter(pk=inspection).first()
            if target is None:
                raise CommandError(f"没有编号为 {inspection} 的巡察。")
        else:
            org = Organisation.objects.filter(pk=organisation).first()
            if org is None:
                raise CommandError(f"没有编号为 {organisation} 的组织。")
        # The organisations the notice names, where the tree has them; the command
        # creates none (the web preview proposes them for the office to confirm).
        root = org or target.organisation
        targets = plan_targets(notice.inspection.targets, root)
        found = [t for t in targets if t.organisation is not None]
        variant = Inspection.Variant.VILLAGE if any(t.village for t in found) else None
        result, summary = do_import_notice(
            actor_user,
            notice.to_dict(),
            inspection=target,
            organisation=org,
            targets=found,
            variant=variant,
        )
        self.stdout.write(f"{file.name} → 巡察 #{result.pk}「{result.title}」：{summary.message()}")
        missing = [t.name for t in targets if t.organisation is None]
        if missing:
            self.stdout.write(
                f"通报中的巡察对象在“{root}”下没有找到，未加入：{'、'.join(missing)}"
                "（可在网页导入的预览中确认新建）。"
            )
