"""Password policy, configurable between 等保 2.0 (complexity, periodic change) and modern rules
(NIST SP 800-63B / ASVS 6.2: length, no composition rules, no rotation). See docs/security.md."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone


class PolicyValidator:
    def validate(self, password, user=None):
        staff = getattr(user, "kind", "") == "staff"
        if settings.PASSWORD_POLICY == "modern":
            minimum = 15 if staff else 8
            if len(password) < minimum:
                raise ValidationError(f"密码至少需要{minimum}个字符", code="password_too_short")
            return
        minimum = 12 if staff else 8
        if len(password) < minimum:
            raise ValidationError(f"密码至少需要{minimum}个字符", code="password_too_short")
        classes = sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )
        if classes < 3:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、符号中的至少三类", code="password_simple"
            )

    def get_help_text(self):
        if settings.PASSWORD_POLICY == "modern":
            return "工作人员密码至少15个字符，公众至少8个字符。"
        return "密码至少8个字符（工作人员12个），包含大写字母、小写字母、数字、符号中的至少三类。"


def password_expired(user) -> bool:
    """等保 periodic change applies to staff only (Decidim's compromise, security-rules §1.8).
    A staff password an administrator set (no `password_changed_at`) is changed at the first
    log in under either policy."""
    if getattr(user, "kind", "") != "staff":
        return False
    changed = user.password_changed_at
    if changed is None:
        return True
    if settings.PASSWORD_POLICY != "dengbao":
        return False
    return timezone.now() - changed > dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
