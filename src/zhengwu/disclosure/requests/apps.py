from django.apps import AppConfig


class RequestsConfig(AppConfig):
    """依申请公开 and the annual report: an app of its own inside disclosure, for its migrations."""

    name = "zhengwu.disclosure.requests"
    label = "disclosure_requests"
    verbose_name = "依申请公开"
