"""The columns every site of a level opens with (栏目模板), so the 116 township sites are the
same shape. 国办发〔2017〕47号 names 概况信息、机构职能、负责人信息、政务动态; 国办秘函〔2019〕19号
sets how long 动态要闻 (2 weeks) and 通知公告 (6 months) may go without an update.

Each entry: (key, name, kind, update_days). The key is the column's address on the site
(/site/<code>/lm/<key>/), in the pinyin initials government sites use.
"""

from __future__ import annotations

from .models import Site, SiteColumn

NEWS_DAYS = 14  # 动态要闻: 2 weeks
NOTICE_DAYS = 183  # 通知公告: 6 months

GOVERNMENT = [
    ("gk", "概况信息", SiteColumn.PAGE, None),
    ("jgzn", "机构职能", SiteColumn.PAGE, None),
    ("ldxx", "领导信息", SiteColumn.LEADERS, None),
    ("dtyw", "动态要闻", SiteColumn.LIST, NEWS_DAYS),
    ("tzgg", "通知公告", SiteColumn.LIST, NOTICE_DAYS),
    ("ztzl", "专题专栏", SiteColumn.LIST, None),
]

LAYOUTS: dict[str, list[tuple[str, str, str, int | None]]] = {
    Site.PREFECTURE: GOVERNMENT,
    Site.COUNTY: GOVERNMENT,
    Site.TOWNSHIP: [
        ("gk", "乡镇概况", SiteColumn.PAGE, None),
        ("jgzn", "机构职能", SiteColumn.PAGE, None),
        ("ldxx", "领导信息", SiteColumn.LEADERS, None),
        ("dtyw", "工作动态", SiteColumn.LIST, NEWS_DAYS),
        ("tzgg", "通知公告", SiteColumn.LIST, NOTICE_DAYS),
        ("ztzl", "专题专栏", SiteColumn.LIST, None),
    ],
    Site.VILLAGE: [
        ("gk", "村情概况", SiteColumn.PAGE, None),
        ("ldxx", "村两委成员", SiteColumn.LEADERS, None),
        ("cwgk", "村务公开", SiteColumn.LIST, None),
        ("tzgg", "通知公告", SiteColumn.LIST, None),
    ],
    Site.DEPARTMENT: [
        ("jgzn", "机构职能", SiteColumn.PAGE, None),
        ("ldxx", "领导信息", SiteColumn.LEADERS, None),
        ("dtyw", "工作动态", SiteColumn.LIST, NEWS_DAYS),
        ("tzgg", "通知公告", SiteColumn.LIST, NOTICE_DAYS),
        ("ztzl", "专题专栏", SiteColumn.LIST, None),
    ],
}
