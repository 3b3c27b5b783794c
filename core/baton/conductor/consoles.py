"""Serial consoles across conductor restarts.

A console is a process-local thing (a listening socket bridged to the BMC), while
``console_enabled`` is in the database. So when a conductor starts, it opens again the
consoles of the nodes it serves whose console is enabled, as Ironic's conductor does; when
it stops, it closes them, so that their ports are free for whichever conductor comes next.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase

__all__ = ["ConsolesMixin"]

LOG = logging.getLogger(__name__)

_COLUMNS = ("id", "uuid", "driver", "conductor_group", "console_enabled")


class ConsolesMixin(ManagerBase):
    """``restore_consoles`` at start, ``close_consoles`` at stop (not over RPC)."""

    def _enabled_consoles(self, owns: Callable[[Mapping[str, Any]], bool]) -> list[str]:
        rows = self.nodes.list(filters={"console_enabled": True}, columns=_COLUMNS)
        return [row["uuid"] for row in rows if owns(row)]

    def restore_consoles(self, owns: Callable[[Mapping[str, Any]], bool]) -> int:
        """Open the consoles of the enabled nodes ``owns`` says are this conductor's.

        A console that can't be opened is marked disabled, with ``last_error`` saying why;
        a node locked by other work is left for its next console request. Answers how many
        consoles were opened.
        """
        opened = 0
        for uuid in self._enabled_consoles(owns):
            try:
                with self.tasks.acquire(uuid, purpose="restoring console") as task:
                    try:
                        task.driver.console.start_console(task.node_info)
                    except Exception as exc:
                        message = (f"Failed to start console while taking over node "
                                   f"{uuid}: {exc}")
                        LOG.error(message)
                        task.record_history(message, event_type="console", error=True)
                        task.update(console_enabled=False, last_error=message)
                    else:
                        opened += 1
            except (errors.NodeLocked, errors.NodeNotFound) as exc:
                LOG.info("Console of node %s not restored: %s", uuid, exc)
        if opened:
            LOG.info("Restored %d node console(s)", opened)
        return opened

    def close_consoles(self, owns: Callable[[Mapping[str, Any]], bool]) -> int:
        """Close (without disabling) the consoles this conductor has open; answers how many."""
        closed = 0
        for uuid in self._enabled_consoles(owns):
            try:
                with self.tasks.acquire(uuid, shared=True, purpose="closing console") as task:
                    task.driver.console.stop_console(task.node_info)
                    closed += 1
            except Exception as exc:  # stopping must go on for the other nodes
                LOG.warning("Could not close the console of node %s: %s", uuid, exc)
        return closed
