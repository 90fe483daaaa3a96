"""Pools of realistic Chinese names, made once per seed by Faker zh_CN.

Faker is slow per call (~3,000 rows/s), so it fills pools of a few thousand values and numpy
draws the volume from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from faker import Faker

COMMUNITY_WORDS = (
    "幸福", "和平", "东风", "胜利", "新华", "文化", "樱园", "梨园", "鸢飞", "福寿", "广文", "东关", "北苑", "清池",
    "健康", "民主", "友谊", "光明", "春晖", "阳光", "锦绣", "金桥", "南苑", "西苑", "翠园", "康乐", "和谐", "育才",
    "东方", "新城", "滨河", "丽景", "怡园", "华苑", "书香", "泰和", "长安", "平安", "惠民", "永安", "建设", "钢城",
    "银河", "星河", "玉泉", "紫荆", "梧桐", "槐荫", "杏林", "桃园", "凤凰", "龙泉", "金城", "宝通", "月河", "虞河",
    "白浪", "潍州", "通亭", "苇湾", "景苑", "御园", "尚城", "盛世",
)  # fmt: skip
STREET_WORDS = (
    "大虞", "梨园", "廿里堡", "潍州路", "北苑", "广文", "东关", "清池", "城关", "新华", "解放", "人民", "中山",
    "文昌", "凤凰", "龙山", "泰山路", "建设路", "长江路", "黄河路", "和平路", "胜利", "东城", "西城", "南关", "北关",
    "开发区", "高新", "滨河", "湖滨", "府前", "站前", "工业园", "临港", "金山", "银山", "青云", "白云", "朝阳", "阳光",
)  # fmt: skip
DISTRICT_WORDS = (
    "历下", "市中", "槐荫", "天桥", "历城", "长清", "章丘", "济阳", "莱芜", "钢城", "平阴", "商河", "市南", "市北",
    "黄岛", "崂山", "李沧", "城阳", "即墨", "胶州", "平度", "莱西", "淄川", "张店", "博山", "临淄", "周村", "桓台",
    "高青", "沂源", "薛城", "峄城", "台儿庄", "山亭", "滕州", "东营", "河口", "垦利", "利津", "广饶", "芝罘", "福山",
    "牟平", "莱山", "蓬莱", "龙口", "莱阳", "莱州", "招远", "栖霞", "海阳", "潍城", "寒亭", "坊子", "奎文", "青州",
    "诸城", "寿光", "安丘", "高密", "昌邑", "临朐", "昌乐", "任城", "兖州", "微山", "鱼台", "金乡", "嘉祥", "汶上",
    "泗水", "梁山", "曲阜", "邹城", "泰山", "岱岳", "宁阳", "东平", "新泰", "肥城", "环翠", "文登", "荣成", "乳山",
    "东港", "岚山", "五莲", "莒县", "兰山", "罗庄", "河东", "沂南", "郯城", "沂水", "兰陵", "费县", "平邑", "莒南",
    "蒙阴", "临沭", "德城", "陵城", "宁津", "庆云", "临邑", "齐河", "平原", "夏津", "武城", "乐陵", "禹城", "东昌府",
    "茌平", "阳谷", "莘县", "东阿", "冠县", "高唐", "临清", "滨城", "沾化", "惠民", "阳信", "无棣", "博兴", "邹平",
    "牡丹", "定陶", "曹县", "单县", "成武", "巨野", "郓城", "鄄城", "东明",
)  # fmt: skip
SHANDONG_CITIES = (
    ("3701", "济南市"), ("3702", "青岛市"), ("3703", "淄博市"), ("3704", "枣庄市"), ("3705", "东营市"),
    ("3706", "烟台市"), ("3707", "潍坊市"), ("3708", "济宁市"), ("3709", "泰安市"), ("3710", "威海市"),
    ("3711", "日照市"), ("3713", "临沂市"), ("3714", "德州市"), ("3715", "聊城市"), ("3716", "滨州市"),
    ("3717", "菏泽市"),
)  # fmt: skip
KUIWEN_STREETS = ("大虞街道", "梨园街道", "廿里堡街道", "潍州路街道", "北苑街道", "广文街道", "东关街道", "清池街道")
HONGTONG_TOWNS = ("大槐树镇", "甘亭镇", "赵城镇", "曲亭镇", "苏堡镇", "广胜寺镇", "明姜镇", "万安镇", "刘家垣镇")
GOVERNMENT_UNITS = (
    "人社局", "教育局", "卫健局", "行政审批服务管理局", "民政局", "司法局", "市场监管局", "税务局", "住建局", "城管局",
    "公安分局", "团委", "妇联", "总工会", "残联", "文旅局", "医保局", "退役军人事务局", "供电公司", "自来水公司",
    "中心医院", "人民法院", "检察院", "消防救援大队", "农业银行支行", "邮政分公司",
)  # fmt: skip
SHOP_KINDS = ("超市", "药店", "理发店", "便民餐厅", "家政服务部", "维修部", "书店", "眼镜店", "粮油店", "快递驿站")
SOCIAL_KINDS = {
    "行业协会": ("老年书画家协会", "个体劳动者协会", "物业管理协会", "律师协会", "餐饮行业协会", "家政服务协会"),
    "人才工作室": ("心理咨询工作室", "法律援助工作室", "非遗传承工作室", "社工服务工作室", "调解工作室"),
    "志愿服务队": ("志愿服务队", "银发志愿服务队", "红马甲志愿服务队", "青年志愿服务队", "巾帼志愿服务队"),
}
POINT_EARN_ITEMS = ("志愿服务", "环境整治", "议事协商", "邻里互助", "垃圾分类", "文明劝导", "治安巡逻", "关爱帮扶")
POINT_REDEEM_ITEMS = ("大米", "食用油", "洗衣液", "毛巾", "牙膏", "鸡蛋", "理发服务", "家电维修券", "“幸福家园之星”参评")


@dataclass
class Pools:
    male_names: np.ndarray
    female_names: np.ndarray
    companies: np.ndarray
    person_names: np.ndarray  # for individual partners and account holders


def make_pools(seed: int, size: int = 3000) -> Pools:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    male = np.array(sorted({fake.name_male() for _ in range(size)}))
    female = np.array(sorted({fake.name_female() for _ in range(size)}))
    companies = np.array(sorted({fake.company() for _ in range(size // 3)}))
    return Pools(male, female, companies, np.unique(np.concatenate([male, female])))


def draw(rng: np.random.Generator, pool: np.ndarray | tuple, n: int, p=None) -> np.ndarray:
    arr = np.asarray(pool)
    return arr[rng.choice(len(arr), size=n, p=p)]


def categorical(rng: np.random.Generator, pool: np.ndarray | tuple, n: int, p=None) -> pd.Categorical:
    """Like draw, but as a pandas Categorical: millions of rows without millions of strings."""
    return pd.Categorical.from_codes(rng.choice(len(pool), size=n, p=p), categories=list(pool))
