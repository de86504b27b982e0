"""Size limits and safe, in-memory reading of zip archives (never extracted to disk)."""

from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from geodata.messages import Message
from geodata.upload.report import UploadRejectedError

# One upload limit everywhere, in decimal megabytes (1 MB = 1,000,000 bytes): Streamlit's upload
# widget counts `server.maxUploadSize` that way in the browser (its server allows 1024 * 1024 per
# MB, more), so the widget, the reader and the CLI refuse above the same number of bytes.
# `.streamlit/config.toml` sets maxUploadSize to MAX_UPLOAD_MB (tests/dashboard/test_config.py).
BYTES_PER_MB = 1_000_000
MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * BYTES_PER_MB
# How every Dutch text states the limit: "50 MB (50.000.000 bytes)".
UPLOAD_LIMIT_TEXT = f"{MAX_UPLOAD_MB} MB ({MAX_UPLOAD_BYTES:,} bytes)".replace(",", ".")
MAX_UNCOMPRESSED_BYTES = 200 * BYTES_PER_MB
MAX_RATIO = 100
MAX_MEMBERS = 50
# Below this total, a high ratio is harmless (tiny text files compress extremely well).
RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
# Archive clutter added by macOS and Windows; listed but never read.
_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db")


# The cost budget of reading one table (CSV or one Excel sheet), checked while it is read so a
# file under the upload limit can never take minutes or gigabytes (issue 12).
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
MAX_SHEET_BYTES = 100 * BYTES_PER_MB
MAX_UNSIZED_SHEET_BYTES = 5 * BYTES_PER_MB
MAX_READ_SECONDS = 8.0
_CLOCK_EVERY = 1024


def _dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class ReadBudget:
    """Counts rows, columns and cells while a table is read and stops the read (an
    ``UploadRejectedError`` with a Dutch message naming the limit and what to do) as soon as one
    is exceeded, or when reading takes longer than ``seconds``."""

    filename: str
    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    max_cells: int = MAX_CELLS
    seconds: float = MAX_READ_SECONDS
    rows: int = 0
    cells: int = 0
    started: float = field(default_factory=time.monotonic)

    def add_row(self, width: int, line: int) -> None:
        """Count one record of ``width`` fields that starts on ``line``."""
        self.rows += 1
        self.cells += width
        if width > self.max_columns:
            raise self._refuse(
                f"Regel {line} heeft {_dutch(width)} kolommen; de grens is "
                f"{_dutch(self.max_columns)}. Verwijder lege of overbodige kolommen, of splits "
                "het bestand."
            )
        if self.rows > self.max_rows:
            raise self._refuse(
                f"Het bestand heeft meer dan {_dutch(self.max_rows)} rijen; dat is de grens. "
                "Splits het bestand of tel de rijen eerst op per gemeente of wijk."
            )
        if self.cells > self.max_cells:
            raise self._refuse(
                f"Het bestand heeft meer dan {_dutch(self.max_cells)} cellen (rijen x kolommen); "
                "dat is de grens. Verwijder lege of overbodige kolommen, of splits het bestand."
            )
        if self.rows % _CLOCK_EVERY == 0:
            self.check_time()

    def add_rows(self, widths: list[int], first_line: int) -> None:
        """Count consecutive one-line records of ``widths`` fields, the first on ``first_line``:
        the same limits and messages as :meth:`add_row` for each of them."""
        count, total = len(widths), sum(widths)
        if (
            self.rows + count > self.max_rows
            or self.cells + total > self.max_cells
            or max(widths, default=0) > self.max_columns
        ):
            for offset, width in enumerate(widths):  # one of them is over: say which
                self.add_row(width, first_line + offset)
            return
        clock = (self.rows + count) // _CLOCK_EVERY != self.rows // _CLOCK_EVERY
        self.rows += count
        self.cells += total
        if clock:
            self.check_time()

    def check_time(self) -> None:
        """Stop when reading has taken longer than the budget allows."""
        if time.monotonic() - self.started > self.seconds:
            raise self._refuse(
                f"Het lezen duurt langer dan {self.seconds:.0f} seconden; dat is de grens. "
                "Splits het bestand in kleinere delen."
            )

    def check_sheet_bytes(self, size: int, sheet: str, *, sized: bool = True) -> None:
        """Refuse an Excel sheet that unpacks to more than :data:`MAX_SHEET_BYTES`, or to more
        than :data:`MAX_UNSIZED_SHEET_BYTES` without its size (``<dimension>``) saved: the
        reader would parse the whole sheet just to learn its size, before any row is counted."""
        if size > MAX_SHEET_BYTES:
            raise self._refuse(
                f"Blad '{sheet}' pakt uit tot {_mb(size)}; de grens is {_mb(MAX_SHEET_BYTES)}. "
                "Splits het bestand of bewaar het blad als CSV."
            )
        if not sized and size > MAX_UNSIZED_SHEET_BYTES:
            raise self._refuse(
                f"Blad '{sheet}' pakt uit tot {_mb(size)} en vermeldt zijn afmetingen niet (het "
                "werd niet door Excel bewaard); de grens voor zo'n blad is "
                f"{_mb(MAX_UNSIZED_SHEET_BYTES)}. Open en bewaar het in Excel, of bewaar het als "
                "CSV."
            )

    def _refuse(self, text: str) -> UploadRejectedError:
        return UploadRejectedError(Message("error", text, file=self.filename))


def _mb(n: int) -> str:
    return f"{n / BYTES_PER_MB:.0f} MB"


def _mb1(n: int) -> str:
    """A size with one decimal, Dutch decimal comma: ``51,4 MB``."""
    return f"{n / BYTES_PER_MB:.1f} MB".replace(".", ",")


def _too_large(size: int, filename: str) -> UploadRejectedError:
    return UploadRejectedError(
        Message(
            "error",
            f"Het bestand is {_mb1(size)}; de grens is {UPLOAD_LIMIT_TEXT} per bestand. "
            "Verklein het bestand of splits het op.",
            file=filename,
        )
    )


def check_upload_size(data: bytes, *, filename: str) -> None:
    """Refuse uploads above :data:`MAX_UPLOAD_BYTES`."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(len(data), filename)


def read_user_file(path: Path) -> bytes:
    """The bytes of a user's file on disk, for every command that reads one (``check``, ``map``,
    ``export --inventory``): refused (``UploadRejectedError``) before it is read when it is above
    :data:`MAX_UPLOAD_BYTES`; the reading path then applies the same guards as an upload.
    ``OSError`` when it cannot be read."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise _too_large(size, path.name)
    with path.open("rb") as handle:
        data = handle.read(MAX_UPLOAD_BYTES + 1)  # the file may grow while it is read
    check_upload_size(data, filename=path.name)
    return data


def unsafe_member_reason(name: str) -> str | None:
    """Why an archive member name is refused, or None when it is safe."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or _DRIVE.match(normalised):
        return "absoluut pad"
    if ".." in normalised.split("/"):
        return "pad met '..' (buiten de map van het archief)"
    if "\x00" in normalised:
        return "ongeldig teken in de naam"
    return None


@dataclass(frozen=True)
class Archive:
    """The members of a zip archive, read into memory; names use '/' separators."""

    members: dict[str, bytes]
    ignored: tuple[str, ...] = ()

    def names(self) -> list[str]:
        """Member names in archive order."""
        return list(self.members)


def _refuse(filename: str, text: str) -> UploadRejectedError:
    return UploadRejectedError(Message("error", text, file=filename))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, filename: str) -> bytes:
    """Read one member, stopping as soon as the remaining uncompressed budget is exceeded."""
    out = io.BytesIO()
    with zf.open(info) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            if not chunk:
                break
            out.write(chunk)
            if out.tell() > budget:
                raise _refuse(
                    filename,
                    f"Het archief pakt uit tot meer dan {_mb(MAX_UNCOMPRESSED_BYTES)} "
                    f"(lid '{info.filename}'); dat is de grens. Mogelijk een zipbom.",
                )
    return out.getvalue()


def open_archive(data: bytes, *, filename: str) -> Archive:
    """Check and read a zip archive in memory.

    Refused (``UploadRejectedError``): more than :data:`MAX_MEMBERS` members, member names with
    ``..`` or an absolute path, more than :data:`MAX_UNCOMPRESSED_BYTES` uncompressed (declared or
    actual), a compression ratio above :data:`MAX_RATIO`, encrypted or damaged archives.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(
            filename, f"Het zip-archief is beschadigd en kan niet gelezen worden ({exc})."
        ) from exc
    with zf:
        files = _checked_members(zf, len(data), filename)
        members: dict[str, bytes] = {}
        ignored: list[str] = []
        total = 0
        for info in files:
            name = info.filename.replace("\\", "/")
            if any(part in name for part in _JUNK):
                ignored.append(name)
                continue
            if info.flag_bits & 0x1:
                raise _refuse(
                    filename, f"Lid '{name}' is versleuteld; dat kan niet gelezen worden."
                )
            try:
                content = _read_member(zf, info, MAX_UNCOMPRESSED_BYTES - total, filename)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise _refuse(
                    filename, f"Lid '{name}' van het archief is beschadigd ({exc})."
                ) from exc
            total += len(content)
            _check_totals(total, len(data), filename)
            members[name] = content
    return Archive(members=members, ignored=tuple(ignored))


def check_archive(data: bytes, *, filename: str) -> None:
    """Validate a zip (such as an .xlsx workbook) without reading its members: member count,
    names, declared uncompressed size and ratio. Python's zipfile never reads past a member's
    declared size, so later readers stay within these limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(filename, f"Het bestand is een beschadigd zip-archief ({exc}).") from exc
    with zf:
        _checked_members(zf, len(data), filename)


def _checked_members(zf: zipfile.ZipFile, compressed: int, filename: str) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(
            filename, f"Het archief bevat {len(infos)} bestanden; de grens is {MAX_MEMBERS}."
        )
    for info in infos:
        reason = unsafe_member_reason(info.filename)
        if reason:
            raise _refuse(
                filename,
                f"Het archief bevat een onveilige bestandsnaam '{info.filename}' ({reason}); "
                "het archief wordt niet gelezen.",
            )
    files = [i for i in infos if not i.is_dir()]
    _check_totals(sum(i.file_size for i in files), compressed, filename)
    return files


def _check_totals(uncompressed: int, compressed: int, filename: str) -> None:
    if uncompressed > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(
            filename,
            f"Het archief pakt uit tot {_mb(uncompressed)}; de grens is "
            f"{_mb(MAX_UNCOMPRESSED_BYTES)}.",
        )
    if uncompressed > RATIO_FLOOR_BYTES and uncompressed > MAX_RATIO * max(compressed, 1):
        raise _refuse(
            filename,
            f"Het archief is verdacht sterk gecomprimeerd (meer dan {MAX_RATIO}:1, "
            "mogelijk een zipbom); het wordt niet uitgepakt.",
        )


def member_basename(name: str) -> str:
    """Last path component of a member name."""
    return posixpath.basename(name)


__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_READ_SECONDS",
    "MAX_ROWS",
    "MAX_SHEET_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UNSIZED_SHEET_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "UPLOAD_LIMIT_TEXT",
    "Archive",
    "ReadBudget",
    "check_archive",
    "check_upload_size",
    "member_basename",
    "open_archive",
    "read_user_file",
    "unsafe_member_reason",
]
