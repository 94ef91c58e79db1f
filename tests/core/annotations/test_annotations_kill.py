"""SIGKILL a tight save loop 250 times: the store always opens with the last acknowledged save."""

from __future__ import annotations

from tests.bench_annotations import kill_loop

KILLS = 250


def test_every_acknowledged_save_survives_sigkill(tmp_path):
    counts = kill_loop(KILLS, tmp_path / "annotations")
    assert counts["failures"] == [], f"seed {counts['seed']}"
    assert counts["kills"] == KILLS
    # the kills landed both before and after saves were acknowledged
    assert counts["acked_saves"] > KILLS
    assert counts["kills_before_first_ack"] > 0
