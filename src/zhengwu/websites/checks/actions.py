"""The audit trail's words for 网站检查 (`core.actions`)."""

from zhengwu.core import actions

from .models import AnnualReport, SiteCheck

actions.register("website_checks.checked", "网站检查")
actions.register("website_checks.report_generated", "生成网站工作年度报表")
actions.register("website_checks.report_saved", "填报网站工作年度报表")
actions.register("website_checks.report_published", "公开网站工作年度报表")


def check_names(ids: list[str]) -> dict[str, str]:
    rows = SiteCheck.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).values_list(
        "pk", "site__name", "year", "quarter"
    )
    return {str(pk): f"{name}{y}年第{q}季度检查" for pk, name, y, q in rows}


def report_names(ids: list[str]) -> dict[str, str]:
    rows = AnnualReport.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).values_list(
        "pk", "site__name", "year"
    )
    return {str(pk): f"{name}{y}年度工作报表" for pk, name, y in rows}


actions.subject(
    "website_checks.sitecheck",
    "网站检查结果",
    check_names,
    fields={"result": "检查结论", "score": "总分", "findings": "发现问题数"},
)
actions.subject("website_checks.annualreport", "网站工作年度报表", report_names)
