"""`confbrowser search` while another program holds the index (found by `make stress`)."""

from __future__ import annotations

from pathlib import Path

from confbrowser.__main__ import main
from confbrowser.core import index as talk_index


def test_search_answers_from_the_index_as_it_is_while_it_is_busy(capsys, tmp_path: Path,
                                                                  monkeypatch):
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "index"]) == 0
    capsys.readouterr()

    def busy(self, *args, **kwargs):
        raise talk_index.IndexBusyError("another program kept the search index busy for 60 s")

    monkeypatch.setattr(talk_index.TalkIndex, "sync", busy)
    assert main([*data, "search", "--json", "python"]) == 0
    out, err = capsys.readouterr()
    assert '"total"' in out
    assert "another program is updating the search index" in err
    assert "lock" not in err.lower()


def test_a_busy_index_that_cannot_be_searched_is_a_clear_error(capsys, tmp_path: Path,
                                                             monkeypatch):
    def busy(self, *args, **kwargs):
        raise talk_index.IndexBusyError("another program kept the search index busy for 60 s")

    monkeypatch.setattr(talk_index.TalkIndex, "sync", busy)
    assert main(["--data-dir", str(tmp_path / "data"), "search", "python"]) != 0
    assert "busy" in capsys.readouterr().err
