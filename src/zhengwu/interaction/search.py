"""Answered, published messages for site search. `documents()` is the provider: one dict per
public record, built only from the masked, moderated public texts."""

from importlib import import_module

from .models import Message


def documents(since=None):
    qs = Message.objects.filter(publication=Message.PUBLISHED).select_related(
        "mailbox", "reply_agency"
    )
    if since is not None:
        qs = qs.filter(published_at__gte=since)
    for m in qs.iterator(chunk_size=500):
        yield {
            "key": f"interaction.message:{m.pk}",
            "kind": "留言答复",
            "title": m.public_title,
            "text": f"{m.public_body}\n{m.public_reply}",
            "url": f"/hdjl/messages/{m.number}/",
            "date": m.replied_on,
            "scope_path": m.mailbox.scope_path,
            "agency": m.reply_agency.name if m.reply_agency else "",
        }


def register() -> bool:
    """Register with zhengwu.search.providers when the search app provides it."""
    try:
        providers = import_module("zhengwu.search.providers")
    except ModuleNotFoundError:
        return False
    providers.register("interaction.messages", documents)
    return True
