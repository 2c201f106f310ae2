"""Re-encrypts every encrypted column under the first key of ZHENGWU_FIELD_KEY (rotation)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from zhengwu.core import audit
from zhengwu.org.models import User


class Command(BaseCommand):
    help = (
        "字段加密密钥轮换：把新密钥放在 ZHENGWU_FIELD_KEY 的第一位（新密钥,旧密钥）后运行本命令，"
        "所有动态口令密钥即以新密钥重新加密；完成后可从 ZHENGWU_FIELD_KEY 中删去旧密钥。"
    )

    def handle(self, *args, **options):
        label = User._meta.label_lower
        with transaction.atomic():
            rows = (
                User.objects.exclude(totp_secret="")
                .select_for_update()
                .values_list("pk", "totp_secret")
            )
            count = 0
            for pk, secret in rows:  # read through the field: decrypted under any key
                User.objects.filter(pk=pk).update(totp_secret=secret)  # written under the first
                count += 1
            audit.record(
                "core.field_key_rotated",
                actor=None,
                object_type=label,
                after={"totp_secrets": count},
            )
        self.stdout.write(f"已用新密钥重新加密 {count} 个动态口令密钥")
