"""ETSI NFV-SOL005 VNF package management, ``/vnfpkgm/v1``, Tacker-compatible."""
