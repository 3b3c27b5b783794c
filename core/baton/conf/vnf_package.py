"""[vnf_package] options: VNF package storage and the limits that keep onboarding safe."""

from __future__ import annotations

from oslo_config import cfg

GROUP = cfg.OptGroup("vnf_package", title="VNF packages (ETSI NFV-SOL004/SOL005)")

_GIB = 1024 ** 3

opts: list[cfg.Opt] = [
    cfg.StrOpt("package_store", default="local",
               help="Where VNF packages are stored: an entry point in the namespace "
                    "baton.nfv.package_store ('local': a directory every conductor can read, "
                    "see [package_store_local])."),
    cfg.IntOpt("max_upload_size", default=_GIB, min=1,
               help="Largest VNF package (CSAR) accepted, in bytes, by upload or from a URI."),
    cfg.IntOpt("max_uncompressed_size", default=4 * _GIB, min=1,
               help="Largest total size of the files inside a VNF package once "
                    "uncompressed, in bytes (zip bomb guard)."),
    cfg.FloatOpt("max_compression_ratio", default=200.0, min=1.0,
                 help="Largest compression ratio (uncompressed / compressed size) accepted "
                      "for any file of a VNF package larger than 1 MiB (zip bomb guard)."),
    cfg.IntOpt("max_files", default=10000, min=1,
               help="Most files (zip entries) a VNF package may hold."),
    cfg.IntOpt("max_yaml_size", default=4 * 1024 * 1024, min=1024,
               help="Largest YAML file (VNFD, TOSCA definitions) read from a package, in "
                    "bytes."),
    cfg.IntOpt("max_yaml_aliases", default=100, min=0,
               help="Most YAML aliases (*name) one YAML file may use (YAML bomb guard)."),
    cfg.IntOpt("max_yaml_nodes", default=1000000, min=100,
               help="Most YAML nodes one YAML file may expand to, aliases followed (YAML bomb "
                    "guard)."),
    cfg.IntOpt("max_imports", default=200, min=1,
               help="Most TOSCA definition files one VNFD may import, directly or not."),
    cfg.IntOpt("upload_from_uri_timeout", default=60, min=1,
               help="Seconds an upload_from_uri fetch may take, in all."),
    cfg.IntOpt("upload_from_uri_max_size", default=0, min=0,
               help="Largest VNF package fetched by upload_from_uri, in bytes; 0 means "
                    "max_upload_size."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    # A fresh OptGroup per ConfigOpts: oslo.config keeps overrides on the group object.
    conf.register_group(cfg.OptGroup(GROUP.name, title=GROUP.title, help=GROUP.help))
    conf.register_opts(opts, group=GROUP.name)
