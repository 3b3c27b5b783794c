"""What the vnflcm resources are given: configuration, the conductor RPC client, the
repositories they read and the subscription service they write subscriptions through.

The seams are typed as protocols: the API needs only these methods of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from oslo_config import cfg

from baton.db.engine import Database

__all__ = ["ListSource", "SubscriptionSource", "VnflcmDeps"]


class ListSource(Protocol):
    """A repository of records with API ids (VNF instances, LCM operation occurrences)."""

    def get(self, ident: str) -> dict[str, Any]: ...

    def list(self, *, filters: Mapping[str, Any] | None = None, limit: int | None = None,
             marker: str | None = None) -> Sequence[dict[str, Any]]: ...


class SubscriptionSource(Protocol):
    """The subscription service (creation tests the callback and finds duplicates)."""

    def create(self, request: Mapping[str, Any]) -> tuple[dict[str, Any], bool]: ...

    def get(self, subscription_id: str) -> dict[str, Any]: ...

    def list(self, *, limit: int | None = None,
             marker: str | None = None) -> Sequence[dict[str, Any]]: ...

    def delete(self, subscription_id: str) -> None: ...


@dataclass
class VnflcmDeps:
    conf: cfg.ConfigOpts
    rpc: Any
    instances: ListSource
    op_occs: ListSource
    subscriptions: SubscriptionSource
    #: The database (reads for checks at the edge).
    db: Database
    #: Items per page of a list (0: no paging).
    page_size: int
