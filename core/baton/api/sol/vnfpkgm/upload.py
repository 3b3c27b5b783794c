"""The CSAR of a ``PUT package_content``, as a stream: ``application/zip`` or the file part
of a ``multipart/form-data`` body (what clients send), never read whole into memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import falcon
import falcon.media

__all__ = ["ZIP_TYPES", "CountingReader", "Upload", "open_upload"]

ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream")
MULTIPART = "multipart/form-data"


class CountingReader:
    """A binary reader that counts the bytes read through it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.stream.read(size)
        self.count += len(data)
        return data


class Upload:
    """The uploaded file: :attr:`stream` to read, then :meth:`finish` to check the body
    ended properly (a truncated body raises)."""

    def __init__(self, stream: CountingReader, *, expected: int | None,
                 parts: Iterator[Any] | None = None) -> None:
        self.stream = stream
        self.expected = expected
        self.parts = parts

    def finish(self) -> None:
        """Raise when the body was cut short (falcon's 400 for a broken multipart form)."""
        if self.parts is not None:
            for _part in self.parts:    # reads up to the closing boundary
                pass
        elif self.expected is not None and self.stream.count < self.expected:
            raise falcon.HTTPBadRequest(
                description=f"The upload was truncated: {self.stream.count} of "
                            f"{self.expected} bytes arrived.")


def _file_part(parts: Iterator[Any]) -> Any:
    for part in parts:
        if part.filename or part.content_type.split(";")[0].strip() in ZIP_TYPES:
            return part
    raise falcon.HTTPBadRequest(
        description="The multipart/form-data body has no file part holding the VNF package.")


def open_upload(req: falcon.Request) -> Upload:
    """The uploaded CSAR of ``req``; 415 for another content type."""
    ctype = (req.content_type or "").split(";", 1)[0].strip().lower()
    if ctype in ZIP_TYPES:
        return Upload(CountingReader(req.bounded_stream), expected=req.content_length)
    if ctype == MULTIPART:
        if req.content_length is None:
            raise falcon.HTTPLengthRequired(
                description="A multipart/form-data upload needs a Content-Length.")
        handler = falcon.media.MultipartFormHandler()
        form = handler.deserialize(req.bounded_stream, req.content_type or MULTIPART,
                                   req.content_length)
        parts = iter(form)
        stream: IO[bytes] = _file_part(parts).stream
        return Upload(CountingReader(stream), expected=None, parts=parts)
    raise falcon.HTTPUnsupportedMediaType(
        description=f"Content-Type {ctype or '(none)'} is not supported for a VNF package; "
                    f"send application/zip or multipart/form-data.")
