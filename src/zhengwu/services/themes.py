"""主题分类: the themes a citizen or an enterprise browses by (面向自然人 / 面向法人 事项主题分类).

An item carries its themes as a comma-separated list of these names (`Item.themes`).
"""

# 面向自然人: life events (生命周期) a person goes through.
PERSON_THEMES = [
    "生育收养",
    "户籍办理",
    "教育科研",
    "就业创业",
    "社会保障",
    "婚姻登记",
    "医疗卫生",
    "住房保障",
    "不动产登记",
    "残疾人服务",
    "养老服务",
    "社会救助",
    "农业农村",
    "证件办理",
]
# 面向法人: the life of an enterprise or organisation.
LEGAL_PERSON_THEMES = [
    "开办企业",
    "市场准入",
    "食品药品",
    "工程建设",
    "规划用地",
    "农林牧渔",
    "人力资源",
    "社会组织",
    "注销清算",
]
ALL_THEMES = PERSON_THEMES + LEGAL_PERSON_THEMES


def split(themes: str) -> list[str]:
    return [t.strip() for t in (themes or "").replace("，", ",").split(",") if t.strip()]
