"""Staff search finds a 公文 by a word inside its DOCX file, within the searcher's scope;
public search never shows a 公文, public or not; a secret record is found by its title only."""

import pytest
from django.test import Client

from zhengwu.disclosure.archive.services import records

from .conftest import docx_bytes, elements, secret
from .test_pages_api import API, client_of

pytestmark = pytest.mark.django_db
WORD = "蜡染非遗传承基地"


@pytest.fixture
def filed(gov, officer):
    record = records.register(gov, elements(), by=officer)
    records.add_file(record, "正文.docx", docx_bytes(f"支持{WORD}建设，安排专项资金"), by=officer)
    return record


def test_staff_find_a_record_by_a_word_in_its_file(filed, officer, admin):
    for user in (officer, admin):
        page = client_of(user).get("/workbench/archive/", {"q": WORD})
        assert page.status_code == 200 and f'href="/workbench/archive/{filed.pk}/"' in page.text
    found = client_of(officer).get(f"{API}/", {"q": WORD}).json()
    assert [i["id"] for i in found["items"]] == [filed.pk]


def test_another_county_and_the_public_never_find_it(filed, fh_officer):
    assert (
        f"/workbench/archive/{filed.pk}/"
        not in client_of(fh_officer).get("/workbench/archive/", {"q": WORD}).text
    )
    assert client_of(fh_officer).get(f"{API}/", {"q": WORD}).json()["items"] == []
    public = Client()
    assert "/workbench/archive/" not in public.get("/search/", {"q": WORD}).text
    assert public.get("/api/v1/search", {"q": WORD}).json()["total"] == 0
    assert public.get("/api/v1/search", {"q": WORD, "kind": "archive"}).status_code in (
        200,
        403,
        422,
    )
    body = public.get("/api/v1/search", {"q": WORD, "kind": "archive"})
    assert "/workbench/archive/" not in body.text


def test_a_secret_is_found_by_its_title_only(gov, officer):
    hidden = records.register(gov, secret(title="吉首市人民政府关于重要目标防护的通知"), by=officer)
    found = client_of(officer).get(f"{API}/", {"q": "重要目标防护"}).json()
    assert [i["id"] for i in found["items"]] == [hidden.pk]
