"""Writing files so that a failure leaves nothing behind: the one atomic-write helper.

Every file the product writes (saved uploads, ``map`` HTML, ``check --output``, exports, the store
build, caches) goes through :func:`atomic_path` or the small wrappers on top of it: the content is
written to a unique temporary name in the target's folder, flushed to disk (``fsync``) and only
then renamed over the target. When anything fails (a full disk, a read-only folder, no write
permission) the temporary file is removed, the target is untouched and :class:`WriteError` carries
a Dutch sentence that says what to free or which folder to make writable.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

# Below this much free space a failed write is blamed on a full disk.
FULL_DISK_BYTES = 1024 * 1024
_NAME_ATTEMPTS = 32
_ERRNO_KINDS = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EROFS: "read-only",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
}


class WriteError(OSError):
    """A file could not be written; ``str()`` (and ``strerror``) is a Dutch sentence saying what
    to do."""

    def __str__(self) -> str:
        return str(self.strerror)


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{size / 1024:.0f} kB"


def _free_bytes(folder: Path) -> int | None:
    try:
        stat = os.statvfs(folder)
    except OSError:
        return None
    return stat.f_bavail * stat.f_frsize


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _existing_folder(folder: Path) -> Path | None:
    """The folder, or its nearest existing ancestor when ``folder`` does not exist."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return None


def _kind(folder: Path, code: int | None, existing: Path | None) -> str | None:
    """'full', 'read-only', 'permission', 'missing', 'other' or None (not a write problem)."""
    if code is not None:
        if code == errno.ENOENT and not folder.is_dir():
            return "missing"
        return _ERRNO_KINDS.get(code, "other")
    if existing is None:
        return "missing"
    free = _free_bytes(existing)
    checks = (
        ("read-only", _read_only_mount(existing)),
        ("permission", not os.access(existing, os.W_OK | os.X_OK)),
        ("full", free is not None and free < FULL_DISK_BYTES),
    )
    return next((kind for kind, found in checks if found), None)


def write_problem(target: Path, error: BaseException | None = None) -> str | None:
    """Why ``target`` could not be written, as a Dutch sentence with what to do; None when the
    folder looks writable and has room (then the failure was not about writing).

    ``error`` is the exception the writer raised: its ``errno`` decides when there is one,
    otherwise the folder is inspected (read-only mount, permissions, free space).
    """
    folder = Path(target).parent
    name = Path(target).name
    code = error.errno if isinstance(error, OSError) else None
    existing = _existing_folder(folder)
    kind = _kind(folder, code, existing)
    if kind is None:
        return None
    where = existing or folder
    nothing = "Er is niets weggeschreven."
    free = _free_bytes(where)
    left = f" (nog {_size_text(free)} vrij)" if free is not None else ""
    messages = {
        "full": f"De schijf is vol: '{name}' kon niet geschreven worden in de map {folder}{left}. "
        f"Maak ruimte vrij op die schijf of kies een andere map, en probeer opnieuw. {nothing}",
        "read-only": f"De map {where} staat op een alleen-lezen schijf: '{name}' kon niet "
        f"geschreven worden. Kies een schrijfbare map of koppel de schijf schrijfbaar. {nothing}",
        "permission": f"Geen schrijfrechten in de map {where}: '{name}' kon niet geschreven "
        f"worden. Maak de map schrijfbaar (bv. 'chmod u+w') of kies een andere map. {nothing}",
        "missing": f"De map {folder} bestaat niet: maak ze eerst aan. '{name}' is niet geschreven.",
        "other": f"'{target}' kon niet geschreven worden "
        f"({os.strerror(code) if code else error}). {nothing}",
    }
    return messages[kind]


def write_error(target: Path, error: BaseException) -> WriteError | None:
    """A :class:`WriteError` for ``error`` raised while writing ``target``; None when the error
    is not a write problem (see :func:`write_problem`)."""
    problem = write_problem(target, error)
    if problem is None:
        return None
    code = error.errno if isinstance(error, OSError) and error.errno else errno.EIO
    return WriteError(code, problem)


def temporary_name(target: Path) -> Path:
    """A unique hidden name next to ``target`` that keeps its suffix (GDAL reads it)."""
    target = Path(target)
    return target.with_name(f".{target.stem}.{secrets.token_hex(4)}.part{target.suffix}")


def _fsync(path: Path, *, directory: bool = False) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if directory else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _place(tmp: Path, target: Path, *, exclusive: bool) -> None:
    if not exclusive:
        tmp.replace(target)
        return
    try:
        os.link(tmp, target)  # fails when target exists: never overwrites
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: reserve the name, then replace it
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
        tmp.replace(target)
        return
    tmp.unlink()


def _clean(path: Path) -> None:
    for leftover in (
        path,
        path.with_name(path.name + "-journal"),
        path.with_name(path.name + "-wal"),
    ):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(target: Path, *, exclusive: bool = False) -> Iterator[Path]:
    """A temporary path next to ``target`` for a writer that needs a path (``to_csv``, GDAL).

    When the block ends normally, the file written there is flushed and renamed to ``target``
    (``exclusive=True``: only when ``target`` does not exist yet, else ``FileExistsError`` and
    nothing is left). When the block or the rename fails, the temporary file is removed and a
    write problem becomes :class:`WriteError` (other errors are raised unchanged).
    """
    target = Path(target)
    tmp = temporary_name(target)
    try:
        yield tmp
        _fsync(tmp)
        _place(tmp, target, exclusive=exclusive)
    except FileExistsError:
        _clean(tmp)
        raise
    except Exception as error:
        translated = None if isinstance(error, WriteError) else write_error(target, error)
        _clean(tmp)
        if translated is not None:
            raise translated from error
        raise
    except BaseException:  # interrupted: leave nothing behind
        _clean(tmp)
        raise
    with contextlib.suppress(OSError):
        _fsync(target.parent, directory=True)


def write_bytes(target: Path, data: bytes, *, exclusive: bool = False) -> Path:
    """Write ``data`` to ``target`` atomically (see :func:`atomic_path`); returns ``target``."""
    with atomic_path(target, exclusive=exclusive) as tmp, tmp.open("xb") as handle:
        handle.write(data)
    return Path(target)


def write_text(target: Path, text: str, *, exclusive: bool = False) -> Path:
    """Write ``text`` as UTF-8 to ``target`` atomically; returns ``target``."""
    return write_bytes(target, text.encode("utf-8"), exclusive=exclusive)


def write_new(directory: Path, name: Callable[[], str], data: bytes) -> Path:
    """Write ``data`` under a new name in ``directory`` (created when missing); never overwrites.

    ``name`` is called for each attempt and should add something random: when the name exists
    already (another save in the same second), the next name is tried.
    """
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        translated = write_error(directory / name(), error)
        if translated is None:
            raise
        raise translated from error
    for _ in range(_NAME_ATTEMPTS):
        target = directory / name()
        try:
            return write_bytes(target, data, exclusive=True)
        except FileExistsError:
            continue
    raise WriteError(errno.EEXIST, f"Geen vrije bestandsnaam gevonden in de map {directory}.")


__all__ = [
    "WriteError",
    "atomic_path",
    "temporary_name",
    "write_bytes",
    "write_error",
    "write_new",
    "write_problem",
    "write_text",
]
