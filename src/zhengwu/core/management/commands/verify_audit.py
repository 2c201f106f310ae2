from django.core.management.base import BaseCommand, CommandError

from zhengwu.core import audit


class Command(BaseCommand):
    help = (
        "校验审计链：完好时退出码为0；被修改、删除、调序或截断时报告第一个问题事件并以非0退出。"
        "有先前导出的链头时只校验链头之后新增的事件；--full 从每条链的第一条事件起全部校验。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head", help="先前导出的链头文件（默认 ZHENGWU_AUDIT_HEAD_FILE，存在时使用）"
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="从每条链的第一条事件起全部校验（链头之前的事件被改动也能发现），再核对链头",
        )
        parser.add_argument(
            "--export-head",
            metavar="FILE",
            nargs="?",
            const="",
            default=None,
            help="校验通过后把当前链头写入文件，供异地保存",
        )

    def handle(self, *args, head=None, full=False, export_head=None, **options):
        expected = audit.load_head(head) if head or audit.load_head() else None
        if head and expected is None:
            raise CommandError(f"链头文件不存在：{head}")
        verdict = audit.verify(expected, full=full)
        if not verdict.ok:
            raise CommandError(f"审计链校验失败：{verdict.problem}（已校验 {verdict.checked} 条）")
        if verdict.full:
            scope = f"自每条链的第一条事件起校验 {verdict.checked} 条"
        else:
            scope = (
                f"导出的链头（共 {expected.get('seq', 0)} 条）与各链头事件相符，"
                f"其后新增的 {verdict.checked} 条已逐条校验"
            )
        self.stdout.write(
            f"审计链完好：{len(verdict.heads)} 条链共 {verdict.head_seq} 条，{scope}；"
            f"链头总哈希 {verdict.head_hash}"
        )
        if export_head is not None:
            data = audit.export_head(export_head or None)
            self.stdout.write(f"已导出 {len(data['chains'])} 条链的链头（共 {data['seq']} 条）")
