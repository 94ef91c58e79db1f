"""The facet bar over the results: narrow to a conference or a year (with counts), sort.

Three drop-downs the keyboard reaches (Tab, and the window's narrow/sort commands); a
choice says `narrowing_changed` with a search.Narrowing, and the window searches again.
The counts are of every match of the query before narrowing, so the other choices stay
on offer with what they would give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QWidget

if TYPE_CHECKING:
    from confbrowser.core.search import Facets, Narrowing

SORT_LABELS = {"relevance": "By relevance", "year": "By year, newest first", "title": "By title"}


class FacetBar(QWidget):
    """Conference, year and sort drop-downs for the results list."""

    narrowing_changed = Signal(object)  # search.Narrowing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conference = self._combo("Narrow to one conference")
        self.year = self._combo("Narrow to one year")
        self.sort = self._combo("Sort the results")
        for key, label in SORT_LABELS.items():
            self.sort.addItem(label, key)
        # two rows: a conference's name needs the pane's width, a year and an order do not
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(4)
        layout.addWidget(self.conference, 0, 0, 1, 2)
        layout.addWidget(self.year, 1, 0)
        layout.addWidget(self.sort, 1, 1)
        self._filling = False
        self.set_facets(None)
        for combo in (self.conference, self.year, self.sort):
            combo.activated.connect(self._on_chosen)

    def narrowing(self) -> Narrowing:
        """Return the Narrowing the drop-downs say now."""
        from confbrowser.core.search import Narrowing

        conference, year = self.conference.currentData(), self.year.currentData()
        return Narrowing(frozenset({conference}) if conference else frozenset(),
                         frozenset({year}) if year else frozenset(),
                         self.sort.currentData() or "relevance")

    def set_facets(self, facets: Facets | None) -> None:
        """Show FACETS' counts (search.Facets; None: none yet), keeping the choices made."""
        self._filling = True
        try:
            conferences = dict(facets.conferences) if facets else {}
            years = dict(facets.years) if facets else {}
            self._fill(self.conference, "All conferences", conferences)
            self._fill(self.year, "All years", years)
        finally:
            self._filling = False

    def reset(self) -> None:
        """Go back to everything, by relevance (a new query starts unnarrowed)."""
        self.conference.setCurrentIndex(0)
        self.year.setCurrentIndex(0)
        self.sort.setCurrentIndex(0)

    def choose(self, which: str, value: object) -> None:
        """Pick VALUE in the WHICH drop-down ("conference", "year", "sort") as a user would."""
        combo = {"conference": self.conference, "year": self.year, "sort": self.sort}[which]
        found = combo.findData(value)
        if found >= 0:
            combo.setCurrentIndex(found)
            self._on_chosen()

    def open(self, which: str) -> None:
        """Focus the WHICH drop-down and open it (the window's keyboard commands)."""
        combo = {"conference": self.conference, "year": self.year, "sort": self.sort}[which]
        combo.setFocus()
        combo.showPopup()

    def _combo(self, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setToolTip(tip)
        combo.setAccessibleName(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _fill(self, combo: QComboBox, everything: str, counts: dict[Any, int]) -> None:
        chosen = combo.currentData()
        combo.clear()
        combo.addItem(f"{everything} ({sum(counts.values())})" if counts else everything, None)
        for value, count in counts.items():
            combo.addItem(f"{value} ({count})", value)
        if chosen is not None and combo.findData(chosen) < 0:
            combo.addItem(f"{chosen} (0)", chosen)  # a choice the new query has none of
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)

    def _on_chosen(self, *_args: object) -> None:
        if not self._filling:
            self.narrowing_changed.emit(self.narrowing())
