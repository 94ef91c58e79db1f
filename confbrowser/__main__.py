"""Entry point: parse arguments, build paths, start the CLI or the GUI."""

from __future__ import annotations

import sys

from confbrowser import cli


def main(argv: list[str] | None = None) -> int:
    """Run a CLI subcommand, or the GUI when none is given."""
    args = cli.parse_args(sys.argv[1:] if argv is None else argv)
    context = cli.Context.from_args(args)
    if args.self_check:
        from confbrowser.selfcheck import run_self_check

        return run_self_check(context)
    if args.command is None:
        from confbrowser.ui.app import run_gui  # Qt is imported only for the GUI

        return run_gui(context, args)
    return cli.run(context, args)


if __name__ == "__main__":
    sys.exit(main())
