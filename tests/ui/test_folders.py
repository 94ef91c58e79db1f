"""The folder watcher follows every folder of a big tree, and folders added later."""

from __future__ import annotations

from pathlib import Path

from confbrowser.ui.folders import FolderWatcher


def _tree(root: Path, folders: int, files: int) -> list[Path]:
    made = []
    for f in range(folders):
        folder = root / f"conf-{f:02d}"
        folder.mkdir(parents=True)
        for n in range(files):
            path = folder / f"talk-{n:02d}.md"
            path.write_text(f"# Conf {f}\n\n## Talk {n}\n", encoding="utf-8")
            made.append(path)
    return made


def test_an_edit_in_the_last_of_60_folders_of_80_files_is_seen(qtbot, tmp_path: Path) -> None:
    files = _tree(tmp_path / "notes", 60, 80)
    watcher = FolderWatcher(delay_ms=50)
    watcher.watch([tmp_path / "notes"])
    with qtbot.waitSignal(watcher.changed, timeout=10_000), \
            files[-1].open("a", encoding="utf-8") as handle:  # in place, as many editors do
        handle.write("\nA new line.\n")
    assert str(files[-1]) in watcher.last_batch
    watcher.stop()


def test_a_folder_added_later_is_watched_and_hidden_ones_are_not(qtbot, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    _tree(notes, 2, 2)
    watcher = FolderWatcher(delay_ms=50)
    watcher.watch([notes])
    with qtbot.waitSignal(watcher.changed, timeout=10_000):
        (notes / "new-conf").mkdir()
    added = notes / "new-conf" / "keynote.md"
    with qtbot.waitSignal(watcher.changed, timeout=10_000):
        (notes / ".git").mkdir()
        (notes / ".git" / "index").write_text("hidden", encoding="utf-8")
        added.write_text("# New 2024\n\n## Keynote\n", encoding="utf-8")
    assert str(added) in watcher.last_batch
    assert not any(".git" in path for path in watcher.last_batch)
    watcher.stop()


def test_a_thousand_changed_files_are_one_batch(qtbot, tmp_path: Path) -> None:
    files = _tree(tmp_path / "notes", 10, 100)
    watcher = FolderWatcher(delay_ms=300)
    watcher.watch([tmp_path / "notes"])
    batches: list[set[str]] = []
    watcher.changed.connect(lambda: batches.append(watcher.last_batch))
    for path in files:  # a `git pull`
        path.write_text(path.read_text(encoding="utf-8") + "\nPulled.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: bool(batches) and not watcher.pending, timeout=15_000)
    assert len(batches) == 1
    assert {str(p) for p in files} <= batches[0]
    watcher.stop()


def test_out_of_watches_a_folder_is_polled_later_ones_watched_and_it_says_so(
        qtbot, tmp_path: Path) -> None:
    from tests.stress_watcher import out_of_watches

    starved = _tree(tmp_path / "starved", 1, 3)
    later = _tree(tmp_path / "later", 1, 3)
    watcher = FolderWatcher(delay_ms=50)
    with out_of_watches(tmp_path / "starved"), qtbot.waitSignal(watcher.trouble) as said:
        watcher.watch([tmp_path / "starved", tmp_path / "later"])
    assert str(tmp_path / "starved") in said.args[0] and "max_user_watches" in said.args[0]
    for path in (later[0], starved[0]):  # the later folder at once, the starved one polled
        with (qtbot.waitSignal(watcher.changed, timeout=15_000),
              path.open("a", encoding="utf-8") as handle):
            handle.write("\nA new line.\n")
        assert str(path) in watcher.last_batch
    watcher.stop()
