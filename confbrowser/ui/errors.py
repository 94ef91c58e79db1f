"""One road for every error the window shows: it is logged (with its traceback) as it is shown.

Widgets and workers call `shown_error(message, exc)` where they catch a failure and display
the text it returns; the log then holds what the user saw and why, for a bug report.
"""

from __future__ import annotations

import logging
import sys
import types

log = logging.getLogger("confbrowser.ui")


def shown_error(message: str, exc: BaseException | None = None) -> str:
    """Log MESSAGE (and EXC's traceback) as an error shown to the user; return MESSAGE."""
    log.error("shown: %s", message, exc_info=(type(exc), exc, exc.__traceback__) if exc else None)
    return message


def shown_warning(message: str) -> str:
    """Log MESSAGE as a warning shown to the user (no exception behind it); return it."""
    log.warning("shown: %s", message)
    return message


def log_uncaught(kind: type[BaseException], exc: BaseException,
                 tb: types.TracebackType | None) -> None:
    """sys.excepthook for the GUI: an exception escaping a slot goes to the log, then stderr."""
    log.critical("uncaught exception", exc_info=(kind, exc, tb))
    sys.__excepthook__(kind, exc, tb)
