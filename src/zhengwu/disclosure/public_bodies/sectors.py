"""The sectors seeded on a new platform and the columns their bodies publish (the office edits
both afterwards on /workbench/ggqsy/sectors/; what follows is only the starting point).

Where each column set comes from:
- 供水、供气: 住房和城乡建设部《供水、供气、供热等公用事业单位信息公开实施办法》(2021) — its
  lists of 基本信息、办理服务、收费、服务质量（水质、气质）、停水停气及抢修、投诉 are grouped
  into the columns below;
- 供电: 国家能源局《供电企业信息公开实施办法》(2021) — 企业基本情况、办电服务、电价及收费、
  供电质量、停电信息、服务渠道;
- 医疗卫生: 国家卫生健康委等《医疗卫生机构信息公开管理办法》(2021) — 机构基本信息、医疗
  服务、价格收费、药品耗材、行风与投诉 as grouped here;
- 教育: the columns the 州's brief names for schools (学校概况、招生信息、收费项目及标准、学生
  资助、财务信息、安全管理), in line with 教育部《高等学校信息公开办法》and the 中小学 notices;
  not checked item by item against one 规定;
- 公共交通、环境保护: NOT taken from a 规定 we could verify (交通运输部 and 生态环境部 rules for
  public enterprises were not at hand); a reasonable first set, to be checked by the office.
The titles and years are as we know them; the 文号 are deliberately not given.
"""

SECTORS = [
    (
        "jy",
        "教育",
        "各级各类学校信息公开要求（学校概况等栏目按州任务书所列，待对照教育部规定核实）",
        ["学校概况", "招生信息", "收费项目及标准", "学生资助", "财务信息", "安全管理"],
    ),
    (
        "yl",
        "医疗卫生",
        "《医疗卫生机构信息公开管理办法》（2021年）",
        [
            "机构基本信息",
            "医疗服务信息",
            "医疗服务价格和收费",
            "药品和医用耗材",
            "行风建设与投诉渠道",
        ],
    ),
    (
        "gs",
        "供水",
        "《供水、供气、供热等公用事业单位信息公开实施办法》（2021年）",
        [
            "企业基本信息",
            "办理服务信息",
            "水价及收费标准",
            "水质信息",
            "停水及抢修信息",
            "服务投诉渠道",
        ],
    ),
    (
        "gd",
        "供电",
        "《供电企业信息公开实施办法》（2021年）",
        ["企业基本信息", "办电服务信息", "电价及收费标准", "供电质量", "停电信息", "服务投诉渠道"],
    ),
    (
        "gq",
        "供气",
        "《供水、供气、供热等公用事业单位信息公开实施办法》（2021年）",
        [
            "企业基本信息",
            "办理服务信息",
            "气价及收费标准",
            "安全用气",
            "停气及抢修信息",
            "服务投诉渠道",
        ],
    ),
    (
        "gj",
        "公共交通",
        "待核实：交通运输主管部门的公共企事业单位信息公开规定",
        ["企业概况", "线路站点及运营时间", "票价及优惠政策", "安全服务信息", "服务投诉渠道"],
    ),
    (
        "hb",
        "环境保护",
        "待核实：生态环境主管部门的公共企事业单位信息公开规定",
        [
            "单位基本信息",
            "污染物排放及处理",
            "环境监测信息",
            "突发环境事件应急预案",
            "服务投诉渠道",
        ],
    ),
]
