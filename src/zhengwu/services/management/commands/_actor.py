"""The account a catalogue command acts as (every change is audited under it)."""

from django.core.management.base import CommandError

from zhengwu.org.models import User


def actor(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if user is None:
        raise CommandError("请用 --user 指定执行导入的工作人员账户")
    return user
