"""The indicators of the check, in the order of 国办秘函〔2019〕19号: each a function over all
sites at once (context.Context → findings)."""

from . import scored, terms, vetoes

VETOES = [
    vetoes.unreachable,
    vetoes.home_stale,
    vetoes.columns_stale,
    vetoes.consultation_unanswered,
    vetoes.no_channel,
    vetoes.services_missing,
    terms.wrong_terms,
]
DEDUCTIONS = [
    scored.policy_stale,
    scored.service_stats_stale,
    scored.replies_stale,
    scored.uninterpreted,
    scored.no_leaders,
    scored.no_survey,
    scored.no_site_code,
]
BONUSES = [scored.bonus]
ALL = VETOES + DEDUCTIONS + BONUSES

# Each indicator in the words of the check table (the command's progress lines).
NAMES = {
    vetoes.unreachable: "单项否决：站点无法访问",
    vetoes.home_stale: "单项否决：首页不更新",
    vetoes.columns_stale: "单项否决：栏目不更新",
    vetoes.consultation_unanswered: "单项否决：政务咨询留言长期未答复",
    vetoes.no_channel: "单项否决：无有效咨询渠道",
    vetoes.services_missing: "单项否决：服务不实用",
    terms.wrong_terms: "单项否决：严重表述错误",
    scored.policy_stale: "扣分：政策文件栏目6个月未更新",
    scored.service_stats_stale: "扣分：办事统计数据3个月未更新",
    scored.replies_stale: "扣分：留言答复2个月未更新",
    scored.uninterpreted: "扣分：政策文件未解读",
    scored.no_leaders: "扣分：领导信息空缺",
    scored.no_survey: "扣分：一年内未开展征集调查",
    scored.no_site_code: "扣分：页脚无网站标识码",
    scored.bonus: "加分：在线访谈",
}
