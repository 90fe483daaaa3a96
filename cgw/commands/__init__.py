"""One module per command. A module provides `register(subparsers)`, which adds its parser and
sets `run` (a function taking the parsed arguments and returning an exit code)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from cgw.storage import database


def describe_error(e: BaseException) -> str:
    """One line for the user."""
    text = database.first_line(e)
    if isinstance(e, database.DatabaseError):
        return text
    if isinstance(e, (ValueError, FileNotFoundError, PermissionError)):
        return f"错误：{text}"
    return f"内部错误（{type(e).__name__}）：{text}"


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期 {text!r} 应为 YYYY-MM-DD 格式，例如 2026-09-30") from None


def add_db_argument(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """--db: a DuckDB file or a PostgreSQL URL (server mode); $CGW_DB when not given."""
    default = os.environ.get(database.DB_ENV_VAR) or None
    parser.add_argument("--db", required=required and default is None, default=default,
                        help="DuckDB 数据库文件路径，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名（默认取 CGW_DB）")


def add_view_arguments(parser: argparse.ArgumentParser) -> None:
    """--region, --as-of and --grain: the same view the dashboard's sidebar sets."""
    parser.add_argument("--region", help="区划代码或唯一名称，默认为最高一级")
    parser.add_argument("--as-of", type=iso_date, help="统计日 YYYY-MM-DD，默认为数据集的统计日")
    parser.add_argument("--grain", choices=("year", "quarter", "month"), default="year", help="本期口径，默认本年")


class ProgressBar:
    """A one-line progress bar on stderr (silent when stderr is not a terminal, except the end)."""

    def __init__(self, stream=sys.stderr, width: int = 30):
        self.stream = stream
        self.width = width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = ""

    def __call__(self, fraction: float, message: str) -> None:
        filled = int(self.width * max(0.0, min(1.0, fraction)))
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction * 100:5.1f}% {message}"
        if self.tty:
            self.stream.write("\r" + line.ljust(len(self.last)))
            self.stream.flush()
        elif fraction >= 1.0 or message != self.last:
            self.stream.write(line + "\n")
        self.last = line
        if fraction >= 1.0 and self.tty:
            self.stream.write("\n")
