"""Public test helpers for Baton and for third-party driver authors.

``baton.testing.contract``: contract test base classes to subclass per implementation.
``baton.testing.distributions``: a throw-away installed distribution with entry points.
``baton.testing.fixtures``: :func:`make_test_conf`, :func:`make_registry` and pytest fixtures
(``pytest_plugins = ["baton.testing.fixtures"]``). :func:`make_node_info` builds the node
snapshot a driver receives.
"""

from __future__ import annotations

from baton.testing.fixtures import make_registry, make_test_conf
from baton.testing.nodes import make_node_info

__all__ = ["make_node_info", "make_registry", "make_test_conf"]
