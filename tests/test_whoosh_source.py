"""The suite's warning filters hold when Whoosh is compiled from source (no .pyc files)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import whoosh

ROOT = Path(__file__).resolve().parents[1]


def test_the_suite_collects_when_whoosh_has_no_pyc_files(tmp_path: Path) -> None:
    # A copy of the installed Whoosh without __pycache__, first on the path: its modules are
    # compiled on import, as after an install that skipped byte-compiling.
    shutil.copytree(Path(whoosh.__file__).parent, tmp_path / "whoosh",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
           "PYTHONDONTWRITEBYTECODE": "1"}
    where = subprocess.run([sys.executable, "-c", "import whoosh; print(whoosh.__file__)"],
                           env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip() == str(tmp_path / "whoosh" / "__init__.py")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "tests/core/search/test_search.py", "tests/core/index/test_index.py"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
