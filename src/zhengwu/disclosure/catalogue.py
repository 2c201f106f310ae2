"""The standard catalogue (目录) every agency carries: the law's lists, as data.

条例 §20 (15 items every agency publishes), §21 (extra items by level of government) and the
brief's key areas (重点领域). `standard_columns(level)` gives the tree for an agency at a level;
the codes are stable so imports, feeds and URLs can name a column.
"""

from __future__ import annotations

# 条例 §20, official numbering.
ARTICLE_20 = [
    ("g20-01", "行政法规、规章和规范性文件", "第二十条第（一）项"),
    (
        "g20-02",
        "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
        "第二十条第（二）项",
    ),
    ("g20-03", "国民经济和社会发展规划、专项规划、区域规划及相关政策", "第二十条第（三）项"),
    ("g20-04", "国民经济和社会发展统计信息", "第二十条第（四）项"),
    ("g20-05", "行政许可和其他对外管理服务事项的依据、条件、程序及办理结果", "第二十条第（五）项"),
    ("g20-06", "行政处罚、行政强制的依据、条件、程序及处罚决定", "第二十条第（六）项"),
    ("g20-07", "财政预算、决算信息", "第二十条第（七）项"),
    ("g20-08", "行政事业性收费项目及其依据、标准", "第二十条第（八）项"),
    ("g20-09", "政府集中采购项目的目录、标准及实施情况", "第二十条第（九）项"),
    ("g20-10", "重大建设项目的批准和实施情况", "第二十条第（十）项"),
    (
        "g20-11",
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        "第二十条第（十一）项",
    ),
    ("g20-12", "突发公共事件的应急预案、预警信息及应对情况", "第二十条第（十二）项"),
    (
        "g20-13",
        "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
        "第二十条第（十三）项",
    ),
    ("g20-14", "公务员招考的职位、名额、报考条件等事项以及录用结果", "第二十条第（十四）项"),
    (
        "g20-15",
        "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
        "第二十条第（十五）项",
    ),
]

# 条例 §21: 设区的市级、县级人民政府及其部门.
ARTICLE_21_CITY_COUNTY = [
    ("g21-szjs", "市政建设"),
    ("g21-ggfw", "公共服务"),
    ("g21-gysy", "公益事业"),
    ("g21-tdzs", "土地征收"),
    ("g21-fwzs", "房屋征收"),
    ("g21-zagl", "治安管理"),
    ("g21-shjz", "社会救助"),
]

# 条例 §21: 乡（镇）人民政府.
ARTICLE_21_TOWNSHIP = [
    ("g21-nync", "贯彻落实农业农村政策"),
    ("g21-ntsl", "农田水利工程建设运营"),
    ("g21-tdlz", "农村土地承包经营权流转"),
    ("g21-zjd", "宅基地使用情况审核"),
    ("g21-tdzs", "土地征收"),
    ("g21-fwzs", "房屋征收"),
    ("g21-czcl", "筹资筹劳"),
    ("g21-shjz", "社会救助"),
]

# The brief's key areas (重点领域信息公开).
KEY_AREAS = [
    ("k-czyjs", "财政预决算"),
    ("k-ggzypz", "公共资源配置"),
    ("k-zdjsxm", "重大建设项目"),
    ("k-shgysy", "社会公益事业"),
    ("k-zfcg", "政府采购"),
    ("k-gczbtb", "工程招投标"),
    ("k-tdzpg", "土地招拍挂"),
    ("k-jyylsf", "教育医疗收费"),
    ("k-sbjj", "社保基金"),
    ("k-zfgjj", "住房公积金"),
    ("k-snzj", "涉农资金"),
    ("k-gycq", "国有产权交易"),  # issue 24: 企业国有产权（资产）交易 notices
]

GROUP_20, GROUP_21, GROUP_KEY = "g20", "g21", "key"


def standard_columns(level: str) -> list[dict]:
    """The column tree for an agency whose jurisdiction is at `level` (org Jurisdiction level).

    Returns dicts {code, name, basis, parent_code, order}; parents come before children.
    """
    rows: list[dict] = [
        {"code": GROUP_20, "name": "法定主动公开内容", "basis": "条例第二十条", "parent_code": ""}
    ]
    rows += [
        {"code": c, "name": n, "basis": f"条例{b}", "parent_code": GROUP_20}
        for c, n, b in ARTICLE_20
    ]
    items = {"prefecture": ARTICLE_21_CITY_COUNTY, "county": ARTICLE_21_CITY_COUNTY}.get(
        level, ARTICLE_21_TOWNSHIP if level == "township" else []
    )
    if items:
        rows.append(
            {
                "code": GROUP_21,
                "name": "本级重点公开内容",
                "basis": "条例第二十一条",
                "parent_code": "",
            }
        )
        rows += [
            {"code": c, "name": n, "basis": "条例第二十一条", "parent_code": GROUP_21}
            for c, n in items
        ]
    rows.append({"code": GROUP_KEY, "name": "重点领域信息公开", "basis": "", "parent_code": ""})
    rows += [{"code": c, "name": n, "basis": "", "parent_code": GROUP_KEY} for c, n in KEY_AREAS]
    for i, row in enumerate(rows):
        row["order"] = i
    return rows
