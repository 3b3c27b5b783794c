"""Console entry points (oslo.service services); logging is set up only here.

Baton runs on plain threads (oslo.service's threading backend) and never uses eventlet.
futurist, however, imports eventlet whenever it is installed (oslo.service depends on it),
which costs a third of a second at start and several MiB for the life of the process, and
makes eventlet print a deprecation warning. Marking the module absent before anything
imports futurist keeps it out: ``import eventlet`` then fails fast, and futurist takes
that as "not available", as it does on a machine without it.
"""

import sys

if "eventlet" not in sys.modules:
    sys.modules["eventlet"] = None  # type: ignore[assignment]
