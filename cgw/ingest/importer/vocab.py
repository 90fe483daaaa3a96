"""Common ways people write category values, mapped onto the stored values of domain.CATEGORIES.

Lookup keys are normalised (full-width to half-width, no spaces, lower case, list separators
unified), so "大学 本科", "大学本科" and "ＢＡＣＨＥＬＯＲ" all find 本科. A value that could mean
two things (大学: 本科 or 大专?) is listed in AMBIGUOUS and is rejected with the choices.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from cgw import domain

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_SEPARATORS = re.compile(r"[、，,/／;；|｜+＋&＆]+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def key(text: str) -> str:
    """The lookup form of a category value."""
    s = _SPACES.sub("", nfkc(str(text)))
    s = _SEPARATORS.sub("、", s)
    return s.strip("、").lower()


SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "gender": {"男": ("男性", "男士", "m", "male"), "女": ("女性", "女士", "f", "female")},
    "political_status": {
        "中共党员": ("党员", "共产党员", "中国共产党党员", "中共正式党员", "正式党员", "cpc", "中共"),
        "中共预备党员": ("预备党员", "中共预备", "中共党员预备", "预备期党员"),
        "共青团员": ("团员", "共青团", "青年团员", "中共青团员", "共青团团员"),
        "民革党员": ("民革", "民革会员"),
        "民盟盟员": ("民盟",),
        "民建会员": ("民建",),
        "民进会员": ("民进",),
        "农工党党员": ("农工党", "农工民主党党员"),
        "致公党党员": ("致公党",),
        "九三学社社员": ("九三学社", "九三"),
        "台盟盟员": ("台盟",),
        "无党派人士": ("无党派", "无党派民主人士"),
        "群众": ("普通群众",),
    },
    "education": {
        "研究生": ("硕士", "博士", "硕士研究生", "博士研究生", "研究生及以上", "硕士及以上", "研究生学历",
                 "硕士学历", "博士学历", "研究生毕业", "硕士学位", "博士学位", "mba", "mpa", "msw"),
        "本科": ("大学本科", "本科学历", "学士", "大本", "本科及以上", "本科毕业", "大学本科毕业", "学士学位"),
        "大专": ("大学专科", "专科", "高职", "高专", "大专学历", "专科学历", "大专毕业", "高等专科", "高职高专"),
        "中专·高中": ("中专", "高中", "中专、高中", "高中、中专", "中专或高中", "高中或中专", "中专及高中", "职高",
                  "技校", "中技", "中等专科", "中等专业学校", "普通高中", "高中学历", "中专学历", "中专/高中"),
        "初中及以下": ("初中", "小学", "初中以下", "初中学历", "小学及以下", "文盲"),
    },
    "role_category": {
        "社区正职": ("正职", "正职人员", "社区正职人员"),
        "社区副职": ("副职", "副职人员", "社区副职人员"),
        "一般社区工作者": ("一般", "一般工作者", "一般人员", "社区工作者", "专职社区工作者", "社区专职工作者"),
        "楼宇专职工作者": ("楼宇", "楼宇专职", "楼宇工作者", "楼宇社区工作者"),
    },
    "post_title": {
        "书记兼主任": ("书记、主任", "书记主任", "党组织书记兼居委会主任", "书记兼居委会主任", "一肩挑",
                  "社区党组织书记、居委会主任", "党组织书记、居委会主任"),
        "书记": ("党组织书记", "社区党组织书记", "社区书记", "党委书记", "党总支书记", "党支部书记"),
        "主任": ("居委会主任", "社区主任", "居民委员会主任", "社区居委会主任"),
        "副书记": ("党组织副书记", "社区副书记", "党委副书记", "党总支副书记", "党支部副书记"),
        "副主任": ("居委会副主任", "社区副主任", "居民委员会副主任"),
        "两委委员": ("委员", "两委成员", "社区两委委员", "两委班子成员"),
        "社区专职工作者": ("专职工作者", "社区工作者", "专职社区工作者", "社工"),
        "楼宇专职工作者": ("楼宇工作者", "楼宇专职"),
    },
    "hire_source": {
        "公开招聘": ("招聘", "公开招考", "考录", "社会招聘", "公开考试", "统一招聘", "考试招聘", "公开招录", "招考"),
        "随缺随补": ("补录", "随缺随补招聘"),
        "周转调剂": ("调剂", "周转", "调剂使用"),
        "选举": ("选举产生", "换届选举", "民主选举"),
        "其他": ("其它", "其他方式"),
    },
    "worker_status": {
        "在岗": ("在职", "在任", "正常"),
        "调离": ("已调离", "调出"),
        "退出": ("已退出", "离职", "已离职", "解聘"),
        "退休": ("已退休",),
    },
    "exit_reason": {
        "个人辞职": ("辞职", "主动辞职", "本人辞职"),
        "合同期满未续聘": ("合同期满", "合同到期", "期满未续聘", "期满不续聘", "合同到期未续聘"),
        "考录公务员或事业编制": ("考录公务员", "考录事业编制", "考取公务员", "考取事业编制", "考公", "考编"),
        "提拔为科级干部": ("提拔", "提拔使用", "提拔为科级"),
        "工作调动": ("调动", "工作调整"),
        "退休": ("到龄退休", "正常退休"),
        "连续两年考核不合格": ("考核不合格",),
        "玩忽职守推诿扯皮": ("玩忽职守", "推诿扯皮"),
        "其他负面清单情形": ("其他负面清单",),
    },
    "certificate_level": {
        "助理社会工作师": ("助理社工师", "助理社会工作者", "初级", "初级社会工作者", "初级社工", "初级社会工作师",
                    "社会工作者职业水平初级", "初级职业资格", "助理社工"),
        "社会工作师": ("社工师", "中级", "中级社会工作者", "中级社工", "中级社会工作师", "社会工作者职业水平中级",
                  "中级职业资格"),
        "高级社会工作师": ("高级社工师", "高级", "高级社会工作者", "高级社工", "社会工作者职业水平高级"),
    },
    "secretary_grade": {
        "一等": ("1", "一", "1等", "一等次", "第一等", "一级"),
        "二等": ("2", "二", "2等", "二等次", "第二等", "二级"),
        "三等": ("3", "三", "3等", "三等次", "第三等", "三级"),
    },
    "reserve_post": {
        "正职": ("社区正职", "正职人选", "正职后备"),
        "副职": ("社区副职", "副职人选", "副职后备"),
        "两委成员": ("两委", "两委委员", "两委成员人选", "两委班子成员", "社区两委成员"),
    },
    "reserve_status": {
        "在库": ("在库培养", "储备中"),
        "已使用": ("已任用", "已提拔", "已使用"),
        "已出库": ("出库", "已退出", "退出"),
    },
    "training_programme": {
        "适岗初任": ("适岗初任培训", "初任培训", "新进社工培训", "岗前培训"),
        "青雁成长": ("青雁成长计划", "青雁计划"),
        "头雁领航": ("头雁领航工程", "头雁工程"),
        "社会工作者专题班": ("专题班", "专题培训班", "社会工作者专题培训班", "社工专题班"),
        "现场教学": ("现场教学点", "对标研学"),
        "治理沙龙": ("社区治理沙龙", "领雁智汇", "领雁智汇·青雁成长"),
    },
    "training_result": {"优秀": (), "合格": ("通过", "结业", "已结业"), "不合格": ("未通过", "不通过", "未结业")},
    "assessment_grade": {"优秀": (), "称职": (), "基本称职": (), "不称职": ()},
    "partner_type": {
        "机关单位": ("机关", "机关事业单位", "党政机关", "政府部门"),
        "市场主体": ("市场", "企业商户"),
        "社会力量": ("社会组织",),
    },
    "partner_subtype": {
        "职能部门": ("部门",),
        "驻区单位": ("驻区", "共建单位"),
        "企业": ("公司",),
        "爱心商铺": ("商铺", "商户", "爱心商户"),
        "行业协会": ("协会",),
        "人才工作室": ("工作室",),
        "志愿服务队": ("志愿者队伍", "志愿队", "志愿服务组织"),
        "个人": ("居民个人", "志愿者个人"),
    },
    "partner_honour": {"优秀幸福合伙人": ("优秀合伙人",), "星级服务商户": ("星级商户",)},
    "issue_category": {"其他": ("其它",)},
    "issue_source": {
        "12345热线": ("12345", "市民热线", "12345市民热线", "政务服务热线"),
        "网格走访": ("网格员走访", "走访"),
        "联席会议": ("联席会", "议事协调联席会议"),
        "问卷调查": ("问卷",),
        "议事座谈": ("座谈", "议事会"),
        "居民来访": ("来访", "上门反映"),
    },
    "issue_status": {
        "待办理": ("未办理", "待处理", "未处理"),
        "办理中": ("处理中", "正在办理", "在办"),
        "已解决": ("已办结", "办结", "已处理", "已完成", "解决"),
    },
    "wish_group": {
        "一老": ("老人", "老年人", "一老群体"),
        "一小": ("儿童", "少年儿童", "未成年人", "一小群体"),
        "一困": ("困难群众", "困难", "困难家庭", "一困群体"),
        "其他": ("其它",),
    },
    "wish_status": {
        "待认领": ("未认领",),
        "已认领": ("认领",),
        "已完成": ("已实现", "已兑现", "完成"),
    },
    "region_level": {
        "province": ("省", "省级", "自治区", "直辖市"),
        "city": ("市", "地级市", "地市", "市级"),
        "district": ("区", "县", "区县", "县区", "县级市", "旗", "区/县"),
        "street": ("街道", "乡镇", "镇", "乡", "街道办事处", "街道/乡镇", "街道·乡镇"),
        "community": ("社区", "村", "居委会", "村委会", "社区居委会", "居民委员会", "村民委员会"),
        "grid": ("网格", "小区", "小区网格", "网格（小区）", "小区（网格）", "村网格", "社区网格"),
    },
    # --- version 6 ---
    "recruitment_channel": {
        "线上招募": ("线上", "网上", "网上招募", "网络招募", "线上报名", "网上报名", "小程序报名", "平台招募", "线上发布"),
        "线下挖掘": ("线下", "线下招募", "线下走访", "走访挖掘", "实地挖掘", "挖掘", "上门走访", "线下对接", "走访"),
    },
    "need_category": {
        "助餐服务": ("助餐", "老年助餐", "长者食堂", "爱心助餐", "社区食堂", "送餐", "用餐"),
        "医疗健康": ("医疗", "健康", "义诊", "健康服务", "医疗服务", "健康体检", "看病就医", "医疗卫生"),
        "托育照护": ("托育", "照护", "托育服务", "婴幼儿照护", "托幼", "日间照料", "看护"),
        "课业辅导": ("辅导", "作业辅导", "学业辅导", "四点半课堂", "课后辅导", "课后托管", "学习辅导"),
        "就业帮扶": ("就业", "就业服务", "就业援助", "就业创业", "技能培训", "求职", "就业指导"),
        "文化娱乐": ("文娱", "文化", "文体", "文体活动", "文化活动", "文体娱乐", "娱乐"),
        "法律咨询": ("法律", "法律援助", "法律服务", "普法", "法律咨询服务", "法律顾问"),
        "政务代办": ("代办", "帮办代办", "政务服务", "代办服务", "帮办", "证件代办"),
        "家政维修": ("家政", "维修", "家电维修", "便民维修", "家政服务", "上门维修", "水电维修"),
        "心理关爱": ("心理", "心理咨询", "心理疏导", "心理健康", "心理辅导", "情感关爱", "心理服务"),
    },
    "need_source": {
        "网格走访": ("网格员走访", "走访", "入户走访", "上门走访", "网格摸排", "摸排"),
        "问卷调查": ("问卷", "调查问卷", "问卷调研"),
        "议事座谈": ("座谈", "议事会", "座谈会", "议事协商", "居民议事会"),
        "联席会议": ("联席会", "议事协调联席会议"),
        "居民来访": ("来访", "上门反映", "来电来访", "居民反映"),
        "线上征集": ("线上", "网上征集", "微信群", "小程序", "线上收集", "网络征集", "线上平台"),
    },
    "need_status": {
        "待匹配": ("未匹配", "待对接", "未对接", "待办", "未满足"),
        "已匹配": ("已对接", "对接中", "匹配", "已认领", "办理中"),
        "已满足": ("已完成", "已解决", "已办结", "满足", "完成", "办结"),
    },
    "supply_list": {
        "服务供给清单": ("供给清单", "合伙人供给清单", "资源清单", "服务资源清单", "合伙人清单", "供给"),
        "社区服务清单": ("服务清单", "部门服务清单", "十进社区", "十进社区服务清单", "部门清单", "部门"),
    },
    "rotation_kind": {
        "跨岗位": ("跨岗位锻炼", "岗位锻炼", "跨岗", "轮岗", "岗位交流", "岗位轮换"),
        "跨社区": ("跨社区锻炼", "社区交流", "跨社区交流", "交流锻炼", "异地锻炼", "挂职锻炼", "挂职"),
    },
    "resource_kind": {
        "现场教学点": ("教学点", "现场教学基地", "教学基地", "实训基地", "现场教学"),
        "合作院校": ("院校", "高校", "合作高校", "合作学校", "共建院校"),
        "师资库": ("师资", "讲师团", "师资队伍", "讲师库", "师资库（讲师团）"),
        "特色课程": ("课程", "特色课", "特色课程（精品课）"),
        "精品专题": ("专题", "精品专题课", "专题讲座"),
    },
    "borrower_kind": {
        "区直部门": ("区直单位", "区直机关", "区直部门单位", "区级部门", "职能部门", "县直部门", "县直单位", "部门"),
        "街道": ("街道办事处", "街道办", "乡镇", "镇街", "街道（乡镇）", "乡镇街道", "镇"),
        "其他单位": ("其他", "其它", "其他部门", "其它单位"),
    },
    "assessment_outcome": {
        "绩效工资": ("绩效", "发放绩效工资", "兑现绩效工资", "绩效奖励", "绩效考核奖", "绩效工资发放"),
        "续聘": ("继续聘用", "续签", "续签合同", "续签劳动合同", "续聘用"),
        "解聘": ("解除聘用", "解除劳动合同", "辞退", "解除合同", "不再聘用"),
        "诫勉谈话": ("诫勉", "诫勉谈话提醒"),
        "降职使用": ("降职", "降级使用", "降岗", "降岗使用", "降职处理"),
        "责令辞职": ("责令辞去职务", "责令辞职处理"),
    },
}

# Values that could mean more than one stored value: rejected with the choices instead of guessed.
AMBIGUOUS: dict[str, dict[str, tuple[str, ...]]] = {
    "education": {"大学": ("本科", "大专"), "中专及以上": ("中专·高中", "大专")},
    "political_status": {"无": ("群众", "无党派人士")},
}


def _build_lookup() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for cat, pairs in domain.CATEGORIES.items():
        table: dict[str, str] = {}
        for value, english in pairs:
            table[key(value)] = value
            table.setdefault(key(english), value)
        for value, words in SYNONYMS.get(cat, {}).items():
            for w in words:
                table.setdefault(key(w), value)
        if cat == "ethnicity":
            for value, _ in pairs:
                table.setdefault(key(value.removesuffix("族")), value)
        out[cat] = table
    return out


LOOKUP = _build_lookup()


# Words that say "none" where "none" is a fine answer: no certificate, no honour, no exit reason.
NONE_WORDS = {"无", "没有", "暂无", "未持证", "无证", "未取得", "否", "/", "-", "—", "——", "无证书"}
NONE_ALLOWED = {"certificate_level", "partner_honour", "exit_reason"}
NONE = ""  # canonical(): the value means "none" (stored as NULL)

# Ways of study written before an education level: 全日制本科, 在职研究生, 函授大专 …
_STUDY_MODES = ("非全日制", "全日制", "在职", "函授", "自学考试", "自考", "成人教育", "成人", "成教", "网络教育",
                "远程教育", "广播电视大学", "电大", "夜大", "业余", "党校", "脱产", "普通高等教育", "普通")
_EDUCATION_RANK = {v: i for i, v in enumerate(domain.values("education"))}  # 研究生 first


def _variants(category: str, k: str) -> str | None:
    """Built-in variants: study-mode prefixes, a qualifier in brackets (研究生（硕士）, 中共党员（预备）),
    several levels in one cell (全日制大专、在职本科: the highest)."""
    table = LOOKUP[category]
    if category == "political_status" and "预备" in k and ("党员" in k or "中共" in k):
        return "中共预备党员"
    outside = re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", k)
    inside = re.findall(r"[（(【\[]([^）)】\]]*)[）)】\]]", k)
    for cand in (outside, *inside):
        if cand and cand != k and (hit := table.get(cand) or (_variants(category, cand) if category == "education" else None)):
            return hit
    if category == "education":
        for mode in _STUDY_MODES:
            if k.startswith(mode) and len(k) > len(mode):
                rest = k[len(mode):].removesuffix("学历").removesuffix("毕业")
                if hit := table.get(rest):
                    return hit
        for suffix in ("学历", "毕业", "文化", "文化程度"):
            if k.endswith(suffix) and (hit := table.get(k[: -len(suffix)])):
                return hit
        if "、" in k:
            levels = [x for x in (_variants(category, part) or table.get(part) for part in k.split("、")) if x]
            if levels:
                return min(levels, key=_EDUCATION_RANK.get)
    return None


def canonical(category: str, raw: str) -> tuple[str | None, str | None, str | None]:
    """(stored value, reason, fix). Reason and fix are None when the value was recognised; the
    value is NONE ("") for a "none" word where none is allowed (无 in a certificate column)."""
    k = key(raw)
    found = LOOKUP[category].get(k)
    if found is not None:
        return found, None, None
    if category in NONE_ALLOWED and k in NONE_WORDS:
        return NONE, None, None
    found = _variants(category, k)
    if found is not None:
        return found, None, None
    choices = domain.values(category)
    shown = "、".join(choices) if len(choices) <= 14 else "、".join(choices[:12]) + " 等"
    ambiguous = AMBIGUOUS.get(category, {}).get(k)
    if ambiguous:
        return None, f"「{raw.strip()}」可能是{'或'.join(ambiguous)}，无法确定", f"请改为其中之一：{'、'.join(ambiguous)}"
    close = difflib.get_close_matches(k, list(LOOKUP[category]), n=1, cutoff=0.6)
    guess = f"；是否应为「{LOOKUP[category][close[0]]}」？" if close else ""
    return (None, f"「{raw.strip()}」不是可识别的取值",
            f"可填：{shown}{guess}；也可在“取值的对应关系”中指定它对应的值，并存入导入方案")


# --- 职务: kept as written; its category and the role category derived from it ---------------------

ROLE_BY_TITLE = {
    "书记兼主任": "社区正职", "书记": "社区正职", "主任": "社区正职",
    "副书记": "社区副职", "副主任": "社区副职",
    "两委委员": "一般社区工作者", "社区专职工作者": "一般社区工作者",
    "楼宇专职工作者": "楼宇专职工作者",
}  # fmt: skip
_COMMITTEE = ("委员", "两委成员", "居委会成员", "支委", "党委成员", "班子成员")
# Posts of general community workers (网格员, 专职社工, 文书 …).
_GENERAL = ("网格", "社工", "专职", "工作者", "专干", "文书", "会计", "出纳", "专员", "干事", "协管", "助理",
            "统计", "调解员", "信息员", "联络员", "工作人员", "社区工作", "业务员", "办事员", "服务员", "辅助")


def classify_title(text: str) -> str | None:
    """The post_title category of a 职务 as written, or None when it cannot be told:
    党委书记、居委会主任 → 书记兼主任; 居委会副主任 → 副主任; 网格员 → 社区专职工作者."""
    k = key(text)
    if not k:
        return None
    if (exact := LOOKUP["post_title"].get(k)) is not None:
        return exact
    bare = k.replace("书记助理", "").replace("主任助理", "")
    secretary = "书记" in bare.replace("副书记", "")
    director = "主任" in bare.replace("副主任", "")
    if secretary and director:
        return "书记兼主任"
    if secretary:
        return "书记"
    if director:
        return "主任"
    if "副书记" in bare:
        return "副书记"
    if "副主任" in bare:
        return "副主任"
    if "楼宇" in k:
        return "楼宇专职工作者"
    if any(w in k for w in _COMMITTEE):
        return "两委委员"
    if any(w in k for w in _GENERAL):
        return "社区专职工作者"
    return None
