"""SIGKILL a process in the middle of a tight annotation save loop, many times over.

Run `python -m tests.bench_annotations [KILLS]` (1,000 by default) to print the counts and
timing; the suite calls kill_loop() with fewer kills. tests/bench.py and tests/stress.py call
kill_loop(n, workdir) too.

How it stays fast: a warm "zygote" process imports the store once, then forks one child per
round. Each child reopens the store, reads the last saved sequence number and keeps saving the
next one, writing `ack N` to the pipe only after save() returned. Every so often it closes and
reopens the store, so kills also land in a WAL checkpoint and in the open path. The parent
SIGKILLs the child after a random number of acks plus a random sub-millisecond-to-3 ms pause,
waits until the zygote reports it dead (so every ack the child wrote has been read), then opens
the store itself and checks that it opens cleanly and holds the last acknowledged save — or
the one after it, whose ack the kill cut off.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from confbrowser.core.annotations import AnnotationStore

TALK_ID = "kill-test/sequence"
READ_TIMEOUT = 30.0

ZYGOTE = r"""
import os, random, sys
from pathlib import Path
from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.model import Annotation

workdir = Path(sys.argv[1])
talk_id = sys.argv[2]

def save_forever(seed):
    rng = random.Random(seed)
    store = AnnotationStore(workdir, recovery_dirs=[workdir / "recovery"])
    last = store.get(talk_id)
    n = int(last.text.split()[0]) if last else 0
    saves_before_reopen = rng.randint(1, 40)
    while True:
        n += 1
        # a varying size makes the WAL grow past its checkpoint threshold now and then
        text = f"{n}\n\n" + "lorem ipsum " * rng.randint(0, 600)
        store.save(Annotation(talk_id, text, tags=(f"t{n % 7}",), starred=n % 2 == 0,
                              conference="Kill test", title="Sequence"))
        os.write(1, f"ack {n}\n".encode())
        saves_before_reopen -= 1
        if saves_before_reopen == 0:
            store.close()  # the last connection to close checkpoints the WAL
            store = AnnotationStore(workdir, recovery_dirs=[workdir / "recovery"])
            saves_before_reopen = rng.randint(1, 40)

for line in sys.stdin:
    command = line.split()
    if not command or command[0] != "go":
        break
    pid = os.fork()
    if pid == 0:
        try:
            save_forever(int(command[1]))
        except BaseException as exc:
            os.write(1, f"error {exc!r}\n".replace("\n", " ").encode() + b"\n")
        os._exit(1)
    os.write(1, f"pid {pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    os.write(1, f"dead {pid} {status}\n".encode())
"""


class _Lines:
    """Read lines from a pipe with a timeout, so a stuck child fails the run instead of hanging."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = b""

    def next(self, timeout: float = READ_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                raise TimeoutError("no output from the save loop")
            chunk = os.read(self._fd, 65536)
            if not chunk:
                raise EOFError("the save loop's zygote exited")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()


def _one_round(zygote: subprocess.Popen, lines: _Lines, rng: random.Random,
               last_acked: int) -> tuple[int, int, str | None]:
    """Start a child, kill it at a random moment; return (last ack, acks seen, problem)."""
    assert zygote.stdin is not None
    acks_wanted = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 21, 34])
    zygote.stdin.write(f"go {rng.randrange(2**32)}\n")
    zygote.stdin.flush()
    pid: int | None = None
    acks = 0
    killed = False
    problem = None
    while True:
        line = lines.next()
        kind, _, rest = line.partition(" ")
        if kind == "ack":
            acks += 1
            last_acked = int(rest)
        elif kind == "pid":
            pid = int(rest)
        elif kind == "error":
            problem = f"the save loop failed: {rest}"
        elif kind == "dead":
            if not killed and problem is None:
                problem = f"the save loop exited by itself: {rest}"
            return last_acked, acks, problem
        if pid is not None and not killed and acks >= acks_wanted:
            time.sleep(rng.random() * 0.003)
            os.kill(pid, signal.SIGKILL)
            killed = True


def _check(workdir: Path, last_acked: int) -> tuple[int, str | None]:
    """Open the store as a fresh user would; return the saved number and any problem."""
    store = AnnotationStore(workdir, recovery_dirs=[workdir / "recovery"])
    try:
        if store.warnings:
            return -1, f"the store opened with warnings: {store.warnings}"
        annotation = store.get(TALK_ID)
        saved = int(annotation.text.split()[0]) if annotation else 0
    finally:
        store.close()
    if saved < last_acked:
        return saved, f"acknowledged save {last_acked} is lost (store holds {saved})"
    if saved > last_acked + 1:
        return saved, f"store holds {saved}, more than one save past the last ack {last_acked}"
    return saved, None


def kill_loop(n: int, workdir: Path, seed: int | None = None) -> dict:
    """SIGKILL a save loop n times and check the store after each kill; return the counts."""
    workdir = Path(workdir)
    seed = random.randrange(2**32) if seed is None else seed
    rng = random.Random(seed)
    started = time.perf_counter()
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, str(workdir), TALK_ID],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )
    assert zygote.stdout is not None
    lines = _Lines(zygote.stdout.fileno())
    counts = {"kills": 0, "acked_saves": 0, "kills_before_first_ack": 0,
              "unacked_save_found_committed": 0, "failures": [], "seed": seed}
    last_acked = 0
    try:
        for round_number in range(n):
            last_acked, acks, problem = _one_round(zygote, lines, rng, last_acked)
            counts["kills"] += problem is None
            counts["acked_saves"] += acks
            counts["kills_before_first_ack"] += acks == 0
            saved, check_problem = _check(workdir, last_acked)
            problem = problem or check_problem
            if problem:
                counts["failures"].append(f"round {round_number + 1}: {problem}")
            if saved == last_acked + 1:
                counts["unacked_save_found_committed"] += 1
            last_acked = max(last_acked, saved)
    finally:
        assert zygote.stdin is not None
        zygote.stdin.close()
        try:
            zygote.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a child hung: the run has already failed
            zygote.kill()
            zygote.wait()
        zygote.stdout.close()
    counts["seconds"] = round(time.perf_counter() - started, 2)
    counts["ms_per_kill"] = round(1000 * counts["seconds"] / max(n, 1), 1)
    return counts


def save_figures(workdir: Path, n: int = 500) -> dict:
    """Time n saves, opening a store of n notes, and an export/import round trip."""
    from confbrowser.core.model import Annotation

    workdir = Path(workdir)
    store = AnnotationStore(workdir / "figures", recovery_dirs=[workdir / "recovery"])
    latencies = []
    for i in range(n):
        started = time.perf_counter()
        store.save(Annotation(f"bench/talk-{i}", f"note {i} " + "words " * 80, tags=("bench",)))
        latencies.append(time.perf_counter() - started)
    store.close()
    started = time.perf_counter()
    store = AnnotationStore(workdir / "figures", recovery_dirs=[workdir / "recovery"])
    open_ms = 1000 * (time.perf_counter() - started)
    started = time.perf_counter()
    exported = workdir / "export.json"
    exported.write_text(store.export_json())
    export_ms = 1000 * (time.perf_counter() - started)
    store.close()
    other = AnnotationStore(workdir / "imported", recovery_dirs=[workdir / "recovery"])
    started = time.perf_counter()
    other.import_file(exported)
    import_ms = 1000 * (time.perf_counter() - started)
    other.close()
    latencies.sort()
    return {"saves": n, "save_ms_median": round(1000 * latencies[n // 2], 2),
            "save_ms_p95": round(1000 * latencies[int(n * 0.95)], 2),
            "open_ms": round(open_ms, 1), "export_json_ms": round(export_ms, 1),
            "import_json_ms": round(import_ms, 1)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 1000
    with tempfile.TemporaryDirectory(prefix="confbrowser-kill-") as workdir:
        counts = kill_loop(n, Path(workdir))
    failures = counts.pop("failures")
    print(f"annotations kill test: {counts['kills']} SIGKILLs in {counts['seconds']} s "
          f"({counts['ms_per_kill']} ms per kill), seed {counts['seed']}")
    print(f"  acknowledged saves: {counts['acked_saves']}; kills before the first ack: "
          f"{counts['kills_before_first_ack']}; unacknowledged save found committed: "
          f"{counts['unacked_save_found_committed']}")
    print(f"  failures: {len(failures)}")
    for failure in failures[:20]:
        print(f"    {failure}")
    with tempfile.TemporaryDirectory(prefix="confbrowser-figures-") as workdir:
        figures = save_figures(Path(workdir))
    print(f"annotations store: {figures['saves']} saves, median {figures['save_ms_median']} ms, "
          f"p95 {figures['save_ms_p95']} ms (each durable); open {figures['open_ms']} ms; "
          f"export {figures['export_json_ms']} ms, import {figures['import_json_ms']} ms "
          f"(JSON, {figures['saves']} notes)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
