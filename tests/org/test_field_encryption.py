"""The TOTP secrets are encrypted at rest (issue 18 §7): the row and a dump hold ciphertext under
ZHENGWU_FIELD_KEY, the second factor works as before, the migration encrypts existing secrets and
`rotate_field_key` moves them to a new key."""

import importlib
import io
import types

import pyotp
import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from zhengwu.core import crypto
from zhengwu.org.models import User

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def raw_secret(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT totp_secret FROM org_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


def write_raw(user: User, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE org_user SET totp_secret = %s WHERE id = %s", [value, user.pk])


@override_settings(REQUIRE_STAFF_TOTP=True)
def test_the_row_holds_ciphertext_and_the_second_factor_still_works(as_user):
    client = as_user("officer")
    page = client.get("/accounts/totp/").content.decode()
    secret = page.split('<code id="totp-secret">')[1].split("</code>")[0]
    officer = User.objects.get(username="officer")
    stored = raw_secret(officer)
    assert secret and officer.totp_secret == secret
    assert secret not in stored and stored.startswith(crypto.TOKEN_PREFIX)
    assert crypto.decrypt(stored) == secret
    ok = client.post("/accounts/totp/", {"code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302 and client.get("/workbench/").status_code == 200
    # The next log in reads the bound secret back from its ciphertext.
    again = as_user("officer")
    assert again.get("/workbench/")["Location"].startswith("/accounts/totp/")
    assert again.post("/accounts/totp/", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert again.get("/workbench/").status_code == 200


def test_the_migration_encrypts_the_secrets_already_stored():
    migration = importlib.import_module("zhengwu.org.migrations.0005_totp_secret_encrypted")
    editor = types.SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    officer = User.objects.get(username="officer")
    write_raw(officer, SECRET)  # as the rows were before
    migration.encrypt(apps, editor)
    stored = raw_secret(officer)
    assert SECRET not in stored and User.objects.get(pk=officer.pk).totp_secret == SECRET
    assert raw_secret(User.objects.get(username="window")) == ""  # no secret stays empty
    migration.decrypt(apps, editor)
    assert raw_secret(officer) == SECRET


def test_a_dump_holds_only_ciphertext():
    officer = User.objects.get(username="officer")
    officer.totp_secret = SECRET
    officer.save(update_fields=["totp_secret"])
    out = io.StringIO()
    call_command("dumpdata", "org.user", "--pks", str(officer.pk), stdout=out)
    assert SECRET not in out.getvalue()
    field = User._meta.get_field("totp_secret")
    assert field.to_python(field.value_to_string(officer)) == SECRET  # loaddata reads it back


def test_rotating_the_key_re_encrypts_every_secret(settings):
    officer = User.objects.get(username="officer")
    officer.totp_secret = SECRET
    officer.save(update_fields=["totp_secret"])
    old = settings.ZHENGWU_FIELD_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.ZHENGWU_FIELD_KEYS = [new, old]
    call_command("rotate_field_key", stdout=io.StringIO())
    assert Fernet(new).decrypt(raw_secret(officer).encode()).decode() == SECRET
    settings.ZHENGWU_FIELD_KEYS = [new]
    assert User.objects.get(pk=officer.pk).totp_secret == SECRET
    settings.ZHENGWU_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="ZHENGWU_FIELD_KEY"):
        User.objects.get(pk=officer.pk)
