"""The ``zhenggai`` command: a thin front door to the library and Django's commands.

``zhenggai parse`` needs no database and runs without Django so that batch parsing
stays fast; every other sub-command is a Django management command
(``zhenggai demo``, ``zhenggai migrate``, ``zhenggai runserver`` …).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "parse":
        from zhenggai.core.notices.cli import main as parse_main

        return parse_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    from django.core.management import execute_from_command_line

    if args and "-" in args[0] and not args[0].startswith("-"):
        # `zhenggai import-notice` runs the management command `import_notice`.
        args = [args[0].replace("-", "_"), *args[1:]]
    execute_from_command_line(["zhenggai", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
