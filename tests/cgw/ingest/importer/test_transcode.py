"""cgw.ingest.importer.transcode: GBK (read as GB18030) and UTF-16 to UTF-8, strict, with the offset
of the first bad byte."""

from __future__ import annotations

import io

import pytest

from cgw.ingest.importer import transcode


def convert(data: bytes, encoding: str, start: int = 0) -> str:
    out = io.BytesIO()
    transcode.to_utf8(data, encoding, out, start)
    return out.getvalue().decode("utf-8")


def test_gbk_utf16_and_a_rare_gb18030_name():
    text = "姓名,身份证号\n张三,11010119900307123X\n"
    assert convert(text.encode("gbk"), "gbk") == text
    assert convert(text.encode("utf-16-le"), "utf-16-le") == text
    rare = "䶮\n"  # outside GBK, in GB18030: WPS writes it in a "GBK" file
    assert convert(rare.encode("gb18030"), "gbk") == rare
    assert convert(b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8", start=3) == text


def test_large_input_crosses_chunks_intact():
    text = "社区工作者花名册，" * 300_000  # 2.7 MB of GBK: characters straddle the 1 MB chunks
    assert convert(text.encode("gbk"), "gbk") == text


def test_a_bad_byte_is_reported_at_its_offset():
    data = "张三".encode("gbk") + b"\xff\xfe" + "李四".encode("gbk")
    with pytest.raises(transcode.BadBytes) as e:
        convert(data, "gbk")
    assert e.value.offset == 4
