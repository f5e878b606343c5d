"""Reading inputs into RawPages: files, gzip files and stdin, with size caps."""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .records import RawPage
from .settings import Options

GZIP_MAGIC = b"\x1f\x8b"


def read_input(source: str, options: Options, stdin: BinaryIO | None = None) -> RawPage:
    """Read one path (or "-" for stdin) into a RawPage, or raise InputError."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = _read_capped(stream, options.max_bytes, source)
        ref, ref_from = _reference(options, None)
    else:
        path = Path(source)
        if not path.exists():
            raise InputError("no such file", source=source)
        if path.is_dir():
            raise InputError("is a directory; give the page files inside it", source=source)
        try:
            size = path.stat().st_size
            if size > options.max_bytes:
                raise InputError(
                    f"file is {_mb(size)}, over the max_bytes limit of {_mb(options.max_bytes)}",
                    source=source,
                )
            with path.open("rb") as handle:
                data = _read_capped(handle, options.max_bytes, source)
            mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        except PermissionError as exc:
            raise InputError("permission denied", source=source) from exc
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from exc
        ref, ref_from = _reference(options, mtime)
    if data.startswith(GZIP_MAGIC):
        data = gunzip_capped(data, options.max_bytes, source)
    return RawPage(source=source, data=data, reference_time=ref, reference_from=ref_from, url=options.url)


def gunzip_capped(data: bytes, limit: int, source: str) -> bytes:
    """Decompress gzip data, refusing output larger than limit (a gzip bomb)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"broken gzip data ({exc})", source=source) from exc
    if len(out) > limit:
        raise InputError(f"decompresses to over the max_bytes limit of {_mb(limit)}", source=source)
    return out


def _read_capped(stream: BinaryIO, limit: int, source: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"input is over the max_bytes limit of {_mb(limit)}", source=source)
    return data


def _reference(options: Options, mtime: datetime | None) -> tuple[datetime | None, str | None]:
    if options.fetched_at is not None:
        return options.fetched_at, "fetched-at option"
    if mtime is not None:
        return mtime, "file modification time"
    return None, None


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n} bytes"


def parse_time(value: str) -> datetime:
    """Parse an ISO date or datetime given by a user; naive times are taken as UTC."""
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"not an ISO date or time: {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment
