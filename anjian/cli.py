"""The `anjian` console script: a front for the Django management commands.

`anjian demo` prepares the embedded SQLite database with demo data and serves the site, on
random keys of its own data folder (`<data dir>/demo-keys.env`); every other word is passed to
Django (`anjian seed --enterprises 1000`, `anjian audit-verify`), which reads the keys from the
environment. Files the process creates (database, uploads, anchors) are readable by its owner
only.
"""

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    os.umask(0o077)  # data files 0600, folders 0700: the database holds reporters' identities
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    args = list(sys.argv if argv is None else ["anjian", *argv])
    if len(args) == 1:
        args.append("help")
    if args[1] == "demo":
        from anjian.core.keys import load_demo_keys

        data_dir = Path(
            os.environ.get("ANJIAN_DATA_DIR") or Path(__file__).resolve().parent.parent / "data"
        )
        for name, value in load_demo_keys(data_dir).items():
            os.environ.setdefault(name, value)
        # the demo's documents are signed with keys of a demo CA made on first use
        os.environ.setdefault("ANJIAN_SIGNING_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
