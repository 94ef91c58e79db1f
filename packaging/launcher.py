"""Start confbrowser from the PyInstaller bundle (PyInstaller needs a script, not a module)."""

import multiprocessing
import sys

from confbrowser.__main__ import main

if __name__ == "__main__":
    # Whoosh's multi-process writer re-executes the frozen binary; without this the child
    # would start a second app instead of its worker.
    multiprocessing.freeze_support()
    sys.exit(main())
