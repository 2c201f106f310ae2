"""A 公文's words, for the demo and the benchmark: realistic titles from the 事由 offices write."""

from __future__ import annotations

import random

from .models import DOC_TYPES

MATTERS = [
    "做好{y}年防汛抗旱工作",
    "加强城区农贸市场食品安全监管",
    "印发{y}年政府信息公开工作要点",
    "开展安全生产大检查",
    "推进乡村振兴重点项目建设",
    "做好{y}年春季森林防火工作",
    "调整城乡居民最低生活保障标准",
    "实施老旧小区改造项目",
    "规范行政执法公示工作",
    "加强农村饮水安全管理",
    "组织{y}年度干部教育培训",
    "开展耕地保护专项整治",
    "优化营商环境若干措施",
    "做好高校毕业生就业创业工作",
    "加强地质灾害防治",
    "推进义务教育均衡发展",
    "申请拨付峒河治理工程资金",
    "报送{y}年度财政预算执行情况",
    "成立乡村振兴工作领导小组",
    "表彰{y}年度脱贫攻坚先进集体和个人",
    "加强文物保护利用",
    "下达{y}年度重点建设项目投资计划",
    "规范政府采购管理",
    "做好民族团结进步创建工作",
]
ROUTINE_TYPES = ["通知", "意见", "通报", "批复", "函", "决定", "报告", "请示", "纪要", "公告"]
SHORT = {"通知": "发", "意见": "发", "通报": "通", "批复": "函", "函": "函"}


def title(rng: random.Random, body: str, doc_type: str, year: int) -> str:
    matter = rng.choice(MATTERS).format(y=year)
    lead = "关于" if doc_type not in ("纪要", "公告") else ""
    return f"{body}{lead}{matter}的{doc_type}"


def doc_type(rng: random.Random) -> str:
    return rng.choice(ROUTINE_TYPES) if rng.random() < 0.97 else rng.choice(DOC_TYPES)
