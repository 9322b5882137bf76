from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from zhenggai.demo import build_demo
from zhenggai.ledger.models import relight_all
from zhenggai.oversight.snapshots import mark_stale


class Command(BaseCommand):
    help = "创建演示数据（虚构的临江市云溪镇）；重复运行不会重复创建。"

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0, interactive=False)
        result = build_demo()
        # The demo writes its records past the actions: store every light, as the tick
        # would, and let no figure kept before it stand.
        relight_all(timezone.localdate())
        mark_stale()
        if result.created:
            self.stdout.write(self.style.SUCCESS("演示数据已创建：临江市云溪镇。"))
        else:
            self.stdout.write("演示数据已存在，未重复创建。")
        self.stdout.write("演示账号（用户名 / 密码 / 角色）：")
        for username, password, role in result.credentials:
            self.stdout.write(f"  {username:<10} {password:<12} {role}")
