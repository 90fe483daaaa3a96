"""Resident ID numbers (公民身份号码, GB 11643-1999): check digit, birth date, sex, masking."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    total = sum(int(c) * int(w) for c, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def problems(id_number: str) -> list[str]:
    """Reasons (in Chinese) why an ID number is invalid; empty when it is valid."""
    if not _ID_RE.match(id_number):
        return ["身份证号应为18位：前17位数字，最后一位数字或X"]
    out = []
    if check_digit(id_number[:17]) != id_number[17]:
        out.append(f"校验位错误：按 GB 11643 应为 {check_digit(id_number[:17])}")
    if birth_date(id_number) is None:
        out.append("身份证号中的出生日期不存在")
    return out


def birth_date(id_number: str) -> dt.date | None:
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def sex(id_number: str) -> str:
    """'男' when the 17th digit is odd, else '女'."""
    return "男" if int(id_number[16]) % 2 == 1 else "女"


def make_ids(area: np.ndarray, birth: np.ndarray, male: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Valid, unique 18-digit ID numbers, vectorised.

    area: int array of 6-digit area codes; birth: datetime64[D] array; male: bool array.
    The 3-digit sequence is unique within (area, birth date) and odd for men.
    """
    n = len(area)
    ymd = birth.astype("datetime64[D]").astype(str)
    ymd_int = np.char.replace(ymd, "-", "").astype(np.int64)
    # A random start plus a rank inside each (area, birthday) group keeps sequences unique.
    key = area.astype(np.int64) * 100_000_000 + ymd_int
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - group_start
    # One random offset per group (taken at its first member) keeps slots distinct within it.
    base = rng.integers(0, 200, n)[order][group_start][np.argsort(order)]
    seq = ((base + rank) % 500) * 2 + np.where(male, 1, 0)  # 0..999, parity encodes sex
    digits17 = np.char.add(
        np.char.add(area.astype(np.int64).astype(str), ymd_int.astype(str)), np.char.zfill(seq.astype(str), 3)
    )
    d = np.frombuffer(digits17.astype("S17").tobytes(), dtype=np.uint8).reshape(n, 17) - ord("0")
    check = (d.astype(np.int64) @ WEIGHTS) % 11
    return np.char.add(digits17, np.array(list(CHECK_CHARS))[check])
