"""The TOTP secrets are encrypted at rest under ZHENGWU_FIELD_KEY (core/crypto.py): the column
becomes text wide enough for the ciphertext, then every existing secret is encrypted in place.
Raw SQL, because the model's field would try to decrypt the plain values it reads."""

from django.db import migrations

import zhengwu.core.crypto


def _convert(apps, schema_editor, change):
    table = schema_editor.quote_name(apps.get_model("org", "User")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, totp_secret FROM {table} WHERE totp_secret <> ''")  # noqa: S608
        rows = cursor.fetchall()
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {table} SET totp_secret = %s WHERE id = %s",  # noqa: S608
                [change(value), pk],
            )


def encrypt(apps, schema_editor):
    _convert(apps, schema_editor, zhengwu.core.crypto.encrypt)


def decrypt(apps, schema_editor):
    _convert(apps, schema_editor, zhengwu.core.crypto.decrypt)


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_api_token_revoked_at'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='totp_secret',
            field=zhengwu.core.crypto.EncryptedTextField(blank=True, default=''),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
