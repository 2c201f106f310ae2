"""The search contract: published documents (with attachment text) go in, withdrawn ones come out."""

import pytest

from zhengwu.core import searchable
from zhengwu.disclosure import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    events = []
    monkeypatch.setattr(
        searchable,
        "_listeners",
        [
            (
                lambda d: events.append(("changed", d)),
                lambda k, key: events.append(("removed", k, key)),
                None,
            )
        ],
    )
    return events


def test_publish_and_withdraw_notify_search(make_doc, officer, heard, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    doc = make_doc(title="吉首市峒河湿地保护规划")
    services.submit(doc, by=officer)
    assert heard == []  # drafts and reviews are not public
    services.publish(doc, by=officer)
    kind, sent = heard[-1]
    assert kind == "changed" and sent.kind == "disclosure" and sent.key == str(doc.pk)
    assert sent.title == "吉首市峒河湿地保护规划" and sent.jurisdiction_path == "433100/433101/"
    assert sent.url == f"/xxgk/doc/{doc.pk}/" and sent.agency_id == doc.agency_id
    services.add_attachment(doc, "a.docx", _docx("峒河湿地面积约三百公顷"), by=officer)
    assert "峒河湿地面积约三百公顷" in heard[-1][1].body
    services.withdraw(doc, "误发", by=officer)
    assert heard[-1] == ("removed", "disclosure", str(doc.pk))


def test_provider_yields_every_published_document_only():
    from zhengwu.disclosure.models import Document

    provider = searchable.get("disclosure")
    assert provider is not None and provider.label == "政府信息公开"
    keys = {d.key for d in provider.docs()}
    assert keys == {
        str(pk) for pk in Document.objects.filter(status="published").values_list("pk", flat=True)
    }


def _docx(text):
    import io

    import docx

    d = docx.Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
