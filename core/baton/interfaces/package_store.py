"""Where onboarded VNF packages (CSARs) are kept: the ``package_store`` NFV family.

Content is addressed by its SHA-256 (lowercase hex), so a CSAR uploaded twice is stored
once and every conductor sharing the store reads the same bytes. Implementations come from
the entry-point namespace ``baton.nfv.package_store`` (``local``: a directory); an object
store is another implementation of this ABC.
"""

from __future__ import annotations

import abc
import re
from typing import BinaryIO, ClassVar

from oslo_config import cfg

from baton.interfaces.nfv import NfvDriver

__all__ = ["CONTENT_REF_RE", "PackageStore"]

#: A content reference: the SHA-256 of the content, 64 lowercase hex digits.
CONTENT_REF_RE = re.compile(r"[0-9a-f]{64}")


class PackageStore(NfvDriver):
    """Content-addressed storage of VNF package files.

    :param conf: the service configuration; implementations register and read their own
        option group in ``__init__`` (or a ``register_opts(conf)`` classmethod).
    """

    family: ClassVar[str] = "package_store"

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        self.conf = conf

    @abc.abstractmethod
    def put(self, stream: BinaryIO, *, max_size: int | None = None) -> str:
        """Store everything ``stream`` yields; answer its content reference (SHA-256 hex).

        Writing is atomic: a reader never sees part of it, and when reading ``stream``
        fails, or it holds more than ``max_size`` bytes
        (:class:`baton.errors.PackageTooLarge`), nothing is kept.
        """

    @abc.abstractmethod
    def open(self, ref: str) -> BinaryIO:
        """The content ``ref`` as a seekable binary file (the caller closes it).

        :raises baton.errors.NotFound: nothing is stored under ``ref``.
        """

    @abc.abstractmethod
    def size(self, ref: str) -> int:
        """The length in bytes of content ``ref`` (NotFound when absent)."""

    @abc.abstractmethod
    def exists(self, ref: str) -> bool:
        """Whether content ``ref`` is stored."""

    @abc.abstractmethod
    def delete(self, ref: str) -> None:
        """Forget content ``ref``; nothing happens when it is absent."""
