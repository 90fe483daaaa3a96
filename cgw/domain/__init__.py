"""The domain vocabulary: every category, its Chinese value and English label, and the rules.

This is the single source for category values. The schema builds its ENUM types from
`CATEGORIES`, the generator draws from them, the importer maps synonyms onto them and the
UI translates them with `label()`.
"""

from __future__ import annotations

from dataclasses import dataclass

# (value stored in the database, English label). Order is the display order.
CATEGORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "region_level": (
        ("province", "Province"),
        ("city", "City"),
        ("district", "District"),
        ("street", "Street"),
        ("community", "Community"),
        ("grid", "Grid"),
    ),
    "gender": (("男", "Male"), ("女", "Female")),
    "political_status": (  # GB/T 4762
        ("中共党员", "CPC member"),
        ("中共预备党员", "CPC probationary member"),
        ("共青团员", "CYL member"),
        ("民革党员", "RCCK member"),
        ("民盟盟员", "CDL member"),
        ("民建会员", "CNDCA member"),
        ("民进会员", "CAPD member"),
        ("农工党党员", "CPWDP member"),
        ("致公党党员", "CZGP member"),
        ("九三学社社员", "Jiusan Society member"),
        ("台盟盟员", "TDSGL member"),
        ("无党派人士", "Non-partisan"),
        ("群众", "Ordinary citizen"),
    ),
    "education": (
        ("研究生", "Postgraduate"),
        ("本科", "Bachelor"),
        ("大专", "Associate (college)"),
        ("中专·高中", "Secondary / high school"),
        ("初中及以下", "Junior high or below"),
    ),
    "role_category": (
        ("社区正职", "Head"),
        ("社区副职", "Deputy"),
        ("一般社区工作者", "General"),
        ("楼宇专职工作者", "Building"),
    ),
    "post_title": (
        ("书记兼主任", "Secretary & director"),
        ("书记", "Secretary"),
        ("主任", "Director"),
        ("副书记", "Deputy secretary"),
        ("副主任", "Deputy director"),
        ("两委委员", "Committee member"),
        ("社区专职工作者", "Community worker"),
        ("楼宇专职工作者", "Building worker"),
    ),
    "hire_source": (
        ("公开招聘", "Open exam"),
        ("随缺随补", "Vacancy fill"),
        ("周转调剂", "Reallocation"),
        ("选举", "Election"),
        ("其他", "Other"),
    ),
    "worker_status": (
        ("在岗", "Active"),
        ("调离", "Transferred"),
        ("退出", "Exited"),
        ("退休", "Retired"),
    ),
    "exit_reason": (
        ("个人辞职", "Resigned"),
        ("合同期满未续聘", "Contract not renewed"),
        ("考录公务员或事业编制", "Civil-service / public-institution post"),
        ("提拔为科级干部", "Promoted to section level"),
        ("工作调动", "Transferred"),
        ("退休", "Retired"),
        ("连续两年考核不合格", "Failed assessment two years running"),
        ("玩忽职守推诿扯皮", "Dereliction of duty"),
        ("违反廉洁纪律", "Integrity violation"),
        ("严重违反工作纪律", "Serious breach of discipline"),
        ("受到刑事处罚", "Criminal penalty"),
        ("其他负面清单情形", "Other negative-list case"),
    ),
    "certificate_level": (
        ("助理社会工作师", "Assistant social worker"),
        ("社会工作师", "Social worker"),
        ("高级社会工作师", "Senior social worker"),
    ),
    "secretary_grade": (("一等", "Grade 1"), ("二等", "Grade 2"), ("三等", "Grade 3")),
    "reserve_post": (("正职", "Head"), ("副职", "Deputy"), ("两委成员", "Committee member")),
    "reserve_status": (("在库", "In pool"), ("已使用", "Appointed"), ("已出库", "Left pool")),
    "training_programme": (
        ("适岗初任", "Induction"),
        ("青雁成长", "Young Geese growth"),
        ("头雁领航", "Lead Geese leadership"),
        ("社会工作者专题班", "Social-work course"),
        ("现场教学", "On-site teaching"),
        ("治理沙龙", "Governance salon"),
    ),
    "training_result": (("优秀", "Excellent"), ("合格", "Passed"), ("不合格", "Failed")),
    "assessment_grade": (
        ("优秀", "Excellent"),
        ("称职", "Competent"),
        ("基本称职", "Basically competent"),
        ("不称职", "Incompetent"),
    ),
    "partner_type": (("机关单位", "Government body"), ("市场主体", "Business"), ("社会力量", "Social force")),
    "partner_subtype": (
        ("职能部门", "Functional department"),
        ("驻区单位", "Resident institution"),
        ("企业", "Enterprise"),
        ("爱心商铺", "Caring shop"),
        ("行业协会", "Trade association"),
        ("人才工作室", "Talent studio"),
        ("志愿服务队", "Volunteer team"),
        ("个人", "Individual"),
    ),
    "partner_honour": (("优秀幸福合伙人", "Outstanding partner"), ("星级服务商户", "Star service merchant")),
    "issue_category": (
        ("环境卫生", "Sanitation"),
        ("物业管理", "Property management"),
        ("设施维修", "Facility repair"),
        ("停车交通", "Parking & traffic"),
        ("养老服务", "Elderly care"),
        ("托育教育", "Childcare & education"),
        ("就业帮扶", "Employment support"),
        ("矛盾纠纷", "Disputes"),
        ("安全隐患", "Safety hazard"),
        ("其他", "Other"),
    ),
    "issue_source": (
        ("联席会议", "Joint meeting"),
        ("网格走访", "Grid visit"),
        ("12345热线", "12345 hotline"),
        ("问卷调查", "Survey"),
        ("议事座谈", "Deliberation"),
        ("居民来访", "Walk-in"),
    ),
    "issue_status": (("待办理", "Open"), ("办理中", "In progress"), ("已解决", "Resolved")),
    "wish_group": (("一老", "Elderly"), ("一小", "Children"), ("一困", "Hardship"), ("其他", "Other")),
    "wish_status": (("待认领", "Unclaimed"), ("已认领", "Claimed"), ("已完成", "Fulfilled")),
    "import_mode": (("append", "Append"), ("upsert", "Upsert"), ("replace", "Replace")),
    "batch_status": (("已导入", "Imported"), ("已撤销", "Undone")),
    # --- version 6: needs against supply, training mechanisms, competency, secondments, outcomes
    "need_category": (
        ("助餐服务", "Meal service"),
        ("医疗健康", "Health care"),
        ("托育照护", "Childcare"),
        ("课业辅导", "Tutoring"),
        ("就业帮扶", "Employment support"),
        ("文化娱乐", "Culture & recreation"),
        ("法律咨询", "Legal advice"),
        ("政务代办", "Errands for government services"),
        ("家政维修", "Housekeeping & repairs"),
        ("心理关爱", "Emotional support"),
    ),
    "need_source": (
        ("网格走访", "Grid visit"),
        ("问卷调查", "Survey"),
        ("议事座谈", "Deliberation"),
        ("联席会议", "Joint meeting"),
        ("居民来访", "Walk-in"),
        ("线上征集", "Online"),
    ),
    "need_status": (("待匹配", "Unmatched"), ("已匹配", "Matched"), ("已满足", "Met")),
    # 服务供给清单: what partners offer; 社区服务清单: what departments bring in (十进社区).
    "supply_list": (("服务供给清单", "Partner supply list"), ("社区服务清单", "Department service list")),
    "recruitment_channel": (("线上招募", "Recruited online"), ("线下挖掘", "Recruited offline")),
    "rotation_kind": (("跨岗位", "Cross-post"), ("跨社区", "Cross-community")),
    "resource_kind": (
        ("现场教学点", "On-site teaching site"),
        ("合作院校", "Partner college"),
        ("师资库", "Teacher pool"),
        ("特色课程", "Featured course"),
        ("精品专题", "Special topic"),
    ),
    "borrower_kind": (("区直部门", "District department"), ("街道", "Street office"), ("其他单位", "Other body")),
    "assessment_outcome": (
        ("绩效工资", "Performance pay"),
        ("续聘", "Contract renewed"),
        ("解聘", "Dismissed"),
        ("诫勉谈话", "Admonition talk"),
        ("降职使用", "Demoted"),
        ("责令辞职", "Ordered to resign"),
    ),
}

ETHNICITIES: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip
CATEGORIES["ethnicity"] = tuple((e, e) for e in ETHNICITIES)


def values(category: str) -> tuple[str, ...]:
    """The stored values of a category, in display order."""
    return tuple(v for v, _ in CATEGORIES[category])


_EN = {(cat, v): en for cat, pairs in CATEGORIES.items() for v, en in pairs}


def label(category: str, value: str, lang: str = "zh") -> str:
    """A category value as shown to the user in `lang` ('zh' or 'en')."""
    if lang == "en":
        return _EN.get((category, value), value)
    return value


# --- Region codes (统计用区划代码): each level extends its parent's code. ---
REGION_CODE_LENGTH = {"province": 2, "city": 4, "district": 6, "street": 9, "community": 12, "grid": 15}
CHILD_LEVEL = {"province": "city", "city": "district", "district": "street", "street": "community",
               "community": "grid"}
# Facts name a community; some may also name one of its grids (网格, version 6).
COMMUNITY_CODE_LENGTH = REGION_CODE_LENGTH["community"]

# --- Workforce rules ---
COLLEGE_EDUCATION = ("研究生", "本科", "大专")
BACHELOR_OR_ABOVE = ("研究生", "本科")
PARTY_MEMBER = ("中共党员", "中共预备党员")
SECRETARY_POSTS = ("书记兼主任", "书记")
MIN_WORKING_AGE = 18
UNDER_AGE_THRESHOLD = 40  # "40周岁以下" means completed years < 40

# 三岗十八级: the post levels each role category may hold.
POST_LEVEL_RANGE = {
    "社区正职": (7, 18),
    "社区副职": (4, 15),
    "一般社区工作者": (1, 12),
    "楼宇专职工作者": (1, 12),
}

# Exit reasons that are on the 履职负面清单 (negative list).
NEGATIVE_LIST_REASONS = (
    "连续两年考核不合格",
    "玩忽职守推诿扯皮",
    "违反廉洁纪律",
    "严重违反工作纪律",
    "受到刑事处罚",
    "其他负面清单情形",
)
EXIT_STATUS_BY_REASON = {
    "个人辞职": "退出",
    "合同期满未续聘": "退出",
    "考录公务员或事业编制": "调离",
    "提拔为科级干部": "调离",
    "工作调动": "调离",
    "退休": "退休",
    **{r: "退出" for r in NEGATIVE_LIST_REASONS},
}

# 书记等次: 1:3:6, monthly subsidy in yuan.
SECRETARY_GRADE_RATIO = {"一等": 1, "二等": 3, "三等": 6}
SECRETARY_GRADE_SUBSIDY = {"一等": 800, "二等": 500, "三等": 300}

# Assessment composite weights per role category (routine, annual, client rating).
ASSESSMENT_WEIGHTS = {
    "社区正职": (0.3, 0.4, 0.3),
    "社区副职": (0.3, 0.4, 0.3),
    "一般社区工作者": (0.4, 0.3, 0.3),
    "楼宇专职工作者": (0.4, 0.2, 0.4),
}
ASSESSMENT_GRADE_CUTOFFS = ((90.0, "优秀"), (75.0, "称职"), (60.0, "基本称职"), (0.0, "不称职"))

# 考核结果运用: outcomes that hold a worker to account (诫勉谈话、降职使用、责令辞职).
ACCOUNTABILITY_OUTCOMES = ("诫勉谈话", "降职使用", "责令辞职")

# 胜任力测评: the default competency model (configurable: the competency_dimensions table). Each
# dimension: id, Chinese and English name, the score below which a worker is weak in it, and the
# training programme that addresses it.
COMPETENCY_DIMENSIONS = (
    ("political", "政治素质", "Political integrity", 60.0, "头雁领航"),
    ("mass_work", "群众工作", "Working with residents", 60.0, "现场教学"),
    ("rule_of_law", "依法办事", "Acting by law", 60.0, "社会工作者专题班"),
    ("emergency", "应急处置", "Emergency response", 60.0, "青雁成长"),
    ("coordination", "沟通协调", "Communication", 60.0, "治理沙龙"),
    ("digital", "数字化应用", "Digital skills", 60.0, "适岗初任"),
)

# Partner evaluation weights: resident rating, community assessment, industry review.
PARTNER_EVALUATION_WEIGHTS = (0.4, 0.35, 0.25)

PARTNER_SUBTYPES = {
    "机关单位": ("职能部门", "驻区单位"),
    "市场主体": ("企业", "爱心商铺"),
    "社会力量": ("行业协会", "人才工作室", "志愿服务队", "个人"),
}


@dataclass(frozen=True)
class Benchmark:
    value: float
    label_zh: str
    label_en: str
    source: str
    direction: str = "higher"  # "higher": at or above is good; "lower": at or below is good
    # How the source words the figure: "over" (超过91.1%), "plus" (130余家), or "" (as it is).
    wording: str = ""


NATIONAL_WORKERS_PER_10K = Benchmark(
    18.0, "国家标准", "National target", "民政部等：每万城镇常住人口拥有社区工作者不少于18人"
)
NATIONAL_CERTIFIED_SHARE = Benchmark(
    0.5, "国家目标", "National target", "城市社区工作者持证比例不低于50%"
)
