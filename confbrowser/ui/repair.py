"""When a search finds the index damaged or gone: a banner says it is being rebuilt, the log
gets the detail, the index is rebuilt, and the query runs again — never a raw exception
with an internal path in the results. Mixed into MainWindow."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from confbrowser.ui.services import AppServices

log = logging.getLogger("confbrowser.ui")


class RepairMixin:
    """Rebuild the index a search found unusable; expects the window's ui, search, indexer."""

    ui: Any
    search: Any
    indexer: Any
    services: AppServices

    def watch_index_health(self) -> None:
        self.search.index_broken.connect(self._on_index_broken)

    def _on_index_broken(self, detail: str) -> None:
        log.warning("the search index is damaged or gone; rebuilding it: %s", detail)
        self.ui.results.show_repairing()
        self.ui.index_status.label.setText("Rebuilding the search index\u2026")
        if self.search.ready:  # once: the sync's end (synced) runs the query again
            self.search.set_ready(False)
            self.indexer.sync(self.services.library)
