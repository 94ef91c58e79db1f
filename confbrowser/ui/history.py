"""Back / forward through the places opened, like a browser (plain Python, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

LIMIT = 200  # a session rarely opens more; older steps drop off


@dataclass
class History:
    """A list of opened places with a cursor; opening drops the forward steps."""

    places: list[str] = field(default_factory=list)
    cursor: int = -1

    def visit(self, place: str) -> None:
        if self.current() == place:
            return
        del self.places[self.cursor + 1:]
        self.places.append(place)
        if len(self.places) > LIMIT:
            del self.places[0]
        self.cursor = len(self.places) - 1

    def replace(self, place: str) -> None:
        """Put PLACE where the current place is (the same talk under a new id)."""
        if self.cursor >= 0:
            self.places[self.cursor] = place

    def current(self) -> str | None:
        return self.places[self.cursor] if self.cursor >= 0 else None

    def back(self) -> str | None:
        if self.cursor <= 0:
            return None
        self.cursor -= 1
        return self.places[self.cursor]

    def forward(self) -> str | None:
        if self.cursor >= len(self.places) - 1:
            return None
        self.cursor += 1
        return self.places[self.cursor]
