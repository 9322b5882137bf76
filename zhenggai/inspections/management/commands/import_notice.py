from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenggai.core.notices import NoticeReadError, parse_file
from zhenggai.exchange.notice_import import do_import_notice
from zhenggai.inspections.models import Inspection
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
            notice = parse_file(file)
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
        result, summary = do_import_notice(
            actor_user, notice.to_dict(), inspection=target, organisation=org
        )
        self.stdout.write(f"{file.name} → 巡察 #{result.pk}「{result.title}」：{summary.message()}")
