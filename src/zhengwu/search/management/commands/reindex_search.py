from django.core.management.base import BaseCommand, CommandError

from zhengwu.core import searchable
from zhengwu.core.errors import ServiceError
from zhengwu.search import tasks
from zhengwu.search.models import ReindexRun


class Command(BaseCommand):
    help = "重建全文检索索引（全部或某一类别），显示进度。可重复执行，结果相同。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", help="只重建这一类别，例如 disclosure、service、message")
        parser.add_argument(
            "--background",
            action="store_true",
            help="交给后台任务队列执行（由 db_worker 处理），只打印运行编号",
        )

    def handle(self, *args, kind=None, background=False, **options):
        known = [p.kind for p in searchable.providers()]
        if kind and kind not in known:
            raise CommandError(f"没有名为“{kind}”的检索类别；已注册：{', '.join(known) or '无'}")
        if background:
            run = tasks.start(kind)
            self.stdout.write(f"已提交重建索引任务，运行编号 {run.pk}")
            return
        run = ReindexRun.objects.create(kind=kind or "")
        self.stdout.write(f"重建索引：{kind or '全部类别'}（运行编号 {run.pk}）")

        def progress(done):
            self.stdout.write(f"  已处理 {done} 条")

        try:
            run = tasks.execute(run, progress=progress)
        except ServiceError as e:
            raise CommandError(e.message) from e
        self.stdout.write(self.style.SUCCESS(run.message))
