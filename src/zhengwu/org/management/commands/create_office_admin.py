import getpass

from django.core.management.base import BaseCommand, CommandError

from zhengwu.core.errors import ServiceError
from zhengwu.org import services
from zhengwu.org.models import Jurisdiction, Role


class Command(BaseCommand):
    help = (
        "在空平台上建立第一个政务公开办管理员账户（默认管辖最上级行政区划）；"
        "此后的账户和角色由管理员在工作台“人员与角色”中设置。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="用户名")
        parser.add_argument("--name", required=True, help="姓名")
        parser.add_argument("--jurisdiction", help="管辖的行政区划代码，默认最上级区划")
        parser.add_argument("--phone", default="", help="手机号")
        parser.add_argument(
            "--password",
            help="初始密码；不给出则在终端输入（不回显）。首次登录后请修改。",
        )

    def handle(self, *args, username, name, jurisdiction, phone, password, **options):
        roots = Jurisdiction.objects.order_by("path")
        j = (
            roots.filter(code=jurisdiction).first()
            if jurisdiction
            else roots.filter(parent__isnull=True).first()
        )
        if j is None:
            raise CommandError(
                f"区划代码“{jurisdiction}”不存在"
                if jurisdiction
                else "尚未导入行政区划，请先运行 import_divisions"
            )
        if password is None:
            password = getpass.getpass("初始密码：")
            if getpass.getpass("再次输入：") != password:
                raise CommandError("两次输入的密码不一致")
        try:
            services.create_staff(
                username=username,
                real_name=name,
                password=password,
                phone=phone,
                roles=[(Role.OPENNESS_ADMIN, j)],
            )
        except ServiceError as e:
            raise CommandError(e.message) from None
        self.stdout.write(f"已建立{j.name}政务公开办管理员“{name}”（用户名 {username}）")
