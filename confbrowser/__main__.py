"""Entry point: parse arguments, build the one setup root, configure logging, start the CLI or
the GUI."""

from __future__ import annotations

import argparse
import logging
import sys

from confbrowser import __version__, cli, logs
from confbrowser.core.workspace import Workspace

log = logging.getLogger("confbrowser")


def main(argv: list[str] | None = None) -> int:
    """Run a CLI subcommand, or the GUI when none (or `open`) is given; return the exit status.

    0: success, 1: failed, 2: bad usage (argparse exits with 2 itself).
    """
    argv = sys.argv[1:] if argv is None else argv
    args = cli.parse_args(argv)
    workspace = cli.workspace_from_args(args)  # opens nothing yet: each part on first use
    log_dir = None if args.self_check else workspace.paths.logs  # it writes only to its temp dir
    log_path = logs.configure(log_dir, verbose=args.verbose)
    log.info("confbrowser %s started: %s", __version__, " ".join(argv) or "(no arguments)")
    try:
        return _dispatch(workspace, args)
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        log.exception("unexpected error")
        where = f" (the traceback is in {log_path})" if log_path else ""
        print(f"confbrowser: error: {exc or type(exc).__name__}{where}", file=sys.stderr)
        return cli.EXIT_FAILED
    finally:
        workspace.close()
        logs.close()


def _dispatch(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.install_desktop or args.uninstall_desktop:
        from confbrowser import desktop
        from confbrowser.core.paths import resources_dir

        return desktop.run(resources_dir(), None, uninstall_=args.uninstall_desktop)
    if args.self_check:
        from confbrowser.selfcheck import run_self_check

        return run_self_check()
    if args.command in (None, "open"):
        from confbrowser.ui.app import run_gui  # Qt is imported only for the GUI

        return run_gui(workspace, args)
    return cli.run(workspace, args)


if __name__ == "__main__":
    sys.exit(main())
