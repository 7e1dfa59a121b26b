"""Safe writes to a graph directory: one writer at a time, outputs swapped in whole.

:func:`locked` takes an exclusive ``flock`` on ``DIR/.kg-lock``: a second writer is refused
at once, and the kernel drops the lock when its holder dies, so a killed build never
leaves a stale lock. Forked children (``--jobs`` workers) close their copy of it, so
workers outliving a killed build do not hold DIR.

:func:`staged` gives the outputs a scratch directory, ``DIR/.kg-new``; nothing in DIR
changes while they are written. When all are written and flushed to disk, a journal
listing them (name and inode) is written atomically, then each output is renamed over
its old version: ``os.replace`` for files, an atomic exchange for directories (Linux's
``renameat2``; elsewhere the old directory is first moved aside). The journal makes the
swap restartable: :func:`recover`, run by the next writer, finishes a swap a kill cut
short and removes the scratch left by a run killed before its swap. So a kill at any
moment leaves every entry of DIR either the previous or the new version, never a
partial one; only a kill during the swap itself (a few renames) leaves a mix, which
the next build completes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from kg.errors import BuildError
from kg.io.names import shown

try:
    import fcntl
except ImportError:  # not POSIX: no lock (documented in docs/RELIABILITY.md)
    fcntl = None

LOCK = ".kg-lock"
STAGING = ".kg-new"  # outputs being written; with a journal, outputs being swapped in
OLD = ".kg-old"  # old directories moved aside where they cannot be exchanged
SCRATCH = frozenset({LOCK, STAGING, OLD})  # DIR entries kg keeps for itself
_JOURNAL = ".kg-commit"  # inside STAGING: its presence means "all written, swap them in"
_HELD: set[int] = set()  # lock file descriptors this process holds


def _drop_locks_in_child() -> None:
    for fd in _HELD:
        os.close(fd)  # the lock stays with the parent, which still has it open
    _HELD.clear()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_drop_locks_in_child)


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold DIR's write lock (DIR is created if missing) for the ``with`` block.

    Raises:
        BuildError: another process holds it, or the lock file cannot be made.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise BuildError(
            f"{shown(directory)}: cannot lock it for writing: {_reason(error)}"
        ) from None
    _HELD.add(fd)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BuildError(
                    f"{shown(directory)}: another kg build is writing this directory; "
                    "run this one when it has finished"
                ) from None
        yield
    finally:
        if fd in _HELD:  # else a forked child, which closed it already
            _HELD.discard(fd)
            os.close(fd)  # releases the lock


class Stage:
    """Where a build writes DIR's outputs before they are swapped in (see :func:`staged`)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.root = directory / STAGING
        self.names: list[str] = []  # in the order they will be swapped in

    def path(self, name: str) -> Path:
        """The scratch path to write DIR/``name`` to; the last one asked is swapped in last."""
        if name in self.names:
            self.names.remove(name)
        self.names.append(name)
        return self.root / name


@contextlib.contextmanager
def staged(directory: Path) -> Iterator[Stage]:
    """Collect outputs in a :class:`Stage`; swap them into DIR when the block ends
    without an exception, else drop them (DIR unchanged). Call it holding the lock.

    Raises:
        BuildError: the disk refused a write (DIR unchanged), or the swap could not
            finish (a re-run finishes it).
    """
    stage = Stage(directory)
    _remove(stage.root)
    _on_disk(stage.root.mkdir, directory)
    try:
        yield stage
        _on_disk(lambda: _seal(stage), directory)
    except BaseException:
        _remove(stage.root)
        raise
    _swap_in(directory)


def _seal(stage: Stage) -> None:
    """Flush the outputs to disk, then write the journal that says they are complete."""
    _fsync_tree(stage.root)
    journal = [{"name": n, "id": _identity(stage.root / n)} for n in stage.names]
    _write_atomic(stage.root / _JOURNAL, json.dumps(journal))


def _on_disk(action, directory: Path) -> None:
    try:
        action()
    except OSError as error:  # ENOSPC, EFBIG, EACCES: one line, DIR as it was
        where = error.filename or directory
        raise BuildError(
            f"{shown(where)}: not written: {_reason(error)}; {shown(directory)} is unchanged"
        ) from None


def recover(directory: Path) -> None:
    """Finish a swap a killed writer left half done; remove scratch it left. Hold the lock.

    Raises:
        BuildError: the swap cannot be finished (the disk refuses a rename).
    """
    if pending(directory):
        _swap_in(directory)
    _remove(directory / STAGING)
    _remove(directory / OLD)


def pending(directory: Path) -> bool:
    """A writer was killed while swapping its outputs into DIR (:func:`recover` finishes it)."""
    return (directory / STAGING / _JOURNAL).is_file()


def _swap_in(directory: Path) -> None:
    staging = directory / STAGING
    try:
        journal = json.loads((staging / _JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # not a journal kg wrote (written atomically, so never a partial one)
    try:
        for entry in journal:
            _install(staging / entry["name"], directory / entry["name"], entry["id"])
        _fsync(directory)
    except OSError as error:  # the journal stays: the next build finishes the swap
        raise BuildError(
            f"{shown(directory)}: the new graph could not replace the old one: {_reason(error)}; "
            "run the command again to finish"
        ) from None
    _remove(staging)
    _remove(directory / OLD)


def _install(new: Path, target: Path, identity: list[int]) -> None:
    """Put ``new`` at ``target`` in one rename; a no-op if a previous run already did."""
    if _identity(target) == identity or _identity(new) != identity:
        return
    if new.is_dir() and target.is_dir() and not target.is_symlink() and _exchange(new, target):
        return  # the old directory is now at ``new``, removed with the scratch
    if new.is_dir() or (target.is_dir() and not target.is_symlink()):
        # os.replace cannot put a directory over anything, nor a file over a directory
        aside = target.parent / OLD / target.name
        _remove(aside)
        aside.parent.mkdir(exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            os.rename(target, aside)
    os.replace(new, target)


def _identity(path: Path) -> list[int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return [info.st_dev, info.st_ino]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # old kernel or filesystem
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@functools.cache
def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # no such libc symbol (not glibc on Linux)
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, path)
    _fsync(path.parent)


def _fsync_tree(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            with open(os.path.join(folder, name), "rb") as file:
                os.fsync(file.fileno())
        _fsync(Path(folder))


def _fsync(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
