"""The CLI's standard streams: output in UTF-8 whatever the locale, and a closed stdout that fails as a full
disk does. Imported by ``nss_kg.cli.main`` where Ctrl-C is already one line (this module is not loaded by the
console-script launcher, whose imports Ctrl-C can still interrupt)."""

from __future__ import annotations

import sys


class _ClosedOutput:
    """Standard output when the command was started with it closed (``>&-``): writing fails as a full disk
    does, so that the command ends in one line and exit 4 where it has output to write, and not otherwise."""

    def __init__(self) -> None:
        self.buffer = self

    def write(self, data: object) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def standard_streams() -> None:
    """Output in UTF-8 whatever the locale (the graph's labels are CJK), errors that cannot fail to print."""
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    elif hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if sys.stderr is not None and hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")
