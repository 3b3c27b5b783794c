"""The limits that keep reading an untrusted VNF package bounded, from ``[vnf_package]``."""

from __future__ import annotations

import dataclasses

from oslo_config import cfg

__all__ = ["Limits"]


@dataclasses.dataclass(frozen=True)
class Limits:
    max_uncompressed_size: int = 4 * 1024 ** 3
    max_compression_ratio: float = 200.0
    max_files: int = 10000
    max_yaml_size: int = 4 * 1024 * 1024
    max_yaml_aliases: int = 100
    max_yaml_nodes: int = 1000000
    max_imports: int = 200
    #: Files smaller than this are never refused for their compression ratio.
    ratio_threshold: int = 1024 * 1024

    @classmethod
    def from_conf(cls, conf: cfg.ConfigOpts) -> Limits:
        group = conf.vnf_package
        return cls(max_uncompressed_size=group.max_uncompressed_size,
                   max_compression_ratio=group.max_compression_ratio,
                   max_files=group.max_files, max_yaml_size=group.max_yaml_size,
                   max_yaml_aliases=group.max_yaml_aliases,
                   max_yaml_nodes=group.max_yaml_nodes, max_imports=group.max_imports)
