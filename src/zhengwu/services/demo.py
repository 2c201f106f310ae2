"""A realistic Xiangxi catalogue: the 州 and each county implement 30–60 items, townships their
own few, villages offer the county items a village agent can file.

Coverage is deliberately imperfect (some items not in the centre, some not online, a few needing
two visits) so the plan's measures have something to measure. A little history too: in 2025
some items were revised, cancelled or merged and some fees cut, through the audited services.
Deterministic (seeded) and idempotent.
"""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module

from django.db import transaction

from zhengwu.org.models import Agency, Jurisdiction, User

from . import result_templates, services
from .models import Fee, Item, ItemType, Material, Step

# (name, type code, department short name, legal basis, statutory limit/unit, promised limit,
#  themes, audience p/l/pl, result name, fees [(name, standard, yuan, basis)], materials,
#  levels "p"/"c"/"pc", by_agent)
ID = "居民身份证"
FORM = "申请表"
LICENCE_FEE = "《中华人民共和国行政许可法》第五十八条；国家发展改革委、财政部收费文件"
TEMPLATES = [
    (
        "食品经营许可（新办）",
        "01",
        "市场监管",
        "《中华人民共和国食品安全法》第三十五条",
        20,
        "workdays",
        10,
        "食品药品,开办企业",
        "l",
        "食品经营许可证",
        [],
        [
            "食品经营许可申请书",
            "营业执照",
            "与食品经营相适应的主要设备设施布局、操作流程等文件",
            "食品安全管理制度",
        ],
        "pc",
        False,
    ),
    (
        "食品经营许可（变更）",
        "01",
        "市场监管",
        "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第二十七条",
        20,
        "workdays",
        5,
        "食品药品",
        "l",
        "食品经营许可证",
        [],
        ["食品经营许可变更申请书", "与变更事项有关的材料"],
        "pc",
        False,
    ),
    (
        "食品生产许可",
        "01",
        "市场监管",
        "《中华人民共和国食品安全法》第三十五条",
        20,
        "workdays",
        10,
        "食品药品,市场准入",
        "l",
        "食品生产许可证",
        [],
        ["食品生产许可申请书", "食品生产设备布局图和工艺流程图", "食品安全专业技术人员名单"],
        "p",
        False,
    ),
    (
        "个体工商户设立登记",
        "01",
        "市场监管",
        "《促进个体工商户发展条例》第八条；《中华人民共和国市场主体登记管理条例》第三条",
        3,
        "workdays",
        1,
        "开办企业,就业创业",
        "pl",
        "营业执照",
        [],
        ["个体工商户登记（备案）申请书", "经营者身份证明", "经营场所使用相关文件"],
        "c",
        True,
    ),
    (
        "公司设立登记",
        "01",
        "市场监管",
        "《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第十九条",
        3,
        "workdays",
        1,
        "开办企业",
        "l",
        "营业执照",
        [],
        ["公司登记（备案）申请书", "公司章程", "股东主体资格文件", "住所使用相关文件"],
        "pc",
        False,
    ),
    (
        "药品零售企业经营许可",
        "01",
        "市场监管",
        "《中华人民共和国药品管理法》第五十一条",
        30,
        "workdays",
        15,
        "食品药品",
        "l",
        "药品经营许可证",
        [],
        ["药品经营许可证申请表", "执业药师资格证书", "经营场所、仓库平面布置图"],
        "c",
        False,
    ),
    (
        "建设工程规划许可证核发",
        "01",
        "自然资源",
        "《中华人民共和国城乡规划法》第四十条",
        20,
        "workdays",
        10,
        "工程建设,规划用地",
        "l",
        "建设工程规划许可证",
        [],
        ["建设工程规划许可申请表", "使用土地的有关证明文件", "建设工程设计方案"],
        "pc",
        False,
    ),
    (
        "建设用地规划许可证核发",
        "01",
        "自然资源",
        "《中华人民共和国城乡规划法》第三十七条、第三十八条",
        20,
        "workdays",
        10,
        "工程建设,规划用地",
        "l",
        "建设用地规划许可证",
        [],
        ["建设用地规划许可申请表", "建设项目批准、核准或备案文件", "建设用地红线图"],
        "pc",
        False,
    ),
    (
        "乡村建设规划许可证核发",
        "01",
        "自然资源",
        "《中华人民共和国城乡规划法》第四十一条",
        20,
        "workdays",
        10,
        "农业农村,工程建设",
        "p",
        "乡村建设规划许可证",
        [],
        ["乡村建设规划许可申请表", "宅基地使用证明", "村民委员会意见"],
        "c",
        True,
    ),
    (
        "建筑工程施工许可证核发",
        "01",
        "住建",
        "《中华人民共和国建筑法》第七条、第八条",
        7,
        "workdays",
        3,
        "工程建设",
        "l",
        "建筑工程施工许可证",
        [],
        ["建筑工程施工许可证申请表", "建设工程规划许可证", "施工合同"],
        "pc",
        False,
    ),
    (
        "商品房预售许可",
        "01",
        "住建",
        "《中华人民共和国城市房地产管理法》第四十五条",
        10,
        "workdays",
        5,
        "工程建设,住房保障",
        "l",
        "商品房预售许可证",
        [],
        ["商品房预售许可申请表", "土地使用权证书", "建设工程规划许可证和施工许可证"],
        "c",
        False,
    ),
    (
        "取水许可",
        "01",
        "农业农村",
        "《中华人民共和国水法》第四十八条；《取水许可和水资源费征收管理条例》第二条",
        45,
        "workdays",
        20,
        "农林牧渔",
        "l",
        "取水许可证",
        [
            (
                "水资源税（费）",
                "按取水量计征，标准按湖南省规定执行",
                None,
                "《取水许可和水资源费征收管理条例》第二十八条",
            )
        ],
        ["取水许可申请书", "建设项目水资源论证报告"],
        "p",
        False,
    ),
    (
        "种畜禽生产经营许可",
        "01",
        "农业农村",
        "《中华人民共和国畜牧法》第二十四条",
        20,
        "workdays",
        10,
        "农林牧渔",
        "l",
        "种畜禽生产经营许可证",
        [],
        ["种畜禽生产经营许可申请表", "畜牧兽医技术人员资格证明"],
        "c",
        False,
    ),
    (
        "农药经营许可",
        "01",
        "农业农村",
        "《农药管理条例》第二十四条",
        20,
        "workdays",
        10,
        "农林牧渔,市场准入",
        "l",
        "农药经营许可证",
        [],
        ["农药经营许可申请表", "营业场所和仓储场所地址、面积、平面图"],
        "c",
        False,
    ),
    (
        "医疗机构执业登记",
        "01",
        "卫健",
        "《医疗机构管理条例》第十四条",
        45,
        "days",
        20,
        "医疗卫生",
        "l",
        "医疗机构执业许可证",
        [],
        ["医疗机构执业登记申请书", "医疗机构用房产权证明或者使用证明", "医疗机构规章制度"],
        "pc",
        False,
    ),
    (
        "公共场所卫生许可",
        "01",
        "卫健",
        "《公共场所卫生管理条例》第八条",
        20,
        "workdays",
        5,
        "市场准入",
        "l",
        "公共场所卫生许可证",
        [],
        ["公共场所卫生许可申请表", "卫生管理制度", "从业人员健康合格证明"],
        "c",
        False,
    ),
    (
        "医师执业注册",
        "01",
        "卫健",
        "《中华人民共和国医师法》第十三条",
        20,
        "workdays",
        10,
        "医疗卫生,证件办理",
        "p",
        "医师执业证书",
        [],
        ["医师执业注册申请审核表", "医师资格证书", "健康证明"],
        "pc",
        False,
    ),
    (
        "民办学校办学许可",
        "01",
        "教育",
        "《中华人民共和国民办教育促进法》第十二条",
        90,
        "days",
        60,
        "教育科研",
        "l",
        "民办学校办学许可证",
        [],
        ["申办报告", "举办者资格证明", "资产来源、资金数额及有效证明文件"],
        "pc",
        False,
    ),
    (
        "教师资格认定",
        "01",
        "教育",
        "《中华人民共和国教师法》第十三条；《教师资格条例》第十三条",
        30,
        "workdays",
        20,
        "教育科研,证件办理",
        "p",
        "教师资格证书",
        [],
        ["教师资格认定申请表", "学历证书", "普通话水平测试等级证书", "体检结论"],
        "c",
        False,
    ),
    (
        "企业投资项目核准",
        "01",
        "发改",
        "《企业投资项目核准和备案管理条例》第三条",
        20,
        "workdays",
        15,
        "工程建设",
        "l",
        "项目核准批复",
        [],
        ["项目申请报告", "城乡规划行政主管部门出具的选址意见书", "用地预审意见"],
        "p",
        False,
    ),
    (
        "企业投资项目备案",
        "11",
        "发改",
        "《企业投资项目核准和备案管理条例》第十三条",
        3,
        "workdays",
        1,
        "工程建设",
        "l",
        "",
        [],
        ["项目备案信息表"],
        "pc",
        False,
    ),
    (
        "户口迁移（市外迁入）",
        "07",
        "公安",
        "《中华人民共和国户口登记条例》第十条",
        10,
        "workdays",
        5,
        "户籍办理",
        "p",
        "准予迁入证明",
        [],
        ["户口迁移申请表", "居民户口簿", ID],
        "c",
        True,
    ),
    (
        "出生登记",
        "07",
        "公安",
        "《中华人民共和国户口登记条例》第七条",
        1,
        "workdays",
        1,
        "生育收养,户籍办理",
        "p",
        "",
        [],
        ["出生医学证明", "父母双方居民户口簿", "父母结婚证"],
        "c",
        True,
    ),
    (
        "居民身份证申领",
        "20",
        "公安",
        "《中华人民共和国居民身份证法》第八条",
        60,
        "days",
        30,
        "证件办理,户籍办理",
        "p",
        "居民身份证",
        [("居民身份证工本费", "20元/证", 20, "《居民身份证法》第二十条；发改价格〔2003〕2322号")],
        ["居民户口簿", "近期免冠照片（现场采集）"],
        "c",
        False,
    ),
    (
        "机动车驾驶证换证",
        "20",
        "公安",
        "《机动车驾驶证申领和使用规定》第六十三条",
        1,
        "workdays",
        1,
        "证件办理",
        "p",
        "机动车驾驶证",
        [
            (
                "机动车驾驶证工本费",
                "10元/证",
                10,
                "《中华人民共和国道路交通安全法》第八十一条；发改价格〔2004〕2831号",
            )
        ],
        ["机动车驾驶证申请表", ID, "身体条件证明"],
        "p",
        False,
    ),
    (
        "最低生活保障审核确认",
        "05",
        "民政",
        "《社会救助暂行办法》第十一条；《湖南省最低生活保障工作规程》",
        30,
        "workdays",
        15,
        "社会救助,社会保障",
        "p",
        "最低生活保障金领取证",
        [],
        ["最低生活保障申请书", "家庭成员居民身份证、户口簿", "家庭经济状况核对授权书"],
        "c",
        True,
    ),
    (
        "特困人员救助供养审核确认",
        "05",
        "民政",
        "《社会救助暂行办法》第十四条",
        30,
        "workdays",
        20,
        "社会救助,养老服务",
        "p",
        "特困人员救助供养证",
        [],
        ["特困人员救助供养申请书", "居民户口簿", ID],
        "c",
        True,
    ),
    (
        "残疾人两项补贴",
        "05",
        "民政",
        "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
        20,
        "workdays",
        10,
        "残疾人服务,社会保障",
        "p",
        "",
        [],
        ["残疾人两项补贴申请审批表", "中华人民共和国残疾人证", ID],
        "c",
        True,
    ),
    (
        "高龄津贴发放",
        "05",
        "民政",
        "《湖南省老年人权益保障条例》第二十四条",
        20,
        "workdays",
        10,
        "养老服务",
        "p",
        "",
        [],
        ["高龄津贴申请表", ID],
        "c",
        True,
    ),
    (
        "婚姻登记（结婚登记）",
        "07",
        "民政",
        "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第七条",
        1,
        "workdays",
        1,
        "婚姻登记",
        "p",
        "结婚证",
        [],
        [
            "居民户口簿",
            ID,
            "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明",
        ],
        "c",
        False,
    ),
    (
        "收养登记",
        "07",
        "民政",
        "《中华人民共和国民法典》第一千一百零五条；《中国公民收养子女登记办法》第五条",
        30,
        "days",
        20,
        "生育收养",
        "p",
        "收养登记证",
        [],
        ["收养登记申请书", "收养人居民户口簿和居民身份证", "被收养人出生证明"],
        "p",
        False,
    ),
    (
        "社会团体成立登记",
        "07",
        "民政",
        "《社会团体登记管理条例》第十一条",
        60,
        "days",
        30,
        "社会组织",
        "l",
        "社会团体法人登记证书",
        [],
        ["社会团体成立登记申请书", "章程草案", "验资报告"],
        "pc",
        False,
    ),
    (
        "城乡居民基本养老保险参保登记",
        "20",
        "社保中心",
        "《中华人民共和国社会保险法》第二十二条",
        5,
        "workdays",
        1,
        "社会保障",
        "p",
        "",
        [],
        ["城乡居民基本养老保险参保登记表", ID],
        "c",
        True,
    ),
    (
        "城乡居民基本养老保险待遇核定支付",
        "05",
        "社保中心",
        "《中华人民共和国社会保险法》第二十二条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》",
        20,
        "workdays",
        10,
        "社会保障,养老服务",
        "p",
        "",
        [],
        ["城乡居民基本养老保险待遇领取申请表", ID],
        "c",
        True,
    ),
    (
        "企业职工基本养老保险待遇申领",
        "05",
        "社保中心",
        "《中华人民共和国社会保险法》第十六条",
        20,
        "workdays",
        10,
        "社会保障",
        "p",
        "",
        [],
        ["基本养老金申领表", ID, "职工档案"],
        "pc",
        False,
    ),
    (
        "失业保险金申领",
        "05",
        "社保中心",
        "《中华人民共和国社会保险法》第四十五条；《失业保险条例》第十四条",
        10,
        "workdays",
        3,
        "就业创业,社会保障",
        "p",
        "",
        [],
        ["失业保险金申领登记表", ID, "解除或者终止劳动关系的证明"],
        "pc",
        False,
    ),
    (
        "就业创业证申领",
        "20",
        "人社",
        "《就业服务与就业管理规定》第六十三条",
        5,
        "workdays",
        1,
        "就业创业",
        "p",
        "就业创业证",
        [],
        ["就业创业证申领登记表", ID],
        "c",
        True,
    ),
    (
        "职业资格证书补发",
        "20",
        "人社",
        "《国家职业资格证书规程》",
        20,
        "workdays",
        10,
        "就业创业,证件办理",
        "p",
        "职业资格证书",
        [],
        ["职业资格证书补发申请表", ID, "遗失声明"],
        "pc",
        False,
    ),
    (
        "创业担保贷款贴息",
        "05",
        "人社",
        "《财政部 人力资源社会保障部 中国人民银行关于进一步加大创业担保贷款贴息力度全力支持重点群体创业就业的通知》",
        20,
        "workdays",
        15,
        "就业创业",
        "pl",
        "",
        [],
        ["创业担保贷款申请表", ID, "营业执照", "创业项目计划书"],
        "c",
        False,
    ),
    (
        "人力资源服务许可",
        "01",
        "人社",
        "《人力资源市场暂行条例》第十八条",
        20,
        "workdays",
        10,
        "人力资源,市场准入",
        "l",
        "人力资源服务许可证",
        [],
        ["人力资源服务许可申请表", "营业执照", "专职工作人员名单及其学历证明"],
        "pc",
        False,
    ),
    (
        "劳动人事争议仲裁",
        "09",
        "人社",
        "《中华人民共和国劳动争议调解仲裁法》第四十三条",
        45,
        "days",
        45,
        "就业创业,人力资源",
        "pl",
        "仲裁裁决书",
        [],
        ["仲裁申请书", "申请人身份证明", "证据材料"],
        "pc",
        False,
    ),
    (
        "不动产登记（首次登记）",
        "07",
        "自然资源",
        "《不动产登记暂行条例》第二十条；《中华人民共和国民法典》第二百一十条",
        30,
        "workdays",
        5,
        "不动产登记,住房保障",
        "pl",
        "不动产权证书",
        [
            (
                "不动产登记费（住宅）",
                "80元/件",
                80,
                "《财政部 国家发展改革委关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
            ),
            ("证书工本费", "每增加一本证书10元", 10, "发改价格规〔2016〕2559号"),
        ],
        ["不动产登记申请书", "申请人身份证明", "不动产权属来源材料"],
        "pc",
        False,
    ),
    (
        "不动产登记（转移登记）",
        "07",
        "自然资源",
        "《不动产登记暂行条例》第十四条",
        30,
        "workdays",
        5,
        "不动产登记",
        "pl",
        "不动产权证书",
        [("不动产登记费（住宅）", "80元/件", 80, "发改价格规〔2016〕2559号")],
        ["不动产登记申请书", "申请人身份证明", "不动产权证书", "买卖合同或其他转移材料"],
        "pc",
        False,
    ),
    (
        "出生医学证明办理",
        "20",
        "卫健",
        "《中华人民共和国母婴保健法》第二十三条",
        1,
        "workdays",
        1,
        "生育收养,医疗卫生",
        "p",
        "出生医学证明",
        [],
        ["新生儿父母双方居民身份证", "分娩医院的出生记录"],
        "c",
        False,
    ),
    (
        "再生育审批",
        "07",
        "卫健",
        "《湖南省人口与计划生育条例》第二十条",
        30,
        "workdays",
        15,
        "生育收养",
        "p",
        "",
        [],
        ["再生育申请审批表", "夫妻双方居民身份证", "结婚证"],
        "c",
        False,
    ),
    (
        "农村宅基地审批",
        "01",
        "农业农村",
        "《中华人民共和国土地管理法》第六十二条",
        20,
        "workdays",
        15,
        "农业农村,不动产登记",
        "p",
        "农村宅基地批准书",
        [],
        ["农村宅基地和建房（规划许可）申请表", "申请人居民户口簿", "村民小组会议记录"],
        "c",
        True,
    ),
    (
        "耕地地力保护补贴发放",
        "05",
        "农业农村",
        "《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》",
        30,
        "workdays",
        20,
        "农业农村",
        "p",
        "",
        [],
        ["耕地地力保护补贴面积申报表", "农村土地承包经营权证"],
        "c",
        True,
    ),
    (
        "见义勇为人员奖励",
        "08",
        "公安",
        "《湖南省见义勇为人员奖励和保护条例》第十条",
        60,
        "days",
        30,
        "社会保障",
        "p",
        "",
        [],
        ["见义勇为确认申报表", "事迹材料", "证人证言"],
        "pc",
        False,
    ),
    (
        "林木采伐许可证核发",
        "01",
        "自然资源",
        "《中华人民共和国森林法》第五十六条",
        20,
        "workdays",
        7,
        "农林牧渔",
        "pl",
        "林木采伐许可证",
        [],
        ["林木采伐申请书", "林木权属证明", "采伐作业设计"],
        "c",
        True,
    ),
    (
        "政府信息公开申请",
        "10",
        "gov",
        "《中华人民共和国政府信息公开条例》第二十七条、第三十三条",
        20,
        "workdays",
        15,
        "证件办理",
        "pl",
        "政府信息公开申请答复书",
        [],
        ["政府信息公开申请表", "申请人身份证明"],
        "pc",
        False,
    ),
]
# Township level: items the township (on the county's delegation) handles itself.
TOWNSHIP_TEMPLATES = [
    (
        "农村五保供养审核",
        "05",
        "民政",
        "《农村五保供养工作条例》第七条",
        20,
        "workdays",
        10,
        "社会救助,养老服务",
        "p",
        "",
        [],
        ["农村五保供养申请书", "居民户口簿", ID],
        "t",
        True,
    ),
    (
        "计划生育证明（生育登记）",
        "20",
        "卫健",
        "《湖南省人口与计划生育条例》第十九条",
        5,
        "workdays",
        1,
        "生育收养",
        "p",
        "",
        [],
        ["生育登记表", "夫妻双方居民身份证", "结婚证"],
        "t",
        True,
    ),
    (
        "临时救助审核",
        "05",
        "民政",
        "《社会救助暂行办法》第四十八条",
        15,
        "workdays",
        5,
        "社会救助",
        "p",
        "",
        [],
        ["临时救助申请书", ID, "困难情况证明"],
        "t",
        True,
    ),
]
TYPE_PREFIX = {
    "01": "XK",
    "05": "JF",
    "07": "QR",
    "08": "JL",
    "09": "CJ",
    "10": "QT",
    "11": "BA",
    "20": "GG",
}
STEPS = [
    ("accept", "受理", "window_clerk", None),
    ("review", "审查", "dept_officer", None),
    ("decide", "决定", "dept_head", None),
    ("complete", "办结", "dept_officer", None),
    ("deliver", "送达", "window_clerk", None),
]
IMMEDIATE_STEPS = [("accept", "受理", "window_clerk", 0), ("complete", "办结", "window_clerk", 0)]


def _steps(limit: int, immediate: bool) -> list[dict]:
    """The steps' limits add up to the promised limit (a step of 0 days is done on the spot)."""
    if immediate:
        return [
            {"order": i, "code": c, "name": n, "role": r, "limit": lim}
            for i, (c, n, r, lim) in enumerate(IMMEDIATE_STEPS, start=1)
        ]
    if limit >= 6:
        limits = [1, limit - 5, 2, 1, 1]
    else:
        limits = [0, max(limit - 2, 0), min(limit, 1), 1 if limit >= 2 else 0, 0]
    return [
        {"order": i, "code": c, "name": n, "role": r, "limit": lim}
        for i, ((c, n, r, _), lim) in enumerate(zip(STEPS, limits, strict=True), start=1)
    ]


def _row(t, *, j: Jurisdiction, agency: Agency, serial: int, rng: random.Random, centre: str):
    (
        name,
        tcode,
        _dept,
        basis,
        slimit,
        sunit,
        plimit,
        themes,
        aud,
        result,
        fees,
        mats,
        _lv,
        agent,
    ) = t
    immediate = slimit <= 1
    online = rng.random() < 0.88
    visits = 0 if online and rng.random() < 0.5 else (1 if rng.random() < 0.85 else 2)
    by_post = visits == 0 and not online or rng.random() < 0.3
    fields = {
        "name": name,
        "for_person": "p" in aud,
        "for_legal_person": "l" in aud,
        "themes": themes,
        "legal_basis": basis,
        "conditions": f"符合{basis.split('；')[0]}规定条件的申请人，材料齐全、符合法定形式。",
        "statutory_limit": slimit,
        "statutory_unit": sunit,
        "promised_limit": min(plimit, slimit) if rng.random() < 0.9 else slimit,
        "promised_unit": sunit,
        "case_kind": Item.IMMEDIATE if immediate else Item.PROMISED,
        "online": online,
        "by_post": by_post,
        "by_agent": agent,
        "visits": visits,
        "visit_reason": "需核验原件并现场签字" if visits else "",
        "in_centre": (stationed := rng.random() < 0.93),
        "location": centre if stationed else f"{agency.name}（{agency.address or j.name}）",
        "hours": "工作日 上午9:00—12:00，下午14:30—17:00",
        "consult": f"{agency.name}窗口，电话 {agency.phone or '0743-12345'}",
        "complaint": f"{j.short_name}政务服务中心投诉台；12345政务服务便民热线",
        "result_name": result,
    }
    materials = [
        {"name": m, "situation": "", "required": True, "source": "申请人自备"} for m in mats
    ]
    if "许可" in name and "新办" in name:
        materials.append(
            {
                "name": "委托代理人身份证明及授权委托书",
                "situation": "委托他人办理的",
                "required": True,
            }
        )
    return (
        fields,
        materials,
        [{"name": n, "standard": s, "amount_yuan": y, "basis": b} for n, s, y, b in fees],
        _steps(fields["promised_limit"], immediate),
    )


@transaction.atomic
def build(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda s: None)
    rng = random.Random(20260414)
    # The code table is seeded by a migration; a test database flushed after a transactional
    # test has lost it, so put the same rows back (the migration's list is the one source).
    seeded = import_module("zhengwu.services.migrations.0002_item_types").TYPES
    for code, name, licensing, public in seeded:
        ItemType.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_licensing": licensing, "is_public_service": public},
        )
    types = {t.code: t for t in ItemType.objects.all()}
    root = Jurisdiction.objects.get(code="433100")
    counties = list(Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code"))
    existing = set(Item.objects.values_list("implementation_code", flat=True))
    agencies = {
        (a.jurisdiction_id, a.short_name): a
        for a in Agency.objects.filter(jurisdiction__in=[root, *counties])
    }
    for j in [root, *counties]:
        gov = Agency.objects.filter(jurisdiction=j, kind=Agency.GOVERNMENT).first()
        if gov:
            agencies[(j.pk, "gov")] = gov
    plan = []  # (template, jurisdiction, agency, location)
    for j in [root, *counties]:
        level = "p" if j.level == Jurisdiction.PREFECTURE else "c"
        pool = [t for t in TEMPLATES if level in t[12]]
        if level == "c":
            pool = rng.sample(pool, min(len(pool), rng.randint(30, 44)))
        for t in pool:
            agency = agencies.get((j.pk, t[2]))
            if agency:
                plan.append((t, j, agency, f"{j.short_name}政务服务中心{t[2]}窗口"))
    for t_j in Jurisdiction.objects.filter(level=Jurisdiction.TOWNSHIP).order_by("code"):
        county_pk = Jurisdiction.objects.filter(code=t_j.path.split("/")[1]).values_list(
            "pk", flat=True
        )[0]
        for t in TOWNSHIP_TEMPLATES[: 2 + (int(t_j.code[-3:]) % 2)]:
            agency = agencies.get((county_pk, t[2]))
            if agency:
                plan.append((t, t_j, agency, f"{t_j.name}便民服务中心"))
    items, children = [], []
    for n, (t, j, agency, location) in enumerate(plan):
        serial = TEMPLATES.index(t) + 1 if t in TEMPLATES else 900 + TOWNSHIP_TEMPLATES.index(t)
        basic = f"{TYPE_PREFIX[t[1]]}{serial:07d}000"
        code = services.implementation_code(basic, j, agency)
        fields, materials, fees, steps = _row(
            t, j=j, agency=agency, serial=n, rng=rng, centre=location
        )
        if code in existing:
            continue
        fields["result_type"] = services.expected_result_type(fields["result_name"]) or (
            "其他" if fields["result_name"] else ""
        )
        item = Item(
            agency=agency,
            jurisdiction=j,
            scope_path=j.path,
            item_type=types[t[1]],
            basic_code=basic,
            implementation_code=code,
            exercise_level=services.LEVEL_OF[j.level],
            power_source="5" if j.level == Jurisdiction.TOWNSHIP else "1",
            effective_on=dt.date(2024, 1, 1),
            charges_fee=bool(fees),
            **fields,
        )
        services.validate_item({f: getattr(item, f) for f in services.EDITABLE})
        items.append(item)
        children.append((materials, fees, steps))
    Item.objects.bulk_create(items, batch_size=500)
    materials, fees, steps = [], [], []
    for item, (ms, fs, ss) in zip(items, children, strict=True):
        materials += [Material(item=item, order=i, **m) for i, m in enumerate(ms, start=1)]
        fees += [Fee(item=item, **f) for f in fs]
        steps += [Step(item=item, flow_version=1, **s) for s in ss]
    Material.objects.bulk_create(materials, batch_size=1000)
    Fee.objects.bulk_create(fees, batch_size=1000)
    Step.objects.bulk_create(steps, batch_size=1000)
    # the national licences' fields (营业执照, 食品经营许可证); the rest issue decision letters
    seeded = result_templates.seed(
        Item.objects.filter(result_name__in=["营业执照", "食品经营许可证"])
    )
    if items:
        _history(rng)
    say(
        f"政务服务事项：{Item.objects.filter(state=Item.ACTIVE).count()} 项在用；"
        f"审批结果文书模板 {seeded} 个（营业执照、食品经营许可证）"
    )
    return {"items": len(items)}


def _history(rng: random.Random) -> None:
    """The 2025 yearly clean-up, done through the audited services by the 州 administrator."""
    admin = User.objects.filter(username="admin").first() or User.objects.get(username="root")
    jishou = Jurisdiction.objects.get(code="433101")
    at = dt.date(2025, 6, 30)
    qs = Item.objects.filter(jurisdiction=jishou, state=Item.ACTIVE)
    food = qs.filter(name="食品经营许可（变更）").first()
    target = qs.filter(name="食品经营许可（新办）").first()
    if food and target:
        services.merge(food, target, by=admin, on=at, reason="按2025年度清理，并入新办事项统一办理")
    for name in ["再生育审批", "高龄津贴发放"]:
        item = qs.filter(name=name).first()
        if item:
            services.cancel(item, by=admin, on=at, reason="依据上级文件取消（2025年度清理）")
    for item in qs.filter(state=Item.ACTIVE, case_kind=Item.PROMISED).order_by("basic_code")[:3]:
        services.revise(
            item,
            {"promised_limit": max(1, item.promised_limit // 2)},
            by=admin,
            effective_on=at,
            note="2025年度修订：压缩承诺时限",
        )
    for fee in Fee.objects.filter(
        item__jurisdiction=jishou, item__state=Item.ACTIVE, name__startswith="证书工本费"
    )[:1]:
        services.cut_fee(fee, by=admin, on=at, reason="湘发改价费〔2025〕1号：免收证书工本费")
