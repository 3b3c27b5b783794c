"""The SOL APIs Baton serves, and their versions (a light module: no resources here)."""

from __future__ import annotations

from baton.api.sol.versions import SolApi

__all__ = ["APIS", "PREFIXES", "VNFLCM", "VNFPKGM"]

#: VNF package management as SOL005 v2.6.1 defines it (Tacker's vnfpkgm v1, whose clients
#: send no Version header: it is optional here).
VNFPKGM = SolApi("vnfpkgm", "v1", ("1.3.0",), require_version=False)

#: VNF lifecycle management as SOL002/SOL003 v3.3.1 define it, Tacker's vnflcm v2: the
#: ``Version`` header is required on every request but ``api_versions``.
VNFLCM = SolApi("vnflcm", "v2", ("2.0.0",), require_version=True)

APIS: tuple[SolApi, ...] = (VNFPKGM, VNFLCM)

#: Every path under these is a SOL API's (errors as ProblemDetails).
PREFIXES = tuple(dict.fromkeys(f"/{api.name}" for api in APIS))
