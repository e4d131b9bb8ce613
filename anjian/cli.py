"""The `anjian` console script: a front for the Django management commands.

`anjian demo` prepares the embedded SQLite database with demo data and serves the site;
every other word is passed to Django (`anjian seed --enterprises 1000`, `anjian audit-verify`).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["anjian", *argv])
    if len(args) == 1:
        args.append("help")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
