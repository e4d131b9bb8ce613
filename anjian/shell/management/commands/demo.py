from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from anjian.accounts.basedata import load_reference_data
from anjian.accounts.demo import create_demo_users
from anjian.registry.models import Enterprise


class Command(BaseCommand):
    help = "Prepare the database with demo data, print the demo logins and serve the site."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=400)
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, enterprises, no_serve, host, port, **opts):
        from django.conf import settings

        if connection.vendor == "sqlite":
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        load_reference_data()
        if not Enterprise.objects.exists():
            call_command("seed", enterprises=enterprises, stdout=self.stdout)
        from anjian.core.cjkfont import WEIGHTS, cache_dir, instance_path
        from anjian.shell.demo import build_demo, demo_enterprise

        if not any(cache_dir().glob("*.ttf")):
            self.stdout.write("首次运行：正在生成文书 PDF 所嵌入的中文字体（约一分钟）…")
        for name in WEIGHTS:
            instance_path(name)

        ent = demo_enterprise()
        logins = create_demo_users(ent)
        build_demo(ent)
        self.stdout.write(f"\n演示账号（密码均为 {logins[0][1]}）：")
        for username, _, label in logins:
            self.stdout.write(f"  {username:<14} {label}")
        if not no_serve:
            from anjian.shell.worker import start_in_thread

            start_in_thread()  # the background jobs and the daily reminders, in this process
            call_command("serve", host=host, port=port)
