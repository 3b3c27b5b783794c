"""VNF lifecycle management (ETSI NFV-SOL003 v3.3.1, Tacker v2 compatible).

- :mod:`.mixin`: the conductor's RPC methods and the takeover of occurrences;
- :mod:`.catalog`: operations, the state each needs, their steps, what rollbacks restore;
- :mod:`.runner`: runs an occurrence's steps; :mod:`.transitions`: each state change with
  its notification, in one transaction;
- :mod:`.plan`, :mod:`.sizing`, :mod:`.changes`, :mod:`.modify`, :mod:`.grants`: what an
  operation changes, VNFC counts, resourceChanges, modifications, grants.
"""
