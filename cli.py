"""Command line: `python cli.py COMMAND ...`. Each command lives in cgw/commands/<name>.py; the
developer command `bench` lives in devtools/.

Errors are one line on stderr with a non-zero exit, never a traceback (set CGW_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from cgw import commands
from devtools import bench_command


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage plus the error
        self.exit(2, f"参数错误：{message}（用 --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="cli.py", description="社区工作者队伍数据看板 · 命令行")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    modules = [importlib.import_module(f"cgw.commands.{info.name}") for info in pkgutil.iter_modules(commands.__path__)]
    modules.append(bench_command)
    for module in sorted(modules, key=lambda m: m.__name__.rsplit(".", 1)[1]):
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - the user gets one line, not a traceback
        if os.environ.get("CGW_DEBUG"):
            raise
        from cgw.commands import describe_error

        print(describe_error(e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
