import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from zhengwu.core import conf
from zhengwu.org import demo
from zhengwu.org.models import Role, User

from .load_demo import print_logins


class Command(BaseCommand):
    help = (
        "启动平台：迁移数据库、载入演示数据（已有数据则保留）、启动网站、任务执行器和定时调度器。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=conf.text("ZHENGWU_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=conf.number("WEB_CONCURRENCY", 2))
        parser.add_argument("--no-demo", action="store_true", help="不载入演示数据")

    def handle(self, *args, bind, workers, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库已迁移")
        call_command("collectstatic", interactive=False, verbosity=0)
        if no_demo:
            # An empty platform still has its real divisions; the office does the rest itself.
            call_command("import_divisions", stdout=self.stdout)
            if not User.objects.filter(roles__role=Role.OPENNESS_ADMIN).exists():
                self.stdout.write(
                    "尚无政务公开办管理员。另开终端运行：\n  .venv/bin/python manage.py "
                    "create_office_admin --username 用户名 --name 姓名"
                )
        else:
            call_command("load_demo", quiet_logins=True, stdout=self.stdout)
        python = sys.executable
        manage = [python, str(settings.PROJECT_DIR / "manage.py")]
        children = [
            # no reloader, like gunicorn beside it (it polled every file about once a second)
            subprocess.Popen([*manage, "db_worker", "--queue-name", "default", "--no-reload"]),
            subprocess.Popen([*manage, "scheduler"]),
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "gunicorn",
                    "zhengwu.wsgi:application",
                    "--bind",
                    bind,
                    "--workers",
                    str(workers),
                    "--access-logfile",
                    "-",
                    "--chdir",
                    str(settings.BASE_DIR.parent),
                ]
            ),
        ]
        if not no_demo:
            print_logins(self.stdout, {"logins": demo.login_list(), "password": demo.DEMO_PASSWORD})
        self.stdout.write(f"\n平台已启动：http://{bind}/  （按 Ctrl+C 停止）")
        self.stdout.flush()  # the logins now, also when the output goes to a pipe or a file

        def stop(*_):
            for child in children:
                child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            sys.exit(0)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while True:
            for child in children:
                if child.poll() is not None:
                    self.stderr.write(
                        f"子进程 {child.args[2] if len(child.args) > 2 else child.args} 已退出，平台停止"
                    )
                    stop()
            time.sleep(1)
