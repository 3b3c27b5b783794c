"""The ``ipmi`` hardware type's interfaces, over IPMI 2.0 (RMCP+) through pyghmi.

``conf`` holds the ``[ipmi]`` options, ``info`` reads and checks a node's ``driver_info``,
``client`` owns the sessions (one per BMC, one request at a time, a deadline on each), and
``power``/``management`` are the interface implementations.
"""
