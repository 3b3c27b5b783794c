"""The ``redfish`` hardware type's interfaces, through DMTF's ``redfish`` library.

``conf`` holds the ``[redfish]`` options, ``info`` reads and checks a node's ``driver_info``,
``client`` owns the connections (session auth with a fall back to HTTP Basic, connect and
read timeouts, one request at a time per BMC), and ``power``, ``management`` and ``boot``
are the interface implementations.
"""
