#!/usr/bin/env python3
"""Bootstrap for a machine with only Python 3.11: gets uv if needed, then runs Anjian.

python3 run.py demo    start Anjian with demo data at http://127.0.0.1:8000
python3 run.py test    run the whole test suite
python3 run.py <args>  any `anjian` command, e.g. `python3 run.py seed --enterprises 1000`
"""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".venv-tools"


def uv() -> str:
    found = shutil.which("uv")
    if found:
        return found
    exe = TOOLS / ("Scripts" if os.name == "nt" else "bin") / "uv"
    if not exe.exists():
        print("首次运行：正在安装 uv（Python 包管理器）…", flush=True)
        venv.EnvBuilder(with_pip=True).create(TOOLS)
        pip = TOOLS / ("Scripts" if os.name == "nt" else "bin") / "pip"
        subprocess.run([str(pip), "install", "--quiet", "uv"], check=True)
    return str(exe)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    base = [uv(), "run", "--frozen", "--python", "3.11"]
    if argv[0] == "test":
        cmd = base + ["pytest", *argv[1:]]
    elif argv[0] == "lint":
        env = {**os.environ}
        rc = subprocess.call(base + ["ruff", "check", "."], cwd=ROOT, env=env)
        return rc or subprocess.call(base + ["ruff", "format", "--check", "."], cwd=ROOT, env=env)
    else:
        cmd = base + ["anjian", *argv]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # show the demo logins at once, even when piped
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
