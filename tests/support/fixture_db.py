"""A small database, built in code, whose every KPI can be computed by hand.

One district (370799 示范区) with two streets and four communities:

    370799001 东街道   370799001001 东园社区  population 2025: 4000, 2024: 3800
                       370799001002 西园社区  population 2025: 6000, 2024: 6200
    370799002 新街道   370799002001 新区社区  population 0 (a new area; one worker lives here)
                       370799002002 空白社区  population 2025: 2000, 2024: 1000; no other rows

The as-of date is 2025-06-30 (a quarter end), with a year earlier (2024-06-30) for 同比. The
edge cases: W01 turns 40 exactly on the as-of date; W09 was born on 29 February; W07 exits
before the as-of date; W01 is re-graded mid-year and W04 re-graded after the as-of date; X4 is a
wish never claimed; I5 and X6 are resolved / claimed after the as-of date; R5 leaves the
reserve pool in between the two dates. tests/metrics/test_catalogue.py has the hand arithmetic.

Schema version 6 adds three grids (网格), two under 东园社区 and one under 西园社区:

    370799001001001 东园一网格  party branch          W01 W09 workers; I2, X1, N1; households H1 H2
    370799001001002 东园二网格  no party branch       W02; I1, X6, N6; household H4
    370799001002001 西园一网格  party branch          W04 W07 (W07 has left); I4, X3, N3; household H3

and its edge cases: H3 (a 党员中心户) ended before the as-of date and H4 was designated on the
year-earlier date itself; N3 is matched after the as-of date (open on it); N4 is open and no
supply of its category (医疗健康) serves 新区社区 (needs_unserved); SP3 (托育照护 for 新区社区) has
no need of its category there in the last 12 months (supply_idle); SP4 ended before the as-of
date; placement 5 starts after the as-of date and R1 is placed twice (counted once); salon 4 is
held after the as-of date; rotation 4 is a non-deputy's (not counted) and W03 rotates twice; TR2
(a teaching site) closed before the as-of date; competency rounds 2024-06-15 and 2025-06-15 with
some scores below the threshold (W04's 60.0 sits on it, not below); secondment 1 (W11) is active
on the as-of date, 2 (W02) active on the year-earlier date and ended since, 3 (W03) started and
ended in between; assessment outcomes for 2024 and 2023; partners' recruitment channels.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cgw.domain import idcard
from cgw.storage import database

D = dt.date
AS_OF = D(2025, 6, 30)
YEAR_EARLIER = D(2024, 6, 30)
DISTRICT = "370799"
S1, S2 = "370799001", "370799002"
C11, C12 = "370799001001", "370799001002"
C21, C22 = "370799002001", "370799002002"
G111, G112, G121 = C11 + "001", C11 + "002", C12 + "001"  # grids (网格), version 6

REGIONS = [
    (DISTRICT, "示范区", "district", None),
    (S1, "东街道", "street", DISTRICT),
    (S2, "新街道", "street", DISTRICT),
    (C11, "东园社区", "community", S1),
    (C12, "西园社区", "community", S1),
    (C21, "新区社区", "community", S2),
    (C22, "空白社区", "community", S2),
]
GRIDS = [  # region, name, level, parent, party branch
    (G111, "东园一网格", "grid", C11, "东园一网格党支部"),
    (G112, "东园二网格", "grid", C11, None),  # no party branch yet
    (G121, "西园一网格", "grid", C12, "西园一网格党支部"),
]
POPULATION = [  # region, year, residents, households
    (C11, 2024, 3800, 1300), (C12, 2024, 6200, 2100), (C21, 2024, 0, 0), (C22, 2024, 1000, 400),
    (C11, 2025, 4000, 1400), (C12, 2025, 6000, 2050), (C21, 2025, 0, 0), (C22, 2025, 2000, 800),
]  # fmt: skip


def id_number(birth: dt.date, male: bool, serial: int, area: str = DISTRICT) -> str:
    """A valid GB 11643 number: area, birth date, a sequence whose parity gives the sex, check."""
    seq = (serial * 2 + (1 if male else 0)) % 1000
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_digit(first17)


# id, community, sex, birth, education, political status, role, post, level, source, hire, post_since,
# exit date, exit reason
_WORKERS = [
    ("W01", C11, "女", D(1985, 6, 30), "本科", "中共党员", "社区正职", "书记兼主任", 10, "选举", D(2010, 3, 1), D(2020, 1, 1), None, None),
    ("W02", C11, "男", D(1990, 1, 15), "大专", "群众", "一般社区工作者", "社区专职工作者", 5, "公开招聘", D(2023, 3, 1), D(2023, 3, 1), None, None),
    ("W03", C11, "女", D(1970, 12, 31), "中专·高中", "中共党员", "社区副职", "副主任", 8, "随缺随补", D(2005, 7, 1), D(2015, 1, 1), None, None),
    ("W04", C12, "女", D(1980, 7, 1), "本科", "中共党员", "社区正职", "书记", 12, "选举", D(2008, 9, 1), D(2023, 5, 1), None, None),
    ("W05", C12, "男", D(1998, 3, 10), "本科", "共青团员", "一般社区工作者", "社区专职工作者", 2, "公开招聘", D(2024, 9, 1), D(2024, 9, 1), None, None),
    ("W06", C12, "女", D(1995, 11, 20), "研究生", "中共预备党员", "楼宇专职工作者", "楼宇专职工作者", 3, "公开招聘", D(2025, 2, 1), D(2025, 2, 1), None, None),
    ("W07", C12, "男", D(1965, 4, 1), "初中及以下", "群众", "一般社区工作者", "社区专职工作者", 6, "其他", D(2000, 1, 1), D(2000, 1, 1), D(2025, 3, 31), "退休"),
    ("W08", C21, "男", D(1988, 8, 8), "大专", "中共党员", "社区正职", "书记兼主任", 9, "周转调剂", D(2015, 4, 1), D(2025, 2, 15), None, None),
    ("W09", C11, "女", D(2000, 2, 29), "本科", "共青团员", "一般社区工作者", "社区专职工作者", 1, "公开招聘", D(2024, 7, 15), D(2024, 7, 15), None, None),
    ("W10", C11, "男", D(1975, 5, 5), "大专", "中共党员", "社区副职", "副书记", 7, "选举", D(2012, 1, 1), D(2012, 1, 1), D(2024, 11, 30), "违反廉洁纪律"),
    ("W11", C12, "女", D(1992, 10, 10), "大专", "群众", "一般社区工作者", "社区专职工作者", 4, "公开招聘", D(2021, 8, 1), D(2021, 8, 1), None, None),
    ("W12", C11, "男", D(1993, 3, 3), "本科", "群众", "一般社区工作者", "社区专职工作者", 2, "公开招聘", D(2022, 5, 1), D(2022, 5, 1), D(2024, 3, 1), "个人辞职"),
]  # fmt: skip
_NAMES = ["李红", "王强", "张敏", "刘芳", "陈杰", "杨洋", "赵刚", "黄磊", "周婷", "吴军", "徐丽", "孙涛"]


def worker_rows() -> list[tuple]:
    from cgw import domain

    rows = []
    for i, (wid, comm, sex, birth, edu, pol, role, post, level, source, hire, since, exit_on, reason) in enumerate(_WORKERS):
        status = "在岗" if exit_on is None else domain.EXIT_STATUS_BY_REASON[reason]
        rows.append((wid, _NAMES[i], sex, id_number(birth, sex == "男", i + 1), birth, "汉族", pol, edu, comm, role,
                     post, level, source, hire, since, status, exit_on, reason, f"1380000{i:04d}"))
    return rows


CERTIFICATES = [
    ("W01", "社会工作师", D(2019, 5, 1)),
    ("W02", "助理社会工作师", D(2024, 10, 1)),  # after the year-earlier date
    ("W04", "社会工作师", D(2015, 6, 1)),
    ("W04", "高级社会工作师", D(2025, 8, 1)),  # after the as-of date: W04 counts at 社会工作师
    ("W06", "助理社会工作师", D(2025, 5, 1)),
]
SECRETARY_GRADES = [
    ("W01", 2024, "三等", D(2024, 1, 1)),
    ("W04", 2024, "二等", D(2024, 1, 1)),
    ("W01", 2025, "二等", D(2025, 1, 1)),
    ("W01", 2025, "一等", D(2025, 4, 1)),  # re-graded mid-year: 一等 from April
    ("W04", 2025, "三等", D(2025, 1, 1)),
    ("W04", 2025, "二等", D(2025, 9, 1)),  # re-graded after the as-of date: still 三等 on 30 June
]
# id, name, sex, birth, community, target post, entered, left
_RESERVE = [
    ("R1", "钱程", "男", D(1995, 1, 1), C11, "正职", D(2024, 1, 10), None),
    ("R2", "孔雪", "女", D(1992, 6, 15), C12, "副职", D(2024, 9, 1), None),
    ("R3", "严明", "男", D(1988, 3, 3), C12, "副职", D(2023, 5, 1), None),
    ("R4", "何静", "女", D(1999, 12, 31), C11, "两委成员", D(2025, 1, 20), None),
    ("R5", "吕博", "男", D(1996, 7, 7), C21, "两委成员", D(2023, 2, 1), D(2025, 3, 1)),
    ("R6", "施雨", "女", D(2000, 1, 1), C12, "两委成员", D(2025, 4, 1), None),
]  # fmt: skip


def reserve_rows() -> list[tuple]:
    return [
        (rid, name, sex, id_number(birth, sex == "男", 100 + i), birth, comm, None, post, entered,
         "在库" if left is None else "已使用", left)
        for i, (rid, name, sex, birth, comm, post, entered, left) in enumerate(_RESERVE)
    ]


TRAININGS = [  # id, worker, programme, date, hours, result
    (1, "W02", "适岗初任", D(2023, 3, 10), 40, "合格"),
    (2, "W01", "头雁领航", D(2025, 3, 15), 32, "优秀"),
    (3, "W04", "头雁领航", D(2025, 3, 15), 32, "合格"),
    (4, "W02", "社会工作者专题班", D(2025, 4, 20), 16, "合格"),
    (5, "W06", "适岗初任", D(2025, 2, 20), 40, "不合格"),
    (6, "W07", "现场教学", D(2025, 1, 10), 4, "合格"),  # W07 has left by the as-of date
    (7, "W02", "现场教学", D(2025, 5, 5), 4, "优秀"),
    (8, "W01", "头雁领航", D(2024, 4, 1), 32, "合格"),
    (9, "W10", "现场教学", D(2024, 5, 1), 4, "不合格"),
    (10, "W05", "青雁成长", D(2025, 6, 30), 24, "优秀"),  # on the as-of date itself
]
ASSESSMENTS = [  # worker, year, role, routine, annual, client, grade
    ("W01", 2024, "社区正职", 90, 95, 92, "优秀"),
    ("W02", 2024, "一般社区工作者", 80, 70, 90, "称职"),
    ("W03", 2024, "社区副职", 60, 50, 55, "不称职"),
    ("W10", 2024, "社区副职", 85, 80, 75, "称职"),
    ("W01", 2023, "社区正职", 80, 80, 80, "称职"),
    ("W03", 2023, "社区副职", 70, 70, 70, "基本称职"),
    ("W11", 2023, "一般社区工作者", 100, 90, 80, "优秀"),
]
PARTNERS = [  # id, name, type, subtype, joined, exited
    ("P1", "东园爱心超市", "市场主体", "爱心商铺", D(2024, 3, 1), None),
    ("P2", "区人社局", "机关单位", "职能部门", D(2023, 1, 1), None),
    ("P3", "银龄志愿服务队", "社会力量", "志愿服务队", D(2024, 8, 1), D(2025, 5, 31)),
    ("P4", "新区物业公司", "市场主体", "企业", D(2025, 1, 15), None),
    ("P5", "旧日协会", "社会力量", "行业协会", D(2022, 1, 1), D(2024, 1, 31)),
]
PARTNER_COMMUNITIES = [("P1", C11), ("P1", C12), ("P2", C11), ("P3", C12), ("P4", C21), ("P5", C11)]
W_RES, W_COM, W_IND = 0.4, 0.35, 0.25
EVALUATIONS = [  # partner, year, quarter, resident, community, industry, total, honour
    ("P1", 2025, 2, 90, 80, 70, 81.5, "星级服务商户"),  # 36 + 28 + 17.5
    ("P2", 2025, 2, 80, 90, 100, 88.5, "优秀幸福合伙人"),  # 32 + 31.5 + 25
    ("P3", 2025, 2, 60, 60, 60, 60.0, None),
    ("P1", 2025, 1, 80, 80, 80, 80.0, None),
    ("P2", 2025, 1, 80, 80, 80, 80.0, None),
    ("P1", 2024, 2, 70, 70, 70, 70.0, None),
    ("P2", 2024, 2, 90, 90, 90, 90.0, "优秀幸福合伙人"),
]
ISSUES = [  # id, community, category, source, raised, resolved, status, partner
    (1, C11, "环境卫生", "联席会议", D(2024, 2, 1), D(2024, 2, 11), "已解决", "P2"),
    (2, C11, "物业管理", "联席会议", D(2025, 1, 10), D(2025, 1, 30), "已解决", "P1"),
    (3, C12, "设施维修", "网格走访", D(2025, 2, 1), D(2025, 2, 6), "已解决", None),
    (4, C12, "养老服务", "联席会议", D(2025, 3, 1), None, "办理中", "P1"),
    (5, C21, "停车交通", "12345热线", D(2025, 5, 1), D(2025, 7, 10), "已解决", "P4"),  # resolved after as-of
    (6, C11, "其他", "联席会议", D(2023, 11, 20), D(2024, 1, 5), "已解决", "P2"),
    (7, C12, "矛盾纠纷", "联席会议", D(2022, 11, 1), D(2022, 12, 20), "已解决", None),
]
WISHES = [  # id, community, group, raised, claimed, fulfilled, partner, status
    (1, C11, "一老", D(2024, 3, 1), D(2024, 3, 5), D(2024, 3, 20), "P1", "已完成"),
    (2, C11, "一小", D(2024, 10, 1), D(2024, 10, 2), D(2025, 1, 15), "P2", "已完成"),
    (3, C12, "一困", D(2025, 2, 1), D(2025, 2, 10), None, "P1", "已认领"),
    (4, C12, "一老", D(2025, 4, 1), None, None, None, "待认领"),  # raised, never claimed
    (5, C21, "其他", D(2025, 6, 1), D(2025, 6, 5), D(2025, 6, 20), "P4", "已完成"),
    (6, C11, "一老", D(2025, 6, 25), D(2025, 7, 1), D(2025, 7, 5), "P2", "已完成"),  # claimed after as-of
]
ACCOUNTS = [("A1", C11, "居民甲", None, D(2024, 1, 1)), ("A2", C12, "居民乙", None, D(2024, 1, 1)),
            ("A3", C21, "居民丙", None, D(2025, 1, 1))]
LEDGER = [  # id, account, community, date, points, item
    (1, "A1", C11, D(2024, 3, 1), 20, "志愿服务"),
    (2, "A1", C11, D(2025, 2, 1), 10, "志愿服务"),
    (3, "A1", C11, D(2025, 3, 1), -20, "兑换生活用品"),
    (4, "A2", C12, D(2025, 4, 10), 15, "社区议事"),
    (5, "A2", C12, D(2025, 5, 10), -5, "兑换生活用品"),
    (6, "A3", C21, D(2025, 6, 30), 5, "志愿服务"),
    (7, "A2", C12, D(2024, 5, 1), 50, "志愿服务"),
    (8, "A2", C12, D(2024, 6, 15), -20, "兑换生活用品"),
]


# --- version 6 -------------------------------------------------------------------------------------

WORKER_GRIDS = {"W01": G111, "W09": G111, "W02": G112, "W04": G121, "W07": G121}  # the others: none
ISSUE_GRIDS = {1: G112, 2: G111, 4: G121}
WISH_GRIDS = {1: G111, 3: G121, 6: G112}
PARTNER_CHANNELS = {"P1": "线下挖掘", "P3": "线上招募", "P4": "线上招募"}  # P2, P5: not recorded
PARTY_HOUSEHOLDS = [  # id, grid, holder, phone, linked households, designated, ended
    ("H1", G111, "李大爷", None, 10, D(2024, 1, 1), None),
    ("H2", G111, "王阿姨", "13900000001", 20, D(2025, 3, 1), None),
    ("H3", G121, "张师傅", None, 30, D(2023, 5, 1), D(2025, 1, 31)),  # ended before the as-of date
    ("H4", G112, "赵老师", None, 6, D(2024, 6, 30), None),  # designated on the year-earlier date
]
SUPPLIES = [  # id, name, list, partner, provider, category, capacity, starts, ends
    ("SP1", "爱心助餐", "服务供给清单", "P1", "东园爱心超市", "助餐服务", 1000, D(2024, 1, 1), None),
    ("SP2", "法律咨询进社区", "社区服务清单", None, "区司法局", "法律咨询", 200, D(2024, 3, 1), None),
    ("SP3", "托育照护", "服务供给清单", "P4", "新区物业公司", "托育照护", 50, D(2025, 1, 1), None),  # idle
    ("SP4", "家政维修", "服务供给清单", "P3", "银龄志愿服务队", "家政维修", 300, D(2023, 6, 1), D(2025, 5, 31)),
]
SUPPLY_COMMUNITIES = [("SP1", C11), ("SP1", C12), ("SP2", C11), ("SP3", C21), ("SP4", C12)]
NEEDS = [  # id, community, grid, group, category, source, raised, matched, met, supply, status
    (1, C11, G111, "一老", "助餐服务", "网格走访", D(2025, 2, 1), D(2025, 2, 5), D(2025, 3, 1), "SP1", "已满足"),
    (2, C11, None, "一小", "法律咨询", "居民来访", D(2025, 3, 10), D(2025, 3, 20), None, "SP2", "已匹配"),
    (3, C12, G121, "一老", "助餐服务", "问卷调查", D(2025, 5, 1), D(2025, 7, 5), None, "SP1", "已匹配"),  # matched in July
    (4, C21, None, "一困", "医疗健康", "议事座谈", D(2025, 4, 15), None, None, None, "待匹配"),  # no supply serves it
    (5, C12, None, "其他", "家政维修", "线上征集", D(2024, 5, 1), D(2024, 5, 11), D(2024, 6, 1), "SP4", "已满足"),
    (6, C11, G112, "一老", "助餐服务", "网格走访", D(2025, 6, 10), None, None, None, "待匹配"),
]
STUDIOS = [  # id, name, community, leader, founded, closed
    ("ST1", "李红书记工作室", C11, "W01", D(2023, 1, 1), None),
    ("ST2", "刘芳书记工作室", C12, "W04", D(2024, 9, 1), None),
    ("ST3", "黄磊书记工作室", C21, "W08", D(2022, 1, 1), D(2024, 12, 31)),
]
PLACEMENTS = [  # id, candidate, worker, studio, host community, batch, started, ended
    (1, "R1", None, "ST1", C11, 1, D(2024, 3, 1), D(2024, 5, 31)),
    (2, "R1", None, "ST2", C12, 2, D(2024, 10, 1), D(2024, 12, 31)),  # R1 placed a second time
    (3, "R2", None, "ST1", C11, 2, D(2024, 10, 1), None),
    (4, None, "W05", "ST2", C12, 3, D(2025, 3, 1), None),
    (5, "R4", None, "ST1", C11, 4, D(2025, 8, 1), None),  # after the as-of date
]
SALONS = [  # id, title, region, held, attendance
    (1, "第一期：物业纠纷怎么调", DISTRICT, D(2024, 5, 20), 60),
    (2, "第二期：网格议事", S1, D(2024, 11, 15), 40),
    (3, "第三期：新区融合", S2, D(2025, 4, 10), 30),
    (4, "第四期：一老一小", DISTRICT, D(2025, 8, 1), 80),  # after the as-of date
]
ROTATIONS = [  # id, worker, kind, host community, host post, started, ended
    (1, "W03", "跨社区", C12, "副主任", D(2024, 3, 1), D(2024, 8, 31)),
    (2, "W03", "跨岗位", C11, "网格长", D(2025, 1, 10), None),  # W03 a second time
    (3, "W10", "跨社区", C21, "副书记", D(2024, 9, 1), D(2024, 10, 31)),
    (4, "W02", "跨岗位", C11, "网格员", D(2025, 2, 1), None),  # not a deputy
]
TRAINING_RESOURCES = [  # id, kind, name, region, members, established, ended
    ("TR1", "现场教学点", "东园社区教学点", C11, None, D(2024, 1, 1), None),
    ("TR2", "现场教学点", "新区社区教学点", C21, None, D(2023, 1, 1), D(2025, 3, 31)),  # closed
    ("TR3", "合作院校", "市委党校", DISTRICT, None, D(2023, 9, 1), None),
    ("TR4", "师资库", "实务专家库", DISTRICT, 25, D(2024, 9, 1), None),
    ("TR5", "师资库", "学者智库", DISTRICT, 12, D(2023, 6, 1), None),
    ("TR6", "特色课程", "网格治理实务", DISTRICT, None, D(2025, 2, 1), None),
    ("TR7", "精品专题", "物业管理专题", DISTRICT, None, D(2024, 5, 1), None),
]
COMPETENCY_SCORES = [  # worker, dimension, assessed, score (every threshold is 60)
    ("W01", "political", D(2024, 6, 15), 85.0),
    ("W01", "mass_work", D(2024, 6, 15), 70.0),
    ("W03", "political", D(2024, 6, 15), 55.0),  # below
    ("W03", "emergency", D(2024, 6, 15), 58.0),  # below
    ("W01", "political", D(2025, 6, 15), 90.0),
    ("W01", "digital", D(2025, 6, 15), 50.0),  # below
    ("W02", "mass_work", D(2025, 6, 15), 65.0),
    ("W02", "rule_of_law", D(2025, 6, 15), 59.5),  # below
    ("W04", "coordination", D(2025, 6, 15), 60.0),  # on the threshold: not below
]
SECONDMENTS = [  # id, worker, borrower, kind, started, ended
    (1, "W11", "区民政局", "区直部门", D(2025, 3, 1), None),  # active on the as-of date
    (2, "W02", "东街道办事处", "街道", D(2024, 2, 1), D(2024, 8, 31)),  # active on the year-earlier date
    (3, "W03", "区委组织部", "区直部门", D(2024, 9, 1), D(2024, 12, 31)),
]
ASSESSMENT_OUTCOMES = [  # worker, year, outcome, decided
    ("W01", 2024, "绩效工资", D(2025, 1, 20)),
    ("W01", 2024, "续聘", D(2025, 1, 20)),
    ("W02", 2024, "续聘", D(2025, 1, 20)),
    ("W03", 2024, "诫勉谈话", D(2025, 1, 20)),
    ("W03", 2024, "降职使用", D(2025, 2, 1)),
    ("W10", 2024, "解聘", D(2024, 12, 1)),
    ("W01", 2023, "续聘", D(2024, 1, 15)),
    ("W03", 2023, "续聘", D(2024, 1, 15)),
    ("W11", 2023, "续聘", D(2024, 1, 15)),
    ("W11", 2023, "诫勉谈话", D(2024, 1, 15)),
]

# The workers columns these rows fill, in order (post_title_text, since schema version 4, stays NULL).
WORKER_COLUMNS = ("worker_id", "name", "gender", "id_number", "birth_date", "ethnicity", "political_status",
                  "education", "community_id", "role_category", "post_title", "post_level", "source", "hire_date",
                  "post_since", "status", "exit_date", "exit_reason", "phone")
WORKER_INSERT = (f"INSERT INTO workers ({', '.join(WORKER_COLUMNS)}) VALUES ({', '.join('?' * len(WORKER_COLUMNS))})")


REGION_INSERT = "INSERT INTO regions (region_id, name, level, parent_id, party_branch) VALUES (?, ?, ?, ?, ?)"


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _insert_version_6(cur) -> None:
    """The rows of the tables schema version 6 added (the competency model is seeded by the schema)."""
    cur.executemany(_insert("party_households", ("household_id", "grid_id", "community_id", "holder_name", "phone",
                                                 "linked_households", "designated_on", "ended_on")),
                    [[h, g, g[:12], *rest] for h, g, *rest in PARTY_HOUSEHOLDS])
    cur.executemany(_insert("service_supplies", ("supply_id", "name", "list", "partner_id", "provider_name", "category",
                                                 "capacity", "starts_on", "ends_on")), [list(r) for r in SUPPLIES])
    cur.executemany("INSERT INTO supply_communities VALUES (?, ?)", [list(r) for r in SUPPLY_COMMUNITIES])
    cur.executemany(_insert("resident_needs", ("need_id", "community_id", "grid_id", "need_group", "category", "source",
                                               "raised_on", "matched_on", "met_on", "supply_id", "status")),
                    [list(r) for r in NEEDS])
    cur.executemany(_insert("studios", ("studio_id", "name", "community_id", "leader_id", "founded_on", "closed_on")),
                    [list(r) for r in STUDIOS])
    cur.executemany(_insert("shadow_placements", ("placement_id", "candidate_id", "worker_id", "studio_id",
                                                  "host_community_id", "batch", "started_on", "ended_on")),
                    [list(r) for r in PLACEMENTS])
    cur.executemany(_insert("salons", ("salon_id", "title", "region_id", "held_on", "attendance")),
                    [list(r) for r in SALONS])
    cur.executemany(_insert("rotations", ("rotation_id", "worker_id", "kind", "host_community_id", "host_post",
                                          "started_on", "ended_on")), [list(r) for r in ROTATIONS])
    cur.executemany(_insert("training_resources", ("resource_id", "kind", "name", "region_id", "members",
                                                   "established_on", "ended_on")), [list(r) for r in TRAINING_RESOURCES])
    cur.executemany(_insert("competency_scores", ("worker_id", "dimension_id", "assessed_on", "score")),
                    [list(r) for r in COMPETENCY_SCORES])
    cur.executemany(_insert("secondments", ("secondment_id", "worker_id", "borrower", "borrower_kind", "started_on",
                                            "ended_on")), [list(r) for r in SECONDMENTS])
    cur.executemany(_insert("assessment_outcomes", ("worker_id", "year", "outcome", "decided_on")),
                    [list(r) for r in ASSESSMENT_OUTCOMES])


def build(path: str | Path) -> Path | str:
    """Create the fixture database at `path` (a new file, or an empty PostgreSQL database's URL) and
    close it."""
    path = database.as_target(path)
    con = database.open_database(path)
    try:
        with database.transaction(con) as cur:
            for row in REGIONS:
                cur.execute(REGION_INSERT, [*row, None])
            for row in GRIDS:
                cur.execute(REGION_INSERT, list(row))
            cur.executemany("INSERT INTO region_population VALUES (?, ?, ?, ?)", [list(r) for r in POPULATION])
            cur.executemany(_insert("workers", (*WORKER_COLUMNS, "grid_id")),
                            [[*r, WORKER_GRIDS.get(r[0])] for r in worker_rows()])
            cur.executemany("INSERT INTO certificates VALUES (?, ?, ?)", [list(r) for r in CERTIFICATES])
            cur.executemany("INSERT INTO secretary_grades VALUES (?, ?, ?, ?)", [list(r) for r in SECRETARY_GRADES])
            cur.executemany("INSERT INTO reserve_candidates VALUES (" + ", ".join("?" * 11) + ")",
                            [list(r) for r in reserve_rows()])
            cur.executemany("INSERT INTO trainings VALUES (?, ?, ?, ?, ?, ?)", [list(r) for r in TRAININGS])
            cur.executemany("INSERT INTO assessments VALUES (?, ?, ?, ?, ?, ?, ?)", [list(r) for r in ASSESSMENTS])
            cur.executemany(_insert("partners", ("partner_id", "name", "type", "subtype", "joined_on", "exited_on",
                                                 "recruitment_channel")),
                            [[*r, PARTNER_CHANNELS.get(r[0])] for r in PARTNERS])
            cur.executemany("INSERT INTO partner_communities VALUES (?, ?)", [list(r) for r in PARTNER_COMMUNITIES])
            cur.executemany(
                "INSERT INTO partner_evaluations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[p, y, q, r, c, i, W_RES, W_COM, W_IND, t, h] for p, y, q, r, c, i, t, h in EVALUATIONS],
            )
            cur.executemany(_insert("livelihood_issues", ("issue_id", "community_id", "category", "source", "raised_on",
                                                          "resolved_on", "status", "partner_id", "grid_id")),
                            [[*r, ISSUE_GRIDS.get(r[0])] for r in ISSUES])
            cur.executemany(_insert("wishes", ("wish_id", "community_id", "wish_group", "raised_on", "claimed_on",
                                               "fulfilled_on", "partner_id", "status", "grid_id")),
                            [[*r, WISH_GRIDS.get(r[0])] for r in WISHES])
            cur.executemany("INSERT INTO point_accounts VALUES (?, ?, ?, ?, ?)", [list(r) for r in ACCOUNTS])
            cur.executemany("INSERT INTO points_ledger VALUES (?, ?, ?, ?, ?, ?)", [list(r) for r in LEDGER])
            _insert_version_6(cur)
            cur.executemany("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)",
                            [["dataset_name", "fixture"], ["as_of", AS_OF.isoformat()], ["root_region", DISTRICT]])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path
