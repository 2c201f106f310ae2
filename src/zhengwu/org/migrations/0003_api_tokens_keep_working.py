"""Tokens issued before expiry and scopes existed keep working as they did, within the new limits:
they could write, so their scope is 读取和写入; 0002 gave them ZHENGWU_TOKEN_DAYS (90) days from
the migration. A token already revoked gets the migration's time as its revocation time. Tokens of
citizens and enterprises are revoked: public accounts use the website, not API tokens."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    ApiToken = apps.get_model("org", "ApiToken")
    now = timezone.now()
    ApiToken.objects.update(scope="write")
    ApiToken.objects.filter(revoked=True).update(revoked_at=now)
    ApiToken.objects.exclude(user__kind="staff").filter(revoked_at__isnull=True).update(
        revoked_at=now
    )


def backwards(apps, schema_editor):
    ApiToken = apps.get_model("org", "ApiToken")
    ApiToken.objects.filter(revoked_at__isnull=False).update(revoked=True)


class Migration(migrations.Migration):
    dependencies = [("org", "0002_api_token_controls")]

    operations = [migrations.RunPython(forwards, backwards)]
