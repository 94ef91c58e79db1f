"""A writer killed mid-build: its helper processes die with it and its lock is no obstacle."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from confbrowser.core.index import TalkIndex
from confbrowser.core.index import store as indexstore
from tests.core.index.test_index import ids, make_library, make_talk
from tests.stress_common import alive, wait_gone

ROOT = Path(__file__).resolve().parents[3]

# Build with two writer processes and SIGKILL ourselves once the helpers run.
KILLED_BUILD = r"""
import multiprocessing, os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from confbrowser.core.index import TalkIndex
from tests.core.index.test_killed import LIBRARY

def progress(done, total):
    if done >= 250:
        pids = " ".join(str(p.pid) for p in multiprocessing.active_children())
        Path(sys.argv[3]).write_text(pids)
        os.kill(os.getpid(), signal.SIG""" + "{signal}" + r""")

TalkIndex(Path(sys.argv[1]), build_processes=2).rebuild(LIBRARY, progress=progress)
"""

LIBRARY = make_library(*(
    make_talk("PyCon 2017", f"Talk number {n}", f"words about topic{n} and kafka",
              path=f"notes{n % 10}.md") for n in range(400)))



def killed_build(index_dir: Path, signal: str) -> list[int]:
    """Run a two-process rebuild and kill it with SIGNAL mid-way; return its helpers' pids."""
    script = KILLED_BUILD.replace("{signal}", signal)
    pids = index_dir.with_name("helpers.txt")
    # no pipes: a helper that outlives the build would hold them open
    done = subprocess.run([sys.executable, "-c", script, str(index_dir), str(ROOT), str(pids)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, timeout=120, check=False)
    assert done.returncode < 0
    helpers = [int(p) for p in pids.read_text().split()]
    assert helpers, "the build started no helper processes"
    return helpers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal")
@pytest.mark.parametrize("signal", ["KILL", "TERM", "HUP"])
def test_helpers_of_a_killed_rebuild_die_and_the_next_sync_writes(tmp_path, signal):
    index_dir = tmp_path / "index"
    helpers = killed_build(index_dir, signal)
    try:
        assert wait_gone(helpers, 20.0) == []
        with TalkIndex(index_dir, lock_timeout=5) as index:
            report = index.sync(LIBRARY)
            assert report.talks == 400
            assert len(ids(index, "topic7")) == 1
    finally:
        for pid in helpers:
            if alive(pid):
                os.kill(pid, 9)


HOLD_ORPHANED = r"""
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""


def test_a_lock_whose_recorded_holder_is_gone_is_broken_at_once(tmp_path):
    # a process that inherited the lock from a writer that died (its recorded holder)
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    lock = index_dir / "write.lock"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    with subprocess.Popen([sys.executable, "-c", HOLD_ORPHANED, str(lock)],
                          stdout=subprocess.PIPE, text=True) as orphan:
        try:
            assert orphan.stdout is not None and orphan.stdout.readline().strip() == "locked"
            lock.write_text(f"{gone.stdout.strip()} 1\n")
            with indexstore.write_lock(index_dir, timeout=5):
                holder = indexstore.lock_holder(lock)
                assert holder is not None and holder[0] == os.getpid()
            assert indexstore.lock_holder(lock) is None  # released: no holder recorded
        finally:
            orphan.kill()


def test_a_live_holder_is_waited_for(tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    lock = index_dir / "write.lock"
    with subprocess.Popen([sys.executable, "-c", HOLD_ORPHANED, str(lock)],
                          stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            start = indexstore.process_start(holder.pid)
            lock.write_text(f"{holder.pid} {start}\n")
            with pytest.raises(indexstore.LockTimeout), \
                    indexstore.write_lock(index_dir, timeout=0.3):
                pass
        finally:
            holder.kill()


# The CLI, signalled by itself half-way through the build (deterministic, unlike a timer).
SIGNALLED_CLI = r"""
import os, sys
sys.path.insert(0, sys.argv[1])
from confbrowser.core.index import write as indexwrite
from confbrowser.__main__ import main

real_report = indexwrite.report

def report(progress, done, total):
    if done >= total // 2:
        os.kill(os.getpid(), int(sys.argv[2]))
    real_report(progress, done, total)

indexwrite.report = report
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("signal", [15])  # SIGHUP too in make stress (killed)
def test_a_terminated_cli_rebuild_cleans_up_and_search_answers(tmp_path, signal):
    from tests.bench_search import write_corpus

    notes, data = tmp_path / "notes", tmp_path / "data"
    write_corpus(notes, 2500)  # big enough for two writer processes
    args = ["--no-seeds", "--data-dir", str(data), "--notes", str(notes)]
    rebuild = subprocess.run(
        [sys.executable, "-c", SIGNALLED_CLI, str(ROOT), str(signal), *args, "index",
         "--rebuild"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, timeout=120, check=False)
    assert rebuild.returncode == 128 + signal
    assert b"Traceback" not in rebuild.stderr
    index_dir = data / "cache" / "index"
    assert list(index_dir.glob("tmp-*")) == []  # the half-built generation is gone
    assert indexstore.lock_holder(index_dir / "write.lock") is None
    found = subprocess.run([sys.executable, "-m", "confbrowser", *args, "search", "--json",
                            "kafka"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                           check=False)
    assert found.returncode == 0 and '"total"' in found.stdout, found.stderr


def _signal_masks(pid: int) -> dict[str, int]:
    fields = dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text()
                  .splitlines() if ":\t" in line)
    return {name: int(fields[name], 16) for name in ("SigCgt", "SigIgn")}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_build_helpers_end_on_sigterm_instead_of_unwinding(tmp_path):
    # a helper that inherited the CLI's SIGTERM -> SystemExit handler unwound on terminate(),
    # waited at exit to hand results to nobody, and its parent's exit waited for it
    import multiprocessing
    import signal

    from confbrowser import cli

    seen: list[dict[str, int]] = []

    def settled(pid: int) -> dict[str, int]:
        """Read PID's masks once it set them up (a helper just started has the parent's)."""
        masks = _signal_masks(pid)
        for _ in range(3000):  # a bound on waiting (60 s, a loaded machine), no measure
            if masks["SigIgn"] & (1 << (signal.SIGINT - 1)):
                break
            time.sleep(0.02)
            masks = _signal_masks(pid)
        return masks

    def progress(done: int, _total: int) -> None:
        if done >= 250 and not seen:
            seen.extend(settled(p.pid) for p in multiprocessing.active_children())

    # SIGINT ignored is the sign that a helper set its signals up (it sets SIGINT last), so
    # the helpers must not inherit it ignored: run where SIGINT is ignored (a CI runner, a
    # background job), the wait ended at once and read SIGTERM before its reset (2 in 3 runs)
    interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with cli.exit_cleanly_on_signals():
            TalkIndex(tmp_path / "index", build_processes=2).rebuild(LIBRARY, progress=progress)
    finally:
        signal.signal(signal.SIGINT, interrupt)
    assert seen, "the build started no helper processes"
    for masks in seen:
        for name in ("SIGTERM", "SIGHUP"):
            assert not masks["SigCgt"] & (1 << (getattr(signal, name) - 1)), name  # default
        assert masks["SigIgn"] & (1 << (signal.SIGINT - 1))  # Ctrl-C is the parent's
