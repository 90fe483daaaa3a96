"""Cell values → stored values, for the kinds converted once per distinct value (dates, numbers,
categories, region and partner references). Each converter returns a Converted: the value as
text (cast by SQL afterwards) or a Chinese reason and a suggested fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cgw.ingest.importer import vocab

# Prefix marking a spreadsheet cell that held a number (not text); see reading.py.
NUMBER_CELL = "\ue000"
# Prefix of a formula cell without a stored result (reading.FORMULA_CELL), followed by the formula.
FORMULA_CELL = "\ue001"
# Excel's error values: a cell showing one holds no value.
ERROR_VALUES = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#N/A!")
FORMULA_FIX = "在 Excel/WPS 中打开文件、按 F9 重新计算后保存再导入，或把公式所在列「选择性粘贴为数值」"

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Converted:
    value: str | None = None
    reason: str | None = None
    fix: str | None = None
    precision: str | None = None  # dates: "day" or "month"


EMPTY = Converted()


def cell_problem(raw: str) -> Converted | None:
    """A formula without a result or an Excel error value (#N/A …): not a value of any kind."""
    if raw.startswith(FORMULA_CELL):
        return Converted(reason=f"公式没有计算结果（{raw[len(FORMULA_CELL):][:40]}）：文件由程序生成，从未在 Excel 中计算过",
                         fix=FORMULA_FIX)
    text = raw.strip()
    if text.upper() in ERROR_VALUES:
        return Converted(reason=f"单元格是 Excel 的错误值 {text}（公式出错），没有实际内容",
                         fix="在 Excel 中修正公式或改填实际值；不要用 #N/A 表示空缺，留空即可")
    return None


def clean(raw: str) -> tuple[str, bool]:
    """(normalised text, came from a number cell)."""
    from_number = raw.startswith(NUMBER_CELL)
    text = vocab.nfkc(raw.replace(NUMBER_CELL, ""))
    text = re.sub(r"[\s\u3000\u00a0\u200b\ufeff]+", " ", text).strip()
    return text, from_number


# --- dates ------------------------------------------------------------------------------------

_YMD = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")
_YM = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})")
_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*(?:月\s*(?:(\d{1,2})\s*[日号]?)?)?")
_D8 = re.compile(r"(\d{4})(\d{2})(\d{2})")
_D6 = re.compile(r"(\d{4})(\d{2})")
_SERIAL = re.compile(r"(\d{5})(?:\.0+)?")
_DMY = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_SHORT_YEAR = re.compile(r"\d{2}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?")
_DATE_FIX = "写成 1985-03-01、1985/3/1、1985.03 或 1985年3月1日"


def _make(y: int, m: int, d: int | None, text: str) -> Converted:
    if not 1 <= m <= 12:
        return Converted(reason=f"「{text}」中的月份 {m} 不存在", fix=_DATE_FIX)
    try:
        value = dt.date(y, m, d or 1)
    except ValueError:
        return Converted(reason=f"日期「{text}」不存在（{m}月没有{d}日）", fix="核对日期")
    if not MIN_DATE <= value <= MAX_DATE:
        return Converted(reason=f"日期「{text}」不在 1900–2100 年之间", fix="核对年份")
    return Converted(value.isoformat(), precision="day" if d else "month")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(raw: str) -> Converted:
    if len(raw) == 10 and _ISO_DATE.fullmatch(raw):  # the usual form: the same result, sooner
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            value = None
        if value is not None and MIN_DATE <= value <= MAX_DATE:
            return Converted(raw, precision="day")
    text, from_number = clean(raw)
    if not text:
        return EMPTY
    if from_number and re.fullmatch(r"\d{4}\.1", text):
        return Converted(
            reason=f"数字单元格中的 {text} 有歧义：可能是{text[:4]}年1月，也可能是{text[:4]}年10月（Excel 会去掉末尾的 0）",
            fix=f"把单元格设为文本后写成 {text[:4]}.01 或 {text[:4]}.10",
        )
    if m := _YMD.fullmatch(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if m[4] is not None and (int(m[4]), int(m[5]), int(m[6] or 0)) != (0, 0, 0):
            return Converted(reason=f"「{text}」带有时刻", fix="只填日期，如 " + text.split()[0].split("T")[0])
        return _make(y, mo, d, text)
    if m := _CN.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]) if m[3] else None, text)
    if m := _YM.fullmatch(text):
        return _make(int(m[1]), int(m[2]), None, text)
    if m := _D8.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _D6.fullmatch(text):
        return _make(int(m[1]), int(m[2]), None, text)
    if m := _SERIAL.fullmatch(text):
        n = int(m[1])
        value = EXCEL_EPOCH + dt.timedelta(days=n)
        if not MIN_DATE <= value <= MAX_DATE:
            return Converted(reason=f"「{text}」按 Excel 日期序号换算不在 1900–2100 年之间", fix=_DATE_FIX)
        return Converted(value.isoformat(), precision="day")
    if re.fullmatch(r"\d{4}(?:年|\.0)?", text):
        return Converted(reason=f"「{text}」只有年份，缺少月份", fix=f"写成 {text[:4]}-01 或完整日期")
    if _DMY.fullmatch(text):
        return Converted(reason=f"「{text}」的日、月顺序无法确定", fix="年份写在前面，" + _DATE_FIX)
    if _SHORT_YEAR.fullmatch(text):
        return Converted(reason=f"「{text}」的年份只有两位，无法确定世纪", fix="写四位年份，" + _DATE_FIX)
    return Converted(reason=f"无法识别的日期「{text}」", fix=_DATE_FIX)


# --- numbers ----------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+")


def _number(text: str, unit: str) -> Decimal | None:
    t = text.replace("\u2212", "-").replace(" ", "")
    if unit and t.endswith(unit):
        t = t[: -len(unit)]
    if _GROUPED.fullmatch(t):
        t = t.replace(",", "")
    if not _NUMBER.fullmatch(t):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _range_text(lo, hi, lo_open) -> str:
    return f"大于 {lo:g} 且不超过 {hi:g}" if lo_open else f"在 {lo:g}–{hi:g} 之间"


def parse_int(raw: str, lo: float | None, hi: float | None, unit: str = "") -> Converted:
    text, _ = clean(raw)
    if not text:
        return EMPTY
    n = _number(text, unit)
    if n is None:
        if _SCIENTIFIC.fullmatch(text):
            return Converted(reason=f"「{text}」是科学计数法，数字可能已被 Excel 改动", fix="把单元格设为文本或数值后重新填写")
        return Converted(reason=f"「{text}」不是整数", fix="只填数字" + (f"，如 12{unit}" if unit else ""))
    if n != n.to_integral_value():
        return Converted(reason=f"「{text}」不是整数", fix="去掉小数部分")
    value = int(n)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return Converted(reason=f"{value} 超出范围：应{_range_text(lo, hi, False)}", fix="核对数值")
    return Converted(str(value))


def parse_decimal(raw: str, lo: float, hi: float, scale: int, lo_open=False, percent=False, unit="") -> Converted:
    text, _ = clean(raw)
    if not text:
        return EMPTY
    t = text
    is_percent = percent and t.endswith("%")
    if is_percent:
        t = t[:-1]
    n = _number(t, unit)
    if n is None:
        return Converted(reason=f"「{text}」不是数字", fix="只填数字，如 86.5")
    if is_percent:
        n = n / 100
    n = n.normalize() if n != 0 else Decimal(0)
    decimals = max(0, -n.as_tuple().exponent)
    if decimals > scale:
        return Converted(reason=f"「{text}」的小数超过 {scale} 位", fix=f"保留 {scale} 位小数")
    if n < Decimal(str(lo)) or n > Decimal(str(hi)) or (lo_open and n == Decimal(str(lo))):
        return Converted(reason=f"{text} 超出范围：应{_range_text(lo, hi, lo_open)}", fix="核对数值")
    return Converted(format(n, "f"))


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def parse_quarter(raw: str) -> Converted:
    text, _ = clean(raw)
    if not text:
        return EMPTY
    t = text.upper().replace(" ", "")
    m = re.fullmatch(r"(?:\d{4}年?)?(?:第)?([1-4一二三四])(?:季度|季)?|(?:\d{4})?Q([1-4])", t)
    if m:
        return Converted(str(_CN_DIGITS[m[1] or m[2]]))
    return Converted(reason=f"「{text}」不是季度", fix="填 1–4，或 一季度、第二季度、Q3")


# --- yes / no -----------------------------------------------------------------------------------

_YES = {"是", "有", "已持证", "持证", "已取得", "取得", "y", "yes", "true", "1", "√", "✓", "✔"}
_NO = {"否", "无", "未持证", "没有", "未取得", "n", "no", "false", "0", "×", "✗", "/", "-", "—", "——"}


def parse_flag(raw: str) -> Converted:
    text, _ = clean(raw)
    if not text:
        return EMPTY
    k = vocab.key(text)
    if k in _YES:
        return Converted("是")
    if k in _NO:
        return Converted("否")
    return Converted(reason=f"「{text}」不是“是/否”", fix="填“是”或“否”")


# --- categories -------------------------------------------------------------------------------


def parse_category(raw: str, category: str) -> Converted:
    text, _ = clean(raw)
    if not text:
        return EMPTY
    value, reason, fix = vocab.canonical(category, text)
    if value == vocab.NONE:  # 无 in a certificate or honour column: nothing to store
        return EMPTY
    return Converted(value) if value is not None else Converted(reason=reason, fix=fix)


# --- region and partner references --------------------------------------------------------------

LEVEL_ZH = {"province": "省", "city": "市", "district": "区县", "street": "街道/乡镇", "community": "社区", "grid": "网格"}
_PATH_SPLIT = re.compile(r"\s*[/\\>＞›·\-—|]\s*")
_COMMUNITY_SUFFIXES = ("社区居民委员会", "居民委员会", "社区居委会", "居委会", "村民委员会", "村委会")


def _bare(name: str) -> str:
    """A region's name without the words every name of its level ends with (社区, 街道 …)."""
    for suffix in ("社区居民委员会", "居民委员会", "社区居委会", "居委会", "社区", "村民委员会", "村委会", "村",
                   "街道办事处", "街道", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class RegionIndex:
    """Regions by code and by name, for references written either way."""

    def __init__(self, rows: list[tuple[str, str, str, str | None]]):
        self.by_id = {r[0]: r for r in rows}
        self._parents: list | None = None
        self.by_name: dict[str, list[tuple]] = {}
        for r in rows:
            self.by_name.setdefault(vocab.nfkc(r[1]).replace(" ", ""), []).append(r)

    def parent_names(self) -> list[tuple[str, list[tuple]]]:
        """Names of regions that have children (streets, districts), longest first."""
        if self._parents is None:
            parents = {r[3] for r in self.by_id.values() if r[3]}
            names: dict[str, list[tuple]] = {}
            for pid in parents:
                if pid in self.by_id:
                    r = self.by_id[pid]
                    names.setdefault(vocab.nfkc(r[1]).replace(" ", ""), []).append(r)
            self._parents = sorted(names.items(), key=lambda kv: -len(kv[0]))
        return self._parents

    def add(self, rows: list[tuple[str, str, str, str | None]]) -> None:
        for r in rows:
            if r[0] not in self.by_id:
                self._parents = None
                self.by_id[r[0]] = r
                self.by_name.setdefault(vocab.nfkc(r[1]).replace(" ", ""), []).append(r)

    def _named(self, name: str, level: str | None) -> list[tuple]:
        found = [r for r in self.by_name.get(name, []) if level is None or r[2] == level]
        if found or level not in ("community", "grid"):
            return found
        if level == "grid":  # 第一网格 and 第一 name the same grid
            base = name.removesuffix("网格") if len(name) > 2 else name
            variants = {base, base + "网格"}
            return [r for v in variants if v != name for r in self.by_name.get(v, []) if r[2] == level]
        base = name
        for suffix in _COMMUNITY_SUFFIXES:
            if base.endswith(suffix) and len(base) > len(suffix):
                base = base[: -len(suffix)]
                break
        variants = {base, base + "社区", base + "村"}
        return [r for v in variants if v != name for r in self.by_name.get(v, []) if r[2] == level]

    def resolve(self, raw: str, level: str | None = None) -> Converted:
        text, _ = clean(raw)
        if not text:
            return EMPTY
        want = LEVEL_ZH.get(level or "", "区划")
        code = text.replace(" ", "")
        if re.fullmatch(r"\d+(?:\.0+)?", code):
            code = code.split(".")[0]
            row = self.by_id.get(code)
            if row is None:
                return Converted(reason=f"区划代码 {code} 不存在", fix="核对代码，或先导入区划表")
            if level and row[2] != level:
                return Converted(
                    reason=f"{code}（{row[1]}）是{LEVEL_ZH.get(row[2], row[2])}，不是{want}",
                    fix=f"填写{want}的名称或代码",
                )
            return Converted(code)
        found = self._find(text, level)
        if not found and level:
            other = self._named(text.replace(" ", ""), None)
            if other:
                kinds = "、".join(sorted({LEVEL_ZH.get(r[2], r[2]) for r in other}))
                return Converted(reason=f"「{text}」是{kinds}，不是{want}", fix=f"填写{want}的名称或代码")
        if len(found) == 1:
            return Converted(found[0][0])
        if len(found) > 1:
            parents = "、".join(
                sorted({self.by_id[r[3]][1] if r[3] in self.by_id else (r[3] or "") for r in found})
            )
            return Converted(
                reason=f"有 {len(found)} 个{want}名为「{text}」（分属 {parents}）",
                fix=f"填写{want}代码，或写成「上级名称/{text}」，或在文件中加上“所属街道”列",
            )
        return Converted(reason=f"找不到{want}「{text}」", fix=f"核对名称，或填写{want}代码；必要时先导入区划表")

    def _find(self, text: str, level: str | None) -> list[tuple]:
        """Regions named `text`: by name, as "上级/名称", or as "上级名称名称" (大虞街道幸福社区)."""
        name = text.replace(" ", "")
        found = self._named(name, level)
        if not found:
            parts = [p for p in _PATH_SPLIT.split(text) if p]
            if len(parts) >= 2:
                parents = self._named(parts[-2].replace(" ", ""), None)
                found = [r for r in self._named(parts[-1].replace(" ", ""), level)
                         if any(r[0].startswith(p[0]) for p in parents)]  # fmt: skip
        if not found:
            for pname, prow in self.parent_names():
                if name.startswith(pname) and len(name) > len(pname):
                    cand = [r for r in self._named(name[len(pname):], level) if any(r[0].startswith(p[0]) for p in prow)]
                    if cand:
                        found = cand
                        break
        return found

    def streets(self, raw: str) -> list[tuple]:
        """Streets (towns) a street cell names: by 9-digit code, by name, or by a name with its
        district in front or 办事处 after; [] when there is none."""
        text, _ = clean(raw)
        code = text.replace(" ", "")
        if re.fullmatch(r"\d{9}(?:\.0+)?", code):
            row = self.by_id.get(code[:9])
            return [row] if row and row[2] == "street" else []
        name = code.removesuffix("办事处")
        found = self._find(name, "street")
        if not found and not name.endswith(("街道", "镇", "乡")):
            found = self._named(name + "街道", "street")
        return found

    def check_street(self, raw: str) -> Converted:
        """The street column's own check: the street must exist (which of several namesakes is
        meant is settled with the community)."""
        text, _ = clean(raw)
        if not text:
            return EMPTY
        if self.streets(text):
            return Converted(text)
        names = {_bare(vocab.nfkc(r[1])): r[1] for r in self.by_id.values() if r[2] == "street"}
        close = difflib.get_close_matches(_bare(text), list(names), n=3, cutoff=0.5)
        hint = f"：您是否指{'、'.join(f'「{names[c]}」' for c in close)}？" if close else ""
        return Converted(reason=f"找不到街道（乡镇）「{text}」{hint}", fix="核对街道名称，或填写9位街道代码；必要时先导入区划表")

    def resolve_within(self, street_raw: str | None, raw: str, level: str) -> Converted:
        """A community named in a row that also names its street: looked up among that street's
        communities. One found only under another street is an error with a suggestion, never a
        silent attachment elsewhere."""
        streets = self.streets(street_raw) if street_raw else []
        if not streets:
            return self.resolve(raw, level)  # no street, or one the street column reports itself
        text, _ = clean(raw)
        if not text:
            return EMPTY
        inside = lambda rows: [r for r in rows if any(r[0].startswith(s[0]) for s in streets)]  # noqa: E731
        street_name = "或".join(sorted({s[1] for s in streets}))
        code = text.replace(" ", "")
        if re.fullmatch(r"\d+(?:\.0+)?", code):
            done = self.resolve(code, level)
            if done.reason is None and not inside([self.by_id[done.value]]):
                r = self.by_id[done.value]
                return Converted(reason=f"{done.value}（{r[1]}）不在{street_name}",
                                 fix=f"核对社区代码；它属于{self._parent_name(r)}")
            return done
        found = self._find(text, level)
        mine = inside(found)
        if len(mine) == 1:
            return Converted(mine[0][0])
        if len(mine) > 1:
            return Converted(reason=f"{street_name}有 {len(mine)} 个{LEVEL_ZH[level]}名为「{text}」",
                             fix=f"填写{LEVEL_ZH[level]}代码")
        own = [r for r in self.by_id.values() if r[2] == level and inside([r])]
        if found:  # the name exists under another street: that is the likely meaning
            guesses = [f"{self._parent_name(r)}的「{r[1]}」" for r in found[:3]]
        else:  # a close name under this street (光明 → 光明社区), compared without 社区/村
            bare = {_bare(vocab.nfkc(r[1])): r[1] for r in own}
            close = difflib.get_close_matches(_bare(vocab.nfkc(text)), list(bare), n=3, cutoff=0.5)
            guesses = [f"{street_name}的「{bare[c]}」" for c in close]
        hint = f"：您是否指{'、'.join(guesses)}？" if guesses else ""
        shown = "、".join(r[1] for r in own[:8]) + ("等" if len(own) > 8 else "")
        where = f"{street_name}的{LEVEL_ZH[level]}有：{shown}" if own else f"{street_name}下没有{LEVEL_ZH[level]}"
        return Converted(reason=f"「{text}」不在{street_name}{hint}",
                         fix=f"核对街道和{LEVEL_ZH[level]}名称（{where}）")

    def _grids_of(self, community: str) -> list[tuple]:
        return sorted((r for r in self.by_id.values() if r[2] == "grid" and r[0].startswith(community)),
                      key=lambda r: r[0])

    def resolve_grid(self, street_raw: str | None, community_raw: str | None, raw: str) -> Converted:
        """A grid (网格) named in a row: by its 15-digit code, or by name among the grids of the row's
        community (street and community cells as the row has them; both may be absent). A grid of
        another community is an error naming both, never a silent move. When the row's community
        cannot be resolved, the community column reports that: the grid is left empty here."""
        text, _ = clean(raw)
        if not text:
            return EMPTY
        community = None
        if community_raw is not None and clean(community_raw)[0]:
            c = (self.resolve_within(street_raw, community_raw, "community") if street_raw
                 else self.resolve(community_raw, "community"))
            if c.reason is not None:
                return EMPTY
            community = self.by_id.get(c.value)
        cname = community[1] if community else ""
        own = self._grids_of(community[0]) if community else []
        shown = "、".join(r[1] for r in own[:8]) + ("等" if len(own) > 8 else "")
        listing = f"{cname}的网格有：{shown}" if own else (f"{cname}还没有网格：请先在区划表中导入" if community else "")
        code = text.replace(" ", "")
        if re.fullmatch(r"\d+(?:\.0+)?", code):
            code = code.split(".")[0]
            row = self.by_id.get(code)
            if row is None:
                return Converted(reason=f"网格代码 {code} 不存在" + ("（网格代码为15位）" if len(code) != 15 else ""),
                                 fix="核对网格代码（社区12位代码加3位），或先在区划表中导入网格" + (f"；{listing}" if listing else ""))
            if row[2] != "grid":
                return Converted(reason=f"{code}（{row[1]}）是{LEVEL_ZH.get(row[2], row[2])}，不是网格",
                                 fix="填写网格名称或15位网格代码；不属于网格的留空")
            if community and not code.startswith(community[0]):
                return Converted(reason=f"网格 {code}（{row[1]}）不在本行的社区「{cname}」，它属于「{self._community_label(row)}」",
                                 fix=f"核对社区或网格；{listing}" if listing else "核对社区或网格")
            return Converted(code)
        found = self._find(text, "grid")
        if community:
            mine = [r for r in found if r[0].startswith(community[0])]
            if len(mine) == 1:
                return Converted(mine[0][0])
            if len(mine) > 1:
                return Converted(reason=f"「{cname}」有 {len(mine)} 个网格名为「{text}」", fix="填写15位网格代码")
            if found:
                elsewhere = "、".join(sorted({self._community_label(r) for r in found})[:3])
                return Converted(reason=f"网格「{text}」不在本行的社区「{cname}」，而在「{elsewhere}」",
                                 fix=f"核对社区或网格；{listing}" if listing else "核对社区或网格")
            close = difflib.get_close_matches(text, [r[1] for r in own], n=3, cutoff=0.5)
            hint = f"：您是否指{'、'.join(f'「{c}」' for c in close)}？" if close else ""
            return Converted(reason=f"「{cname}」没有网格「{text}」{hint}",
                             fix=f"核对网格名称或填写15位网格代码；{listing}" if listing else "核对网格名称")
        if len(found) == 1:
            return Converted(found[0][0])
        if len(found) > 1:
            where = "、".join(sorted({self._community_label(r) for r in found})[:5])
            return Converted(reason=f"有 {len(found)} 个网格名为「{text}」（分属 {where}）",
                             fix="填写15位网格代码，或在文件中加上“所属社区”列")
        return Converted(reason=f"找不到网格「{text}」", fix="核对网格名称或填写15位网格代码；必要时先在区划表中导入网格")

    def _community_label(self, grid: tuple) -> str:
        """A grid's community as people tell it apart: with its street (大虞街道幸福社区)."""
        community = self.by_id.get(grid[3] or "")
        if community is None:
            return grid[3] or ""
        return self._parent_name(community) + community[1]

    def _parent_name(self, r: tuple) -> str:
        parent = self.by_id.get(r[3] or "")
        return parent[1] if parent else (r[3] or "")


class KeyIndex:
    """Rows of a table referred to by key, by a second number (an ID number) or by a unique name:
    reserve candidates, studios, supply items, competency dimensions. `rows`: (key, name, other
    key or None), the preferred record of a number first."""

    def __init__(self, rows: list[tuple], what: str, fix: str):
        self.what, self.fix = what, fix
        self.keys = {r[0] for r in rows}
        self.upper = {str(r[0]).upper(): r[0] for r in rows}
        self.other: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for r in rows:
            if len(r) > 2 and r[2]:
                self.other.setdefault(vocab.nfkc(str(r[2])).replace(" ", "").upper(), r[0])
            if r[1]:
                self.by_name.setdefault(vocab.nfkc(str(r[1])).replace(" ", ""), []).append(r[0])

    def resolve(self, raw: str) -> Converted:
        text, _ = clean(raw)
        if not text:
            return EMPTY
        k = text.replace(" ", "")
        if k in self.keys:
            return Converted(k)
        if k.upper() in self.upper:
            return Converted(self.upper[k.upper()])
        if k.upper() in self.other:
            return Converted(self.other[k.upper()])
        found = list(dict.fromkeys(self.by_name.get(k, [])))
        if len(found) == 1:
            return Converted(found[0])
        if len(found) > 1:
            return Converted(reason=f"有 {len(found)} 个{self.what}名为「{text}」（{'、'.join(found[:5])}）",
                             fix=f"填写{self.what}编号")
        return Converted(reason=f"找不到{self.what}「{text}」", fix=self.fix)


class PartnerIndex:
    def __init__(self, rows: list[tuple[str, str]]):
        self.ids = {r[0] for r in rows}
        self.by_name: dict[str, list[str]] = {}
        for pid, name in rows:
            self.by_name.setdefault(vocab.nfkc(name).replace(" ", ""), []).append(pid)

    def resolve(self, raw: str) -> Converted:
        text, _ = clean(raw)
        if not text:
            return EMPTY
        if text in self.ids:
            return Converted(text)
        found = self.by_name.get(text.replace(" ", ""), [])
        if len(found) == 1:
            return Converted(found[0])
        if len(found) > 1:
            return Converted(reason=f"有 {len(found)} 个合伙人名为「{text}」", fix="填写合伙人编号（如 P000001）")
        return Converted(reason=f"找不到合伙人「{text}」", fix="核对编号或名称，或先导入幸福合伙人表")
