"""Operators issue, list and revoke API tokens from the server, each change audited."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhengwu.core.errors import ServiceError
from zhengwu.org import tokens
from zhengwu.org.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "访问令牌：issue 为工作人员签发（令牌只显示一次），list 列出，revoke 撤销。"
        "签发仍须账户为工作人员、有角色、密码未过期；运维人员在服务器上操作，视同已核验动态口令。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="签发访问令牌")
        issue.add_argument("username", help="工作人员用户名")
        issue.add_argument("--name", required=True, help="用途，如对接的系统名称")
        issue.add_argument("--scope", choices=[ApiToken.READ, ApiToken.WRITE], default="read")
        issue.add_argument("--days", type=int, default=None, help="有效天数（缺省为系统设定）")
        listing = sub.add_parser("list", help="列出访问令牌")
        listing.add_argument("username", nargs="?", help="只列出该用户的令牌")
        revoke = sub.add_parser("revoke", help="撤销访问令牌")
        revoke.add_argument("token_id", type=int, help="令牌编号（list 的第一列）")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ServiceError as e:
            raise CommandError(e.message) from None

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在")
        return user

    def _issue(self, *, username, name, scope, days, **_):
        token, key = tokens.issue(
            self._user(username), name=name, scope=scope, days=days, verified=True, via="command"
        )
        self.stderr.write(
            f"已签发访问令牌 {token.pk}（{token.get_scope_display()}，"
            f"有效期至 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}）。"
            "令牌只显示这一次："
        )
        self.stdout.write(key)

    def _list(self, *, username=None, **_):
        rows = ApiToken.objects.select_related("user").order_by("id")
        if username:
            rows = rows.filter(user=self._user(username))
        for t in rows:
            used = (
                f"{timezone.localtime(t.last_used_at):%Y-%m-%d %H:%M} {t.last_used_ip or ''}"
                if t.last_used_at
                else "尚未使用"
            )
            self.stdout.write(
                f"{t.pk}\t{t.user.username}\t{t.name}\t{t.get_scope_display()}\t"
                f"至 {timezone.localtime(t.expires_at):%Y-%m-%d}\t{used}\t{t.state_label}"
            )

    def _revoke(self, *, token_id, **_):
        token = tokens.revoke(token_id, by=None)
        self.stdout.write(f"访问令牌 {token.pk}（{token.user.username}：{token.name}）已撤销")
