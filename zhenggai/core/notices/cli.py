"""``zhenggai parse FILE… [--format json|markdown] [-o OUT]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zhenggai.core.notices.errors import NoticeReadError
from zhenggai.core.notices.model import Notice
from zhenggai.core.notices.parser import parse_file
from zhenggai.core.notices.render import render_markdown

SUFFIXES = {".txt", ".text", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".pdf", ".doc", ".wps"}


def _render(notice: Notice, fmt: str) -> str:
    if fmt == "markdown":
        return render_markdown(notice)
    return json.dumps(notice.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _inputs(paths: list[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def _progress(done: int, total: int, name: str) -> None:
    if not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    sys.stderr.write(f"\r[{bar}] {done}/{total} {name[:40]:40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _fail(name: str, error: NoticeReadError) -> None:
    english = f" / {error.reason_en}" if error.reason_en else ""
    print(f"{name}: {error.reason}{english}", file=sys.stderr)


def main(argv: list[str]) -> int:
    """Parse notices; one file goes to stdout (or ``-o FILE``), several to ``-o DIR``."""
    parser = argparse.ArgumentParser(
        prog="zhenggai parse",
        description="解析整改进展情况通报 / parse published rectification notices",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE", help="文件或文件夹 / files or folders")
    parser.add_argument("--format", choices=("json", "markdown"), default="json")
    parser.add_argument(
        "-o", "--output", help="输出文件(单个)或文件夹(批量) / output file or folder"
    )
    args = parser.parse_args(argv)
    suffix = ".md" if args.format == "markdown" else ".json"

    files, missing = _inputs(args.paths)
    for name in missing:
        print(f"{name}: 文件不存在 / no such file or folder", file=sys.stderr)
    single = len(args.paths) == 1 and len(files) == 1 and Path(args.paths[0]).is_file()
    if single and not (args.output and Path(args.output).is_dir()):
        try:
            output = _render(parse_file(files[0]), args.format)
        except NoticeReadError as error:
            _fail(files[0].name, error)
            return 1
        if args.output:
            Path(args.output).write_text(output, encoding="utf-8")
        else:
            sys.stdout.write(output)
        return 0
    if not args.output:
        print(
            "批量解析需要用 -o 指定输出文件夹 / parsing several files needs -o OUTPUT_DIR",
            file=sys.stderr,
        )
        return 2
    out_dir = Path(args.output)
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = len(missing)
    used: set[str] = set()
    for done, path in enumerate(files, start=1):
        try:
            output = _render(parse_file(path), args.format)
        except NoticeReadError as error:
            failed += 1
            if sys.stderr.isatty():
                sys.stderr.write("\n")
            _fail(path.name, error)
        else:
            name = path.stem + suffix
            if name in used:
                name = path.name + suffix
            used.add(name)
            (out_dir / name).write_text(output, encoding="utf-8")
        _progress(done, len(files), path.name)
    parsed = len(files) - (failed - len(missing))
    print(
        f"完成：{parsed} 个成功，{failed} 个失败 / done: {parsed} ok, {failed} failed",
        file=sys.stderr,
    )
    return 1 if failed else 0
