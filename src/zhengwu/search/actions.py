"""The audit trail's words for 全文检索 (`core.actions`)."""

from zhengwu.core import actions

actions.register("search.reindex", "重建检索索引")
actions.subject("search.reindexrun", "重建索引记录")
