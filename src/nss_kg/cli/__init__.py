"""The ``nss-kg`` command line: one module per command, each with ``add_parser`` and ``run``; the parser they
share is ``nss_kg.cli.parser``. At the top this module imports only ``os`` and ``sys``, which the interpreter
has loaded before any of our code runs: everything else is imported inside ``main``, so that Ctrl-C at any
moment of our code is one line and exit code 130."""

from __future__ import annotations

import os
import sys


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _interrupted() -> int:
    print("nss-kg: interrupted", file=sys.stderr)
    return 130


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM (timeout, systemd, a cancelled CI job) and SIGHUP (a closed terminal) end a command as Ctrl-C
    # does: whatever cleans up after Ctrl-C (a load's temporary graph, a half-written file) runs for them too.
    raise KeyboardInterrupt


def _in_main_thread() -> bool:
    """Whether this is the main thread, the only one that may set signal handlers (main() may run in another,
    as a library call)."""
    import threading

    return threading.current_thread() is threading.main_thread()


def main(argv: list[str] | tuple[str, ...] | None = None) -> int:
    """Run the CLI and return its exit code: 0 done, 1 a finding (violations), 2 bad input, 3 endpoint,
    4 a local resource (output, memory, time limit), 130 interrupted (Ctrl-C, SIGTERM, SIGHUP)."""
    try:
        import signal  # its enum import would come with argparse's re anyway

        previous = {}
        for name in ("SIGTERM", "SIGHUP"):  # no SIGHUP on Windows
            if hasattr(signal, name) and _in_main_thread():
                previous[getattr(signal, name)] = signal.signal(getattr(signal, name), _terminated)
        import nss_kg.errors  # noqa: F401 -- loaded here, where Ctrl-C is still one line
        from nss_kg.cli import streams

        streams.standard_streams()
    except KeyboardInterrupt:
        return _interrupted()
    try:
        return _run(argv)
    finally:
        for signum, handler in previous.items():  # main() called as a library function leaves them as found
            signal.signal(signum, handler)


def _run(argv: list[str] | tuple[str, ...] | None) -> int:
    from nss_kg.errors import LocalResourceError, NssKgError  # loaded already, by main()

    try:
        from nss_kg.cli.parser import parse

        args = parse(list(sys.argv[1:] if argv is None else argv))
        code: int = args.run(args)
        sys.stdout.flush()  # here, where a full disk is still ours to report
        return code
    except NssKgError as error:
        print(f"nss-kg: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: nothing more to say.
        _silence_stdout()
        return 0
    except MemoryError:
        print("nss-kg: error: out of memory (is an input file or literal too large?)", file=sys.stderr)
        return LocalResourceError.exit_code
    except OSError as error:
        # Our own reads turn their OSErrors into InputErrors: what is left is writing the output.
        _silence_stdout()
        reason = error.strerror or type(error).__name__
        print(f"nss-kg: error: cannot write the output: {reason}", file=sys.stderr)
        return LocalResourceError.exit_code


if __name__ == "__main__":
    sys.exit(main())
