"""Entry point: parse arguments, build paths, configure logging, start the CLI or the GUI."""

from __future__ import annotations

import argparse
import logging
import sys

from confbrowser import __version__, cli, logs

log = logging.getLogger("confbrowser")


def main(argv: list[str] | None = None) -> int:
    """Run a CLI subcommand, or the GUI when none (or `open`) is given; return the exit status.

    0: success, 1: failed, 2: bad usage (argparse exits with 2 itself).
    """
    argv = sys.argv[1:] if argv is None else argv
    args = cli.parse_args(argv)
    context = cli.Context.from_args(args)
    log_dir = None if args.self_check else context.paths.logs  # it writes only to its temp dir
    log_path = logs.configure(log_dir, verbose=args.verbose)
    log.info("confbrowser %s started: %s", __version__, " ".join(argv) or "(no arguments)")
    try:
        return _dispatch(context, args)
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        log.exception("unexpected error")
        where = f" (the traceback is in {log_path})" if log_path else ""
        print(f"confbrowser: error: {exc or type(exc).__name__}{where}", file=sys.stderr)
        return cli.EXIT_FAILED
    finally:
        logs.close()


def _dispatch(context: cli.Context, args: argparse.Namespace) -> int:
    if args.install_desktop or args.uninstall_desktop:
        from confbrowser import desktop
        from confbrowser.core.paths import resources_dir

        return desktop.run(resources_dir(), None, uninstall_=args.uninstall_desktop)
    if args.self_check:
        from confbrowser.selfcheck import run_self_check

        return run_self_check(context)
    if args.command in (None, "open"):
        from confbrowser.ui.app import run_gui  # Qt is imported only for the GUI

        return run_gui(context, args)
    return cli.run(context, args)


if __name__ == "__main__":
    sys.exit(main())
