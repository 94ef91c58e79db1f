"""load_library: folders and files in, a Library and warnings out; never an exception."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from confbrowser.core.model import UNSORTED_CONFERENCE, talk_id
from confbrowser.core.notes import MAX_FILE_BYTES, library_outline, load_library

TALK = "# PyCon 2019\n\n## {title}\n\nAnn Lee\n\nBody of {title}.\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(library) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(w.path).name: w.message for w in library.warnings}


def test_folders_are_read_recursively_in_sorted_order_without_hidden_files(tmp_path: Path):
    notes = tmp_path / "notes"
    write(notes / "b.md", TALK.format(title="Beta"))
    write(notes / "a" / "z.txt", TALK.format(title="Alpha"))
    write(notes / "noext", TALK.format(title="Gamma"))
    write(notes / ".hidden.md", TALK.format(title="Hidden"))
    write(notes / ".git" / "x.md", TALK.format(title="Git"))
    write(notes / "img" / "slide.png", b"\x89PNG\x00\x00")
    library = load_library([notes])
    assert [t.title for t in library.talks()] == ["Alpha", "Beta", "Gamma"]
    assert library.files == tuple(str(p) for p in (
        notes / "a" / "z.txt", notes / "b.md", notes / "noext"))
    assert library.warnings == ()


def test_same_conference_from_several_files_merges_in_file_order(tmp_path: Path) -> None:
    write(tmp_path / "n" / "1.md", TALK.format(title="One") + "\nPyCon 2019 was in Cleveland.")
    write(tmp_path / "n" / "2.md", "---\ndate: 2019-05-01\n---\n" + TALK.format(title="Two"))
    library = load_library([tmp_path / "n"])
    (conference,) = library.conferences
    assert [t.title for t in conference.talks] == ["One", "Two"]
    assert (conference.year, str(conference.date)) == (2019, "2019-05-01")


def test_unsorted_talks_come_last(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "a.md", "# Stray talk\n\ntext\n")
    write(tmp_path / "notes" / "b.md", TALK.format(title="One"))
    names = [c.name for c in load_library([tmp_path / "notes"]).conferences]
    assert names == ["PyCon 2019", UNSORTED_CONFERENCE]


def test_ids_are_stable_and_disambiguated_in_file_order(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes / "a.md", TALK.format(title="Same title"))
    write(notes / "b.md", TALK.format(title="Same title"))
    first = [t.id for t in load_library([notes]).talks()]
    assert first == [talk_id("PyCon 2019", "Same title"), talk_id("PyCon 2019", "Same title")
                     + "-2"]
    # editing other parts of a file or moving it within its folder keeps the id
    write(notes / "a.md", "\n\n\n" + TALK.format(title="Same title") + "\nmore text\n")
    (notes / "sub").mkdir()
    (notes / "b.md").rename(notes / "sub" / "b.md")
    assert [t.id for t in load_library([notes]).talks()] == first


def test_bad_files_become_warnings_and_never_stop_the_scan(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes / "good.md", TALK.format(title="Good"))
    write(notes / "binary.bin", b"\x00\x01\x02binary\x00" * 100)
    write(notes / "empty.md", "")
    write(notes / "blank.md", "   \n\n")
    write(notes / "latin.txt", "# Café talk\n\nBody “quoted”\n".encode("cp1252"))
    with open(notes / "huge.md", "wb") as handle:  # sparse: no 10 MB written to disk
        handle.truncate(MAX_FILE_BYTES + 1)
    library = load_library([notes, tmp_path / "missing"])
    found = messages(library)
    assert found["binary.bin"] == "binary file, skipped"
    assert found["empty.md"] == "empty file"
    assert found["blank.md"] == "empty file"
    assert found["latin.txt"] == "not UTF-8; read as Windows-1252 (cp1252)"
    assert found["huge.md"].startswith("larger than 10 MB")
    assert found["missing"] == "no such file or folder"
    titles = [t.title for t in library.talks()]
    assert "Good" in titles and "Café talk" in titles
    talk = next(t for t in library.talks() if t.title == "Café talk")
    assert "“quoted”" in talk.body
    assert all(Path(w.path).is_absolute() for w in library.warnings)


def test_unreadable_file_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "notes" / "secret.md", TALK.format(title="Secret"))
    write(tmp_path / "notes" / "open.md", TALK.format(title="Open"))
    real_open = os.open

    def refuse(file: object, flags: int, *args: object) -> int:  # root reads anything,
        if Path(str(file)).name == "secret.md":  # so chmod 0 cannot be used here
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    library = load_library([tmp_path / "notes"])
    assert messages(library) == {"secret.md": "cannot be read (Permission denied)"}
    assert [t.title for t in library.talks()] == ["Open"]
    assert str(path) not in library.files


def test_a_file_can_be_given_directly_and_twice(tmp_path: Path) -> None:
    path = write(tmp_path / "notes" / "one.md", TALK.format(title="One"))
    library = load_library([path, tmp_path / "notes"])
    assert [t.title for t in library.talks()] == ["One"]
    assert library.files == (str(path),)


def test_utf16_and_bom_files_are_read(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "bom.md", "\ufeff" + TALK.format(title="Bom"))
    write(tmp_path / "notes" / "wide.md", TALK.format(title="Wide").encode("utf-16"))
    library = load_library([tmp_path / "notes"])
    assert [t.title for t in library.talks()] == ["Bom", "Wide"]
    assert library.warnings == ()


def test_outline_json_contract(tmp_path: Path) -> None:
    path = write(tmp_path / "notes" / "one.md",
                 "---\ndate: 2019-05-03\n---\n# PyCon 2019\n\n## One\n\nAnn Lee - Acme\n\n"
                 "[Video](https://youtu.be/x)\n")
    write(tmp_path / "notes" / "zero.md", "")
    data = library_outline(load_library([tmp_path / "notes"]))
    assert data == {
        "conferences": [{
            "name": "PyCon 2019", "year": 2019, "date": "2019-05-03", "tracks": [],
            "talks": [{
                "id": "pycon-2019/one", "title": "One",
                "speakers": [{"name": "Ann Lee", "affiliation": "Acme"}], "track": None,
                "links": [{"label": "Video", "url": "https://youtu.be/x"}],
                "source": {"path": str(path), "line": 6},
            }],
        }],
        "warnings": [{"path": str(tmp_path / "notes" / "zero.md"), "message": "empty file"}],
    }


def test_a_readme_without_a_heading_is_neither_a_talk_nor_a_name(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "pycon-2016" / "README.txt", "Notes I took, roughly.\n")
    write(tmp_path / "notes" / "pycon-2016" / "talk.md", "# A talk\n\ntext\n")
    library = load_library([tmp_path / "notes"])
    assert [(c.name, [t.title for t in c.talks]) for c in library.conferences] == [
        ("PyCon 2016", ["A talk"])]


def test_unsorted_talks_have_no_conference_dates(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "a.md", "---\ndate: 2021-01-02\n---\n# A stray talk\n\ntext\n")
    (conference,) = load_library([tmp_path / "notes"]).conferences
    assert (conference.name, conference.year, conference.date) == (UNSORTED_CONFERENCE, None,
                                                                   None)


def test_an_index_with_sections_but_no_talks_describes_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "notes" / "djangocon-eu"
    write(folder / "index.rst", "======================\nDjangoCon Europe 2013\n"
          "======================\n\n* Location: Warsaw, Poland\n* URL: http://example.org\n\n"
          "Opening\n-------\n\nThanks.\n\nTalks\n-----\n\n.. toctree::\n\n   circus\n")
    write(folder / "circus.rst", "======\nCircus\n======\n\nA process manager.\n")
    (conference,) = load_library([tmp_path / "notes"]).conferences
    assert (conference.name, conference.location) == ("DjangoCon Europe 2013", "Warsaw, Poland")
    assert [(t.title, t.source.line) for t in conference.talks] == [("Circus", 2)]
    assert "## Opening\n\nThanks." in conference.overview


def test_temporary_and_generic_folders_name_no_conference(tmp_path: Path) -> None:
    for folder in ("tmpk3j_x9", "Downloads", "notes", "day-2"):
        write(tmp_path / folder / "talk.md", "# A talk\n\ntext\n")
    library = load_library([tmp_path / f for f in ("tmpk3j_x9", "Downloads", "notes", "day-2")])
    assert [c.name for c in library.conferences] == [UNSORTED_CONFERENCE]
    assert [t.id for t in library.talks()] == [
        "unsorted-talks/a-talk", "unsorted-talks/a-talk-2", "unsorted-talks/a-talk-3",
        "unsorted-talks/a-talk-4"]


def test_mostly_utf8_with_a_stray_byte_stays_utf8(tmp_path: Path) -> None:
    data = "# Café talk\n\nJosé Valim\n\nnaïve résumé\n".encode() + b"\x93oops\n"
    write(tmp_path / "notes" / "mixed.md", data)
    library = load_library([tmp_path / "notes"])
    (talk,) = library.talks()
    assert (talk.title, talk.speakers[0].name) == ("Café talk", "José Valim")
    assert messages(library) == {"mixed.md": "not valid UTF-8; 1 undecodable byte(s) replaced"}


def test_special_files_and_closed_folders_are_warnings(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes / "talk.md", TALK.format(title="Fine"))
    os.mkfifo(notes / "pipe.md")  # reading it would block the scan forever
    library = load_library([notes])
    assert messages(library) == {"pipe.md": "not a regular file, skipped"}
    assert [t.title for t in library.talks()] == ["Fine"]


def test_a_folder_that_cannot_be_entered_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = tmp_path / "closed" / "notes"
    is_dir = Path.is_dir

    def refuse(self: Path) -> bool:  # as for /root/notes seen by another user
        if self == closed:
            raise PermissionError(13, "Permission denied", str(self))
        return is_dir(self)

    monkeypatch.setattr(Path, "is_dir", refuse)
    library = load_library([closed])
    assert [(w.path, w.message) for w in library.warnings] == [
        (str(closed), "cannot be read (Permission denied)")]


def test_a_readme_with_nothing_to_describe_keeps_its_notes(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "PyCon 2019" / "README.md",
          "# PyCon 2019\n\nMet lots of people; the hallway track was the best.\n")
    library = load_library([tmp_path / "notes"])
    (talk,) = library.talks()
    assert talk.conference == "PyCon 2019"
    assert "hallway track" in talk.body


def test_a_readme_and_an_index_in_one_folder_both_describe_it(tmp_path: Path) -> None:
    folder = tmp_path / "notes" / "conf"
    write(folder / "README.md", "# PyCon 2019\n\nFrom the readme.\n")
    write(folder / "index.md", "# PyCon 2019\n\nFrom the index.\n")
    write(folder / "talk.md", "# A talk\n\nAnn Lee\n\nBody.\n")
    (conference,) = load_library([tmp_path / "notes"]).conferences
    assert [t.title for t in conference.talks] == ["A talk"]
    assert "From the readme." in conference.overview
    assert "From the index." in conference.overview


def test_a_place_or_date_the_conference_cannot_keep_stays_with_the_talk(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "a.md", "# Talk A\n\nAnn Lee\nLocation: Berlin\n\nText.\n")
    write(tmp_path / "notes" / "b.md", "# Talk B\n\nBo Chen\nDate: 2020-02-03\n\nText.\n")
    library = load_library([tmp_path / "notes"])
    a, b = library.talks()
    assert a.conference == b.conference == UNSORTED_CONFERENCE  # which keeps no place or date
    assert a.body == "Location: Berlin\n\nText."
    assert b.body == "Date: 2020-02-03\n\nText."


def test_a_readme_naming_a_speaker_is_a_talk_not_a_descriptor(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "conf" / "README.md", "Keynote notes\n\nSpeaker: Ann Lee\n\nText.\n")
    write(tmp_path / "notes" / "conf" / "other.md", "# Other talk\n\nBo Chen\n\nMore.\n")
    library = load_library([tmp_path / "notes"])
    assert [t.title for t in library.talks()] == ["Other talk", "Keynote notes"]


def test_front_matter_without_a_title_titles_the_talk_by_its_file_name(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "async-python_tips.md",
          "---\nconference: PyCon 2019\nspeaker: Jane Doe\n---\n")
    write(tmp_path / "notes" / "tags-only.md", "---\ntags: [a, b]\n---\n")
    library = load_library([tmp_path / "notes"])
    (talk,) = library.talks()
    assert (talk.conference, talk.title, talk.speakers[0].name) == (
        "PyCon 2019", "Async python tips", "Jane Doe")
    assert library.warnings == ()


def test_a_symlinked_folder_is_read_and_a_link_back_up_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "linked.md", TALK.format(title="Linked In"))
    write(tmp_path / "notes" / "here.md", TALK.format(title="Here"))
    (tmp_path / "notes" / "shared").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "notes" / "shared-again").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "notes" / "sub").mkdir()
    (tmp_path / "notes" / "sub" / "up").symlink_to(tmp_path / "notes")  # a loop
    library = load_library([tmp_path / "notes"])
    assert sorted(t.title for t in library.talks()) == ["Here", "Linked In"]
    loops = {Path(w.path).name: w.message for w in library.warnings}
    assert "a folder already read" in loops["up"]
    assert "a folder already read" in loops["shared-again"]
