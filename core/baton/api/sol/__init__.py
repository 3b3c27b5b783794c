"""The ETSI NFV SOL APIs (SOL005 vnfpkgm, later SOL002/003 vnflcm) and what they share:
ProblemDetails errors, the ``Version`` header, SOL013 filters, attribute selectors,
paging and ranges."""
