"""[conductor] options: workers, locks, heartbeats and periodic tasks."""

from __future__ import annotations

from oslo_config import cfg

GROUP = cfg.OptGroup("conductor", title="Conductor")

opts: list[cfg.Opt] = [
    cfg.IntOpt("workers_pool_size", default=100, min=3,
               help="Threads running background work (power changes, deploys, ...)."),
    cfg.IntOpt("workers_queue_size", default=0, min=0,
               help="Work items that may wait for a free worker before requests get "
                    "NoFreeConductorWorker (HTTP 503); 0 means as many as workers_pool_size."),
    cfg.IntOpt("heartbeat_interval", default=10, min=1,
               help="Seconds between a conductor's heartbeats."),
    cfg.IntOpt("heartbeat_timeout", default=60, min=2,
               help="Seconds without a heartbeat after which a conductor counts as dead and "
                    "leaves the hash ring."),
    cfg.IntOpt("sync_power_state_interval", default=60,
               help="Seconds between power state syncs; 0 or less disables them."),
    cfg.IntOpt("sync_power_state_workers", default=8, min=1,
               help="Nodes whose power state is synced in parallel."),
    cfg.FloatOpt("sync_power_state_slow_threshold", default=1.0, min=0.1,
                 help="Seconds a power state read may take in the sync before the sync "
                      "thread lets go of the node for the others; the read goes on in a "
                      "thread of its own, within its driver's timeout, and the node's sync "
                      "finishes when it answers."),
    cfg.IntOpt("power_state_sync_max_retries", default=3, min=1,
               help="Failed syncs in a row after which a node goes to maintenance with a fault."),
    cfg.BoolOpt("force_power_state_during_sync", default=True,
                help="When the hardware's power state differs from the recorded one, set the "
                     "hardware back to the recorded state (else record the hardware's)."),
    cfg.IntOpt("node_locked_retry_attempts", default=3, min=0,
               help="Times to retry taking a busy node lock before answering NodeLocked."),
    cfg.FloatOpt("node_locked_retry_interval", default=1.0, min=0,
                 help="Seconds between those retries."),
    cfg.IntOpt("operation_lease_duration", default=60, min=5,
               help="Seconds an operation's lease lasts; its owner renews it at each "
                    "heartbeat. An expired lease lets a live conductor take the work over."),
    cfg.IntOpt("check_lease_interval", default=15, min=1,
               help="Seconds between checks for operations whose lease expired."),
    cfg.FloatOpt("hash_ring_reset_interval", default=15.0, min=0,
                 help="Seconds a cached hash ring is trusted before it is rebuilt."),
    cfg.IntOpt("hash_partition_exponent", default=5, min=1,
               help="2**exponent partitions per conductor on the hash ring."),
    cfg.BoolOpt("automated_clean", default=True,
                help="Clean nodes automatically on provide and after tear down."),
    cfg.IntOpt("graceful_shutdown_timeout", default=60, min=0,
               help="Seconds a stopping conductor waits for running work to end."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    # A fresh OptGroup per ConfigOpts: oslo.config keeps overrides on the group object.
    conf.register_group(cfg.OptGroup(GROUP.name, title=GROUP.title, help=GROUP.help))
    conf.register_opts(opts, group=GROUP.name)
