"""VNF package stores (entry-point namespace ``baton.nfv.package_store``)."""
