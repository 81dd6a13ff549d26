"""Writing files and folders so that a reader finds the old version or the new one, never half of one.

A file is written to a temporary file beside it and renamed over it; a folder is built as a sibling and
swapped in. A full disk, Ctrl-C, SIGTERM or a second copy of the command leaves what was there before, and no
temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from nss_kg.errors import InputError, LocalResourceError

T = TypeVar("T")


def _cannot(what: str | os.PathLike[str], error: OSError) -> LocalResourceError:
    return LocalResourceError(f"cannot write {os.fspath(what)}: {error.strerror or error}")


def write_atomically(path: str | os.PathLike[str], content: bytes) -> None:
    """``content`` as the file ``path``, replacing it in one rename; a LocalResourceError if it cannot be
    written, the file as it was."""
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _cannot(target, error) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise _cannot(target, error) from None
    except BaseException:  # Ctrl-C, SIGTERM (the CLI turns it into KeyboardInterrupt): no temporary left
        _remove(temporary)
        raise


def replace_folder(path: str | os.PathLike[str], build: Callable[[Path], T]) -> T:
    """Call ``build`` on a new, empty sibling folder of ``path``, then put it in the place of ``path``. The
    folder is new, so no link in an old one is followed; an old folder is removed only once the new one
    stands. An InputError for an empty, root or non-folder ``path``; a LocalResourceError if writing fails."""
    target = Path(os.fspath(path))
    if not os.fspath(path) or target.resolve() == Path(target.resolve().anchor):
        raise InputError(f"refusing to write a site into {os.fspath(path)!r}: name a folder of its own")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError(f"{target} exists and is not a folder")
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.new."))
        # mkdtemp makes it private (0700): a web server reading the site would be refused every file (403).
        os.chmod(building, 0o777 & ~_umask())
    except OSError as error:
        raise _cannot(target, error) from None
    try:
        result = build(building)
        _swap(building, target.resolve())
    except OSError as error:
        raise _cannot(target, error) from None
    finally:
        shutil.rmtree(building, ignore_errors=True)  # gone already where the swap succeeded
    return result


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old."))
    old.rmdir()  # only its unique name is wanted
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)  # the old site back in place
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
