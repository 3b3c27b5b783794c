"""ETSI NFV-SOL003/SOL002 VNF lifecycle management, ``/vnflcm/v2``, Tacker v2-compatible."""
