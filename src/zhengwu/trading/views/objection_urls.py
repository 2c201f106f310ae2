"""Routes of 异议/质疑 and 投诉: the enterprise's filing pages on every site, and the
workbench of the body's officers and of the 行政监督部门."""

from django.urls import path

from . import objection_public as public
from . import objection_workbench as wb

site_urlpatterns: list = [
    path("ggzy/gg/<int:notice_id>/yy/", public.new_objection, name="trading-objection-new"),
    path("ggzy/wode/", public.mine, name="trading-mine"),
    path("ggzy/wode/yy/<int:pk>/", public.my_objection, name="trading-my-objection"),
    path("ggzy/wode/yy/<int:pk>/ts/", public.new_complaint, name="trading-complaint-new"),
    path("ggzy/wode/ts/<int:pk>/", public.my_complaint, name="trading-my-complaint"),
]

_wb = "workbench/trading/"
urlpatterns: list = [
    path(f"{_wb}objections/", wb.objections, name="trading-wb-objections"),
    path(f"{_wb}objections/<int:pk>/", wb.objection_page, name="trading-wb-objection"),
    path(
        f"{_wb}objections/<int:pk>/answer/",
        wb.objection_answer,
        name="trading-wb-objection-answer",
    ),
    path(f"{_wb}complaints/", wb.complaints, name="trading-wb-complaints"),
    path(f"{_wb}complaints/<int:pk>/", wb.complaint_page, name="trading-wb-complaint"),
    path(
        f"{_wb}complaints/<int:pk>/accept/",
        wb.complaint_accept,
        name="trading-wb-complaint-accept",
    ),
    path(
        f"{_wb}complaints/<int:pk>/refuse/",
        wb.complaint_refuse,
        name="trading-wb-complaint-refuse",
    ),
    path(
        f"{_wb}complaints/<int:pk>/decide/",
        wb.complaint_decide,
        name="trading-wb-complaint-decide",
    ),
]
