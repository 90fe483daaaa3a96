"""cgw.ingest.importer.vocab: the built-in variants (全日制/在职 prefixes, qualifiers in brackets,
several levels in one cell, certificate grades, "none" words) and 职务 categories."""

from __future__ import annotations

import pytest

from cgw.ingest.importer import vocab


@pytest.mark.parametrize(("category", "raw", "stored"), [
    ("education", "全日制本科", "本科"), ("education", "在职研究生", "研究生"), ("education", "研究生（硕士）", "研究生"),
    ("education", "大学（本科）", "本科"), ("education", "函授大专", "大专"), ("education", "全日制大专，在职本科", "本科"),
    ("education", "中专/高中", "中专·高中"), ("education", "本科学历", "本科"),
    ("political_status", "中共党员（预备）", "中共预备党员"), ("political_status", "预备党员", "中共预备党员"),
    ("political_status", "党员", "中共党员"), ("political_status", "团员", "共青团员"),
    ("certificate_level", "初级", "助理社会工作师"), ("certificate_level", "中级", "社会工作师"),
    ("certificate_level", "高级", "高级社会工作师"), ("certificate_level", "无", vocab.NONE),
    ("partner_honour", "无", vocab.NONE), ("hire_source", "招考", "公开招聘"),
])  # fmt: skip
def test_built_in_variants(category, raw, stored):
    assert vocab.canonical(category, raw) == (stored, None, None)


def test_unclear_values_are_not_guessed():
    assert vocab.canonical("education", "大学")[0] is None  # 本科 or 大专?
    assert vocab.canonical("political_status", "无")[0] is None  # 群众 or 无党派人士?
    value, reason, fix = vocab.canonical("education", "本科在读")
    assert value is None and "不是可识别的取值" in reason


@pytest.mark.parametrize(("title", "category"), [
    ("党委书记、居委会主任", "书记兼主任"), ("社区党支部书记兼居委会主任", "书记兼主任"), ("党委书记", "书记"),
    ("居委会主任", "主任"), ("党委副书记", "副书记"), ("居委会副主任", "副主任"), ("居委会委员", "两委委员"),
    ("网格员", "社区专职工作者"), ("专职社工", "社区专职工作者"), ("书记助理", "社区专职工作者"),
    ("楼宇专员", "楼宇专职工作者"), ("保洁员", None),
])  # fmt: skip
def test_titles_as_written_have_a_category(title, category):
    assert vocab.classify_title(title) == category
    if category:
        assert vocab.ROLE_BY_TITLE[category]
