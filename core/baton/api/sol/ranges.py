"""Sending files with HTTP range support (RFC 9110 14), as SOL005 asks of package content
and artifacts.

``Range: bytes=a-b``, ``bytes=a-`` and ``bytes=-n`` (the last n bytes) answer 206 with
``Content-Range``; a range starting past the end answers 416 with ``Content-Range:
bytes */size``. A header this server does not use (another unit, several ranges, bad
syntax) is ignored as RFC 9110 allows: the whole content answers 200. Every answer says
``Accept-Ranges: bytes``. Content is streamed from the (seekable) file, never read whole.
"""

from __future__ import annotations

import re
from typing import IO

import falcon

__all__ = ["parse_range", "send_file"]

_RANGE_RE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.I)


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive byte range ``header`` asks of ``size`` bytes; None for all of them.

    Raises ``falcon.HTTPRangeNotSatisfiable`` when the range lies outside the content.
    """
    if not header:
        return None
    match = _RANGE_RE.match(header)
    if match is None:
        return None
    first, last = match.group(1), match.group(2)
    if not first:
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise _unsatisfiable(size)
        return max(0, size - suffix), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise _unsatisfiable(size)
    end = int(last) if last else size - 1
    return start, min(end, size - 1)


def _unsatisfiable(size: int) -> falcon.HTTPRangeNotSatisfiable:
    return falcon.HTTPRangeNotSatisfiable(
        size, description=f"The requested range is not satisfiable: the content has "
                          f"{size} bytes.")


class _Window:
    """Reads ``length`` bytes of ``fp`` from its current position, then EOF."""

    def __init__(self, fp: IO[bytes], length: int) -> None:
        self.fp = fp
        self.left = length

    def read(self, size: int | None = -1, /) -> bytes:
        if self.left <= 0:
            return b""
        if size is None or size < 0 or size > self.left:
            size = self.left
        data = self.fp.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.fp.close()


def send_file(req: falcon.Request, resp: falcon.Response, fp: IO[bytes], size: int,
              content_type: str) -> None:
    """Answer the content of ``fp`` (``size`` bytes, seekable), or the range asked of it.

    ``fp`` is closed once sent (or at once when the answer is an error).
    """
    try:
        wanted = parse_range(req.get_header("Range"), size)
    except falcon.HTTPError:
        fp.close()
        raise
    resp.content_type = content_type
    resp.set_header("Accept-Ranges", "bytes")
    if wanted is None:
        resp.status = falcon.HTTP_200
        resp.set_stream(fp, size)
        return
    start, end = wanted
    fp.seek(start)
    length = end - start + 1
    resp.status = falcon.HTTP_206
    resp.set_header("Content-Range", f"bytes {start}-{end}/{size}")
    resp.set_stream(_Window(fp, length), length)
