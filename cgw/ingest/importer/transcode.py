"""GBK/GB18030 and UTF-16 → UTF-8 with Python's codecs.

DuckDB's CSV reader only reads UTF-8, so other encodings are transcoded first. The decoding is
strict: an invalid byte sequence raises BadBytes with its offset, and the caller decides what to
do (the importer then decodes with replacement characters and rejects the rows concerned).
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

CHUNK = 1 << 20
# GBK files from WPS and Excel often hold a few GB18030-only characters (rare names): read GBK as
# its superset.
_CODEC = {"gbk": "gb18030"}


class BadBytes(Exception):
    def __init__(self, offset: int):
        self.offset = offset
        super().__init__(f"invalid byte sequence at offset {offset}")


def to_utf8(data: bytes | bytearray | memoryview, encoding: str, out: BinaryIO, start: int = 0) -> None:
    """Write `data[start:]` (in `encoding`) to `out` as UTF-8. Raises BadBytes on an invalid sequence
    (its offset counted from `start`)."""
    decoder = codecs.getincrementaldecoder(_CODEC.get(encoding, encoding))("strict")
    mv = memoryview(data)[start:]
    for pos in range(0, len(mv), CHUNK):
        part = mv[pos : pos + CHUNK]
        try:
            text = decoder.decode(part, final=pos + CHUNK >= len(mv))
        except UnicodeDecodeError as e:
            raise BadBytes(pos + max(0, e.start)) from None
        out.write(text.encode("utf-8"))
