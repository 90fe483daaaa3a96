"""One colour per category value, everywhere: every chart takes its colours from `colour()`.

Ordered or judged categories (grades, education, status) get hand-picked colours that carry
meaning (green = good, red = bad, blues for ordered levels); the rest are assigned once from a
qualitative palette, never repeating a colour within one dimension.
"""

from __future__ import annotations

from metrics.models import DIMENSIONS

PRIMARY = "#3A6EA5"  # a region's bar
LAGGING = "#D1495B"  # a region below its benchmark
TARGET = "#7F7F7F"  # benchmark and target lines
WHOLE = "#9AA3B2"  # the whole region's level, a second reference line
GOOD = "#2E9E5B"  # a value that meets its benchmark
GREY = "#B0ABA6"

_QUALITATIVE = (
    "#4C78A8", "#F58518", "#54A24B", "#B279A2", "#72B7B2", "#EECA3B", "#9D755D", "#FF9DA6",
    "#2F4B7C", "#A05195", "#665191", "#D45087", "#FFA600", "#003F5C", "#7A9E3B", "#E377C2",
)  # fmt: skip

_FIXED: dict[str, str] = {
    # shared "nothing / other" values
    "其他": GREY, "无": GREY, "未评定": GREY, "未持证": GREY,
    "男": "#4C78A8", "女": "#F58518",
    # judgements: green good → red bad
    "优秀": "#2E9E5B", "称职": "#4C78A8", "合格": "#4C78A8", "基本称职": "#EECA3B",
    "不称职": "#D62728", "不合格": "#D62728",
    "一等": "#C49A0A", "二等": "#4C78A8", "三等": "#72B7B2",
    # ordered levels: darker is higher
    "研究生": "#08519C", "本科": "#3182BD", "大专": "#6BAED6", "中专·高中": "#FDAE6B", "初中及以下": "#E6550D",
    "助理社会工作师": "#9ECAE1", "社会工作师": "#4292C6", "高级社会工作师": "#08519C",
    "30岁以下": "#C6DBEF", "30-39岁": "#6BAED6", "40-49岁": "#2171B5", "50岁及以上": "#08306B",
    "中共党员": "#C8102E", "中共预备党员": "#F28E8E", "共青团员": "#2B7BB9", "群众": GREY,
    "90后": "#F58518",
    "正常退出": "#4C78A8", "负面清单退出": "#D62728",
    # partner types, subtypes in shades of their type
    "机关单位": "#4C78A8", "职能部门": "#4C78A8", "驻区单位": "#9ECAE9",
    "市场主体": "#F58518", "企业": "#F58518", "爱心商铺": "#FFBF79",
    "社会力量": "#54A24B", "行业协会": "#2F7D32", "人才工作室": "#54A24B", "志愿服务队": "#88D27A",
    "个人": "#B5D99C",
    # progress states: grey waiting, amber under way, green done
    "待办理": "#E45756", "办理中": "#EECA3B", "已解决": "#54A24B",
    "待认领": GREY, "已认领": "#EECA3B", "已完成": "#54A24B",
    "在岗": "#54A24B", "调离": "#4C78A8", "退出": "#E45756", "退休": GREY,
    "获得": "#54A24B", "兑换": "#F58518",
    "一老": "#9D755D", "一小": "#4C78A8", "一困": "#B279A2",
    # 考核结果运用: green kept on, blue paid by results, amber to red held to account
    "续聘": "#54A24B", "绩效工资": "#4C78A8", "诫勉谈话": "#EECA3B", "降职使用": "#F58518", "责令辞职": "#E45756",
    "解聘": "#B2182B",
    "跨岗位": "#4C78A8", "跨社区": "#F58518",
}  # fmt: skip

# Series that are metrics rather than category values (funnels, earned vs redeemed).
METRIC_COLOURS: dict[str, str] = {
    "issues_raised": "#9ECAE9", "issues_resolved": "#B279A2",
    "wishes_raised": "#9ECAE9", "wishes_claimed": "#EECA3B", "wishes_fulfilled": "#54A24B",
    "points_earned": "#54A24B", "points_redeemed": "#F58518",
    "needs_registered": "#9ECAE9", "needs_matched": "#EECA3B", "needs_met": "#54A24B",
}  # fmt: skip


def _build() -> dict[str, str]:
    out = dict(_FIXED)
    for dim in DIMENSIONS.values():
        if not dim.order:
            continue
        taken = {out[v] for v in dim.order if v in out}
        free = [c for c in _QUALITATIVE if c not in taken]
        for value in dim.order:
            if value not in out:
                out[value] = free.pop(0) if free else GREY
    return out


COLOURS: dict[str, str] = _build()


def colour(value: str) -> str:
    """The colour of a category value (stored Chinese value); unknown values are grey."""
    return COLOURS.get(value, GREY)
