"""The errors nss-kg raises: each carries a one-line message meant for the user, and the CLI's exit code.

Exit codes (the table in docs/cli-and-python.md): 0 done, 1 validation findings, 2 bad input, 3 a remote
endpoint failed, 4 a local resource failed (output not writable, out of memory, a local query past its time
limit), 130 interrupted.
"""

from __future__ import annotations

# Control characters (a NUL byte in a file name, an escape sequence in a server's message) would reach the
# user's terminal raw; they are shown escaped, and white space runs as one space. A table, not a regular
# expression: this module is imported before the CLI can catch Ctrl-C, so it imports nothing.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}
#: Longest message kept whole: a 20 MB IRI quoted in an error stays readable.
MAX_MESSAGE = 2000


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line: control characters escaped, white space collapsed, cut to ``limit``."""
    if len(text) > limit * 4:
        text = text[: limit * 2] + " " + text[-limit * 2 :]
    flat = " ".join(text.translate(_CONTROL).split())
    # The middle goes: a message's end ("… is not a valid xsd:date") says what is wrong.
    half = (limit - 1) // 2
    return flat if len(flat) <= limit else flat[:half] + "…" + flat[-half:]


class NssKgError(Exception):
    """Base of every error nss-kg reports to a user; ``str()`` is one line."""

    exit_code = 2

    def __str__(self) -> str:
        return one_line(super().__str__())


class InputError(NssKgError):
    """A file or value the user gave cannot be used (missing, unreadable, malformed)."""


class ArgumentError(InputError, TypeError):
    """A library function was given an argument of the wrong type; the message names the argument."""


class QueryError(NssKgError):
    """An unknown query, a malformed query text, or a query that may not run here."""


class ParameterError(NssKgError):
    """A query parameter is unknown, missing, ill-typed or outside its allowed values."""


class EndpointError(NssKgError):
    """A remote SPARQL endpoint refused, timed out, failed or answered something that is not SPARQL."""

    exit_code = 3


class LocalResourceError(NssKgError):
    """Output could not be written, memory ran out, or a local query ran past its time limit."""

    exit_code = 4
