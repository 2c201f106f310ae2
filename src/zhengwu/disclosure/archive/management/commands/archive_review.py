"""archive_review: the §18 review from the command line — open the rounds that are due, list a
body's round, decide on a record."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.core.words import chinese_date
from zhengwu.disclosure.archive.models import OfficialDocument, Review
from zhengwu.disclosure.archive.services import review
from zhengwu.org.models import Agency, User


class Command(BaseCommand):
    help = (
        "政府信息动态调整审查（条例第十八条）：--open 为到期的机关开启审查；"
        "--list 列出一个机关的审查清单；--decide 对一件公文作出审查决定。"
    )

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--open", action="store_true", help="为有到期公文的机关开启审查")
        what.add_argument("--list", action="store_true", help="列出机关进行中审查的清单")
        what.add_argument("--decide", metavar="RECORD", type=int, help="对该编号的公文作出决定")
        parser.add_argument("--agency", action="append", help="机关的统一社会信用代码（可多次）")
        parser.add_argument("--year", type=int, help="审查年度（默认今年）")
        parser.add_argument("--date", help="以该日期为准（YYYY-MM-DD，默认今天）")
        parser.add_argument("--decision", choices=["keep", "change", "publish"])
        parser.add_argument("--attribute", default="", choices=["", "on_request", "withheld"])
        parser.add_argument("--ground", default="", help="变更为不予公开时的依据代码")
        parser.add_argument("--reason", default="", help="审查理由（必填）")
        parser.add_argument("--user", help="作出决定的工作人员登录名")

    def handle(self, *args, **o):
        try:
            on = dt.date.fromisoformat(o["date"]) if o["date"] else review.today()
        except ValueError:
            raise CommandError("日期格式应为YYYY-MM-DD") from None
        agencies = [self.agency(code) for code in o["agency"] or []] or None
        try:
            if o["open"]:
                return self.open(on, o["year"], agencies)
            if o["list"]:
                return self.list(on, agencies)
            return self.decide(o, on)
        except ServiceError as e:
            raise CommandError(e.message) from None

    def agency(self, code: str) -> Agency:
        found = Agency.objects.select_related("jurisdiction").filter(usci=code.strip().upper())
        if not found.exists():
            raise CommandError(f"没有统一社会信用代码为{code}的机关")
        return found.get()

    def open(self, on, year, agencies):
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError("年度不正确")
        opened = review.open_rounds(on=on, year=year, agencies=agencies)
        for r, added in opened:
            self.stdout.write(
                f"{r.agency.name}：列入审查{added}件，完成期限{chinese_date(r.due_on)}"
            )
        self.stdout.write(f"共{len(opened)}个机关有到期公文。")

    def list(self, on, agencies):
        if not agencies or len(agencies) != 1:
            raise CommandError("请用 --agency 指定一个机关")
        r = Review.objects.filter(agency=agencies[0], status=Review.OPEN).first()
        if r is None:
            self.stdout.write(f"{agencies[0].name}没有进行中的动态调整审查。")
            return
        p = review.progress(r, on=on)
        self.stdout.write(
            f"{r}：共{p['total']}件，待审查{p['left']}件，完成期限{chinese_date(r.due_on)}"
        )
        for d in review.rows(r, on=on).iterator(chunk_size=2000):
            f = review.flags(d, on)
            rec: OfficialDocument = d.record
            state = d.get_decision_display()
            mark = f" {f['mark']}" if f["mark"] else ""
            flag = f" 【{f['flag']}】" if f["flag"] else ""
            self.stdout.write(
                f"{rec.pk}\t{rec.doc_number or '—'}\t{rec.title}\t{rec.written_on}\t"
                f"{rec.get_attribute_display()}{mark}\t{state}{flag}"
            )

    def decide(self, o, on):
        if not o["decision"]:
            raise CommandError("请用 --decision 指定审查决定：keep、change 或 publish")
        if not o["user"]:
            raise CommandError("请用 --user 指定作出决定的工作人员")
        user = User.objects.filter(username=o["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有登录名为{o['user']}的工作人员")
        rec = OfficialDocument.objects.filter(pk=o["decide"]).first()
        if rec is None:
            raise CommandError("没有该编号的公文")
        r = (
            Review.objects.filter(status=Review.OPEN, decisions__record=rec).first()
            or Review.objects.filter(decisions__record=rec).order_by("-id").first()
        )
        if r is None:
            raise CommandError("该公文不在任何动态调整审查中")
        item = review.decide(
            r,
            rec.pk,
            decision=o["decision"],
            attribute=o["attribute"],
            ground=o["ground"],
            reason=o["reason"],
            by=user,
            on=on,
        )
        item.record.refresh_from_db()
        text = f"已作出决定：{item.get_decision_display()}，《{rec.title}》现为{item.record.get_attribute_display()}。"
        if item.record.document_id:
            text += "主动公开草稿已生成，请在20个工作日内完成保密审查并发布。"
        self.stdout.write(text)
